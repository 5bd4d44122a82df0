package lsp

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/lspilot/lspilot/inference/privacy"
)

// Config is lspilot's configuration. It is assembled from layers, each
// overriding the one before: built-in defaults, the config file, the client's
// initializationOptions, and workspace/didChangeConfiguration. Keys are the
// same in TOML and JSON; every key is documented in the README.
type Config struct {
	Server     ServerConfig      `json:"server"`
	Backends   []BackendSettings `json:"backends"`
	Completion CompletionConfig  `json:"completion"`
	FIM        FIMConfig         `json:"fim"`
	Hover      HoverConfig       `json:"hover"`
	Actions    ActionsConfig     `json:"codeActions"`
	Scheduler  SchedulerConfig   `json:"scheduler"`
	Privacy    PrivacyConfig     `json:"privacy"`
}

// SchedulerConfig tunes the scheduler in front of each backend.
type SchedulerConfig struct {
	// QueueLimit bounds the requests waiting for a backend; more are
	// refused at once.
	QueueLimit int `json:"queueLimit"`
	// CacheTTLSeconds is how long a finished answer serves identical
	// requests; 0 turns the response cache off.
	CacheTTLSeconds int `json:"cacheTtlSeconds"`
	// BatchWindowMs gathers requests into one prompt batch for backends
	// that take them; 0 turns micro-batching off.
	BatchWindowMs int `json:"batchWindowMs"`
}

// HoverConfig tunes AI hover. Editors send hover when the mouse rests, so
// it must be cheap when unwanted.
type HoverConfig struct {
	// Enabled turns AI hover on.
	Enabled bool `json:"enabled"`
	// MinDelayMs is the least time between two model calls of a session;
	// hovers that come sooner get no answer.
	MinDelayMs int `json:"minDelayMs"`
	// DeadlineMs bounds a hover: after it, what has streamed is returned,
	// marked as cut.
	DeadlineMs int `json:"deadlineMs"`
	// SelectionOnly limits hover to the editor's selection: a hover outside
	// the selected text gets no answer.
	SelectionOnly bool `json:"selectionOnly"`
}

// ActionsConfig tunes AI code actions.
type ActionsConfig struct {
	// Enabled offers the AI code actions.
	Enabled bool `json:"enabled"`
	// MaxFileBytes bounds a file a code action may create or read.
	MaxFileBytes int `json:"maxFileBytes"`
	// TimeoutMs bounds one code action's generation; when it passes the
	// user is told and nothing is applied.
	TimeoutMs int `json:"timeoutMs"`
}

// ServerConfig configures the connection.
type ServerConfig struct {
	// MaxMessageBytes is the largest message the server reads; larger ones are
	// skipped unread and answered with an error.
	MaxMessageBytes int64 `json:"maxMessageBytes"`
}

// CompletionConfig tunes inline completion. Zero values take the engine's
// defaults.
type CompletionConfig struct {
	// Enabled turns completion on; with it off, requests get empty lists.
	Enabled bool `json:"enabled"`
	// MaxTokens bounds a single-line suggestion; MaxTokensMultiline a block.
	MaxTokens          int `json:"maxTokens"`
	MaxTokensMultiline int `json:"maxTokensMultiline"`
	// DebounceMs is the wait before an automatic request reaches the
	// backend until the user's typing rhythm is learned.
	DebounceMs int `json:"debounceMs"`
	// TimeBudgetMs bounds generation time once text flows.
	TimeBudgetMs int `json:"timeBudgetMs"`
	// Temperature is the sampling temperature; 0 is greedy.
	Temperature float64 `json:"temperature"`
	// PrefixTokens, SuffixTokens and ExtraTokens are the prompt budgets:
	// lines before and after the cursor, and context from other files.
	PrefixTokens int `json:"prefixTokens"`
	SuffixTokens int `json:"suffixTokens"`
	ExtraTokens  int `json:"extraTokens"`
	// NumCtx fixes the backend's context window (Ollama num_ctx).
	NumCtx int `json:"numCtx"`
	// Warmup sends the prompt of the next keystroke to be cached while the
	// user is idle and its context changed.
	Warmup bool `json:"warmup"`
}

// FIMConfig chooses the fill-in-the-middle prompt format.
type FIMConfig struct {
	// Template is "auto" (detect from the model), a family name
	// (qwen2.5-coder, deepseek-coder, starcoder2, codellama, codestral,
	// codegemma, chat), or a custom template with placeholders.
	Template string `json:"template"`
}

// DefaultConfig returns the built-in defaults.
func DefaultConfig() Config {
	return Config{
		Server:     ServerConfig{MaxMessageBytes: DefaultMaxMessageBytes},
		Completion: CompletionConfig{Enabled: true, Warmup: true},
		FIM:        FIMConfig{Template: "auto"},
		Hover:      HoverConfig{Enabled: true, MinDelayMs: 250, DeadlineMs: 3000},
		Actions:    ActionsConfig{Enabled: true, MaxFileBytes: 1 << 20, TimeoutMs: DefaultActionTimeoutMs},
		Scheduler:  SchedulerConfig{QueueLimit: 64, CacheTTLSeconds: 300},
	}
}

// KeyError is an invalid configuration value, named by its dotted key.
type KeyError struct {
	Key string
	Err error

	// path is the key's members when decoding found it, so that a member
	// whose name holds a dot is dropped whole; nil for keys named by hand.
	path []string
}

func (e *KeyError) Error() string { return e.Key + ": " + e.Err.Error() }
func (e *KeyError) Unwrap() error { return e.Err }

// validate checks values that decode but make no sense.
func (c *Config) validate() []*KeyError {
	var errs []*KeyError
	if c.Server.MaxMessageBytes < 1<<10 {
		errs = append(errs, &KeyError{Key: "server.maxMessageBytes", Err: fmt.Errorf("%d is below the minimum of 1024", c.Server.MaxMessageBytes)})
	}
	for _, f := range []struct {
		key string
		v   int
	}{
		{"completion.maxTokens", c.Completion.MaxTokens}, {"completion.maxTokensMultiline", c.Completion.MaxTokensMultiline},
		{"completion.debounceMs", c.Completion.DebounceMs}, {"completion.timeBudgetMs", c.Completion.TimeBudgetMs},
		{"completion.prefixTokens", c.Completion.PrefixTokens}, {"completion.suffixTokens", c.Completion.SuffixTokens},
		{"completion.extraTokens", c.Completion.ExtraTokens}, {"completion.numCtx", c.Completion.NumCtx},
		{"hover.minDelayMs", c.Hover.MinDelayMs}, {"hover.deadlineMs", c.Hover.DeadlineMs},
		{"codeActions.maxFileBytes", c.Actions.MaxFileBytes},
		{"scheduler.queueLimit", c.Scheduler.QueueLimit}, {"scheduler.cacheTtlSeconds", c.Scheduler.CacheTTLSeconds},
		{"scheduler.batchWindowMs", c.Scheduler.BatchWindowMs},
	} {
		if f.v < 0 {
			errs = append(errs, &KeyError{Key: f.key, Err: fmt.Errorf("%d is negative", f.v)})
		}
	}
	if c.Actions.TimeoutMs <= 0 {
		errs = append(errs, &KeyError{Key: "codeActions.timeoutMs", Err: fmt.Errorf("%d is not positive", c.Actions.TimeoutMs)})
	}
	if t := c.Completion.Temperature; t < 0 || t > 2 {
		errs = append(errs, &KeyError{Key: "completion.temperature", Err: fmt.Errorf("%g is outside [0, 2]", t)})
	}
	errs = append(errs, c.Privacy.validate()...)
	return append(errs, validateBackends(c.Backends)...)
}

// layer is one source of configuration, as a JSON-shaped tree.
type layer = map[string]any

// Layer indexes, from lowest to highest precedence.
const (
	layerFile = iota
	layerInit
	layerClient
	numLayers
)

// configStore holds the configuration layers and the effective result.
type configStore struct {
	mu      sync.Mutex
	layers  [numLayers]layer // guarded by mu
	cur     Config           // guarded by mu
	private *privacy.Matcher // guarded by mu; built from cur.Privacy
}

func newConfigStore() *configStore {
	s := &configStore{cur: DefaultConfig()}
	s.private, _ = s.cur.Privacy.Matcher()
	return s
}

// excluded reports whether the file at path (relative to the workspace
// root, else absolute) must never reach a backend.
func (s *configStore) excluded(path string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.private.Excluded(path)
}

// get returns the effective configuration.
func (s *configStore) get() Config {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cur
}

// set replaces layer i. Keys with invalid values, and keys a client layer
// may not set (see screenClient), are dropped from the layer, so their
// previous values stay in force, and reported one error each.
func (s *configStore) set(i int, l layer) (Config, []*KeyError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var errs []*KeyError
	if i != layerFile {
		l, errs = screenClient(l)
	}
	switch i {
	case layerClient:
		// A client unsets a key it sent before, in either of its layers, by
		// sending null for it: lower layers (the file, the defaults) apply.
		l, s.layers[layerInit] = unsetNulls(l, s.layers[layerInit])
	case layerInit:
		l, _ = unsetNulls(l, nil)
	}
	for range 64 { // each pass drops at least one key
		s.layers[i] = l
		cfg, bad := s.build()
		if len(bad) == 0 {
			s.cur = cfg
			s.private, _ = cfg.Privacy.Matcher() // validated by build
			return cfg, errs
		}
		errs = append(errs, bad...)
		for _, e := range bad {
			if e.path != nil {
				l = withoutPath(l, e.path)
			} else {
				l = without(l, e.Key)
			}
		}
	}
	s.layers[i] = nil
	return s.cur, errs
}

// unsetNulls returns l without its null members, and init without the
// members that l sets to null; neither argument is modified.
func unsetNulls(l, init layer) (layer, layer) {
	if l == nil {
		return nil, init
	}
	out, in := maps.Clone(l), maps.Clone(init)
	for k, v := range l {
		switch v := v.(type) {
		case nil:
			delete(out, k)
			delete(in, k)
		case layer:
			sub, _ := in[k].(layer)
			out[k], sub = unsetNulls(v, sub)
			if _, ok := in[k].(layer); ok {
				in[k] = sub
			}
		}
	}
	return out, in
}

// build merges the layers over the defaults and decodes the result.
func (s *configStore) build() (Config, []*KeyError) {
	merged := layer{}
	for _, l := range s.layers {
		merged = merge(merged, l)
	}
	merged = unionExcludes(merged, s.layers[:])
	data, err := json.Marshal(merged)
	if err != nil {
		return Config{}, []*KeyError{{Key: "(config)", Err: err}}
	}
	cfg := DefaultConfig()
	if err := json.Unmarshal(data, &cfg, json.RejectUnknownMembers(true)); err != nil {
		return Config{}, []*KeyError{decodeKeyError(err)}
	}
	if errs := keyBinding(s.layers[layerFile], cfg.Backends); len(errs) > 0 {
		return Config{}, errs
	}
	return cfg, cfg.validate()
}

// decodeKeyError names the key a decoding error is about.
func decodeKeyError(err error) *KeyError {
	var se *json.SemanticError
	if !errors.As(err, &se) {
		return &KeyError{Key: "(config)", Err: err}
	}
	key, path := pointerKey(se.JSONPointer), slices.Collect(se.JSONPointer.Tokens())
	switch {
	case errors.Is(se.Err, json.ErrUnknownName):
		return &KeyError{Key: key, Err: errors.New("unknown key"), path: path}
	case se.GoType != nil:
		return &KeyError{Key: key, Err: typeError(se), path: path}
	}
	return &KeyError{Key: key, Err: se.Err, path: path}
}

// pointerKey turns a JSON pointer into a dotted key, array indexes in
// brackets: /backends/0/slots is backends[0].slots.
func pointerKey(p jsontext.Pointer) string {
	var b strings.Builder
	for tok := range p.Tokens() {
		if _, err := strconv.Atoi(tok); err == nil && b.Len() > 0 {
			b.WriteString("[" + tok + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(tok)
	}
	return b.String()
}

// merge returns base overridden by top; nested tables merge key by key.
func merge(base, top layer) layer {
	out := maps.Clone(base)
	for k, v := range top {
		if sub, ok := v.(layer); ok {
			if old, ok := out[k].(layer); ok {
				out[k] = merge(old, sub)
				continue
			}
		}
		out[k] = v
	}
	return out
}

// without returns l less the dotted key; a key inside an array drops the
// whole array, since a half-valid list entry is no entry.
func without(l layer, key string) layer {
	head, rest, nested := strings.Cut(key, ".")
	if i := strings.IndexByte(head, '['); i >= 0 {
		head, nested = head[:i], false
	}
	out := maps.Clone(l)
	if sub, ok := out[head].(layer); ok && nested {
		out[head] = without(sub, rest)
		return out
	}
	delete(out, head)
	return out
}

// withoutPath returns l without the member at path (JSON pointer tokens);
// an array is dropped whole.
func withoutPath(l layer, path []string) layer {
	if len(path) == 0 {
		return l
	}
	out := maps.Clone(l)
	if sub, ok := out[path[0]].(layer); ok && len(path) > 1 {
		out[path[0]] = withoutPath(sub, path[1:])
		return out
	}
	delete(out, path[0])
	return out
}

// parseTOML reads a config file into a layer.
func parseTOML(data []byte) (layer, error) {
	l := layer{}
	if _, err := toml.NewDecoder(bytes.NewReader(data)).Decode(&l); err != nil {
		return nil, err
	}
	return l, nil
}

// LoadConfigFile reads and checks a TOML config file. A syntax error, or
// any key with an invalid value, is an error naming the file, the line and
// the key (a *ConfigFileError, several joined). A missing file at the default
// location is not an error; the caller says whether path was explicit.
func LoadConfigFile(path string) (map[string]any, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read config: %w", err)
	}
	l, err := parseTOML(data)
	if err != nil {
		return nil, syntaxError(path, data, err)
	}
	if err := checkFile(path, data, l); err != nil {
		return nil, err
	}
	return l, nil
}

// parseJSONLayer decodes an initializationOptions or settings object. A
// top-level "lspilot" member, as editors send per-server sections, is
// unwrapped.
func parseJSONLayer(data []byte) (layer, error) {
	if len(bytes.TrimSpace(data)) == 0 || string(bytes.TrimSpace(data)) == "null" {
		return nil, nil
	}
	var l layer
	if err := json.Unmarshal(data, &l, exactNumbers); err != nil {
		return nil, fmt.Errorf("settings must be a JSON object: %w", err)
	}
	if sub, ok := l["lspilot"].(layer); ok {
		return sub, nil
	}
	return l, nil
}

// exactNumbers decodes JSON numbers as TOML does: integers as int64, so
// that large ones are not rounded through float64, others as float64.
var exactNumbers = json.WithUnmarshalers(json.UnmarshalFromFunc(func(dec *jsontext.Decoder, v *any) error {
	if dec.PeekKind() != '0' {
		return errors.ErrUnsupported
	}
	val, err := dec.ReadValue()
	if err != nil {
		return err
	}
	if n, err := strconv.ParseInt(string(val), 10, 64); err == nil {
		*v = n
		return nil
	}
	f, err := strconv.ParseFloat(string(val), 64)
	if err != nil {
		return err
	}
	*v = f
	return nil
}))

// ResolveConfig returns the configuration a config file layer yields over
// the defaults, or the first invalid key.
func ResolveConfig(file map[string]any) (Config, error) {
	s := newConfigStore()
	cfg, errs := s.set(layerFile, file)
	if len(errs) > 0 {
		return cfg, errs[0]
	}
	return cfg, nil
}
