package config

import (
	"fmt"
	"slices"
	"strings"
)

// DefaultMaxMessageBytes is the default of server.maxMessageBytes, the
// largest message body the server reads.
const DefaultMaxMessageBytes = 64 << 20

// DefaultActionTimeoutMs is the default of codeActions.timeoutMs: long
// enough for a test file from a slow model, short enough that nobody waits
// in doubt.
const DefaultActionTimeoutMs = 45_000

// Config is lspilot's configuration. It is assembled from layers, each
// overriding the one before: built-in defaults, the config file, the client's
// initializationOptions, and workspace/didChangeConfiguration. Keys are the
// same in TOML and JSON; every key is documented in the README.
type Config struct {
	Server     Server     `json:"server"`
	Backends   []Backend  `json:"backends"`
	Completion Completion `json:"completion"`
	FIM        FIM        `json:"fim"`
	Hover      Hover      `json:"hover"`
	Actions    Actions    `json:"codeActions"`
	NextEdit   NextEdit   `json:"nextEdit"`
	Scheduler  Scheduler  `json:"scheduler"`
	Privacy    Privacy    `json:"privacy"`
	Context    Context    `json:"context"`
}

// Scheduler tunes the scheduler in front of each backend.
type Scheduler struct {
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

// Hover tunes AI hover. Editors send hover when the mouse rests, so
// it must be cheap when unwanted.
type Hover struct {
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

// Actions tunes AI code actions.
type Actions struct {
	// Enabled offers the AI code actions.
	Enabled bool `json:"enabled"`
	// MaxFileBytes bounds a file a code action may create or read.
	MaxFileBytes int `json:"maxFileBytes"`
	// TimeoutMs bounds one code action's generation; when it passes the
	// user is told and nothing is applied.
	TimeoutMs int `json:"timeoutMs"`
}

// NextEdit tunes next-edit suggestions (textDocument/copilotInlineEdit):
// the edit the user is likely to make next, anywhere near the cursor.
type NextEdit struct {
	// Enabled answers next-edit requests; with it off they get no edits.
	// It takes effect where a backend is configured.
	Enabled bool `json:"enabled"`
	// Format is the prompt format: "auto" detects it from the model name,
	// or one of sweep, zeta, zeta2, instinct, chat.
	Format string `json:"format"`
}

// NextEditFormats lists the values of nextEdit.format.
var NextEditFormats = []string{"auto", "sweep", "zeta", "zeta2", "instinct", "chat"}

// Server configures the connection.
type Server struct {
	// MaxMessageBytes is the largest message the server reads; larger ones are
	// skipped unread and answered with an error.
	MaxMessageBytes int64 `json:"maxMessageBytes"`
}

// Completion tunes inline completion. Zero values take the engine's
// defaults.
type Completion struct {
	// Enabled turns completion on; with it off, requests get empty lists.
	Enabled bool `json:"enabled"`
	// MaxTokens bounds a single-line suggestion; MaxTokensMultiline a block.
	MaxTokens          int `json:"maxTokens"`
	MaxTokensMultiline int `json:"maxTokensMultiline"`
	// DebounceMs is the wait before an automatic request reaches the
	// backend until the user's typing rhythm is learned.
	DebounceMs int `json:"debounceMs"`
	// Eagerness is how eagerly automatic requests go out: "high" asks at
	// every keystroke while the backend has room and backs off as its load
	// rises, "medium" starts halfway, "low" always waits as DebounceMs and
	// the typing rhythm say.
	Eagerness string `json:"eagerness"`
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
	// Neighbors adds to prompts the windows of the files the editor opened
	// whose identifiers are most like those around the cursor: context for
	// every language, without a language server.
	Neighbors bool `json:"neighbors"`
}

// FIM chooses the fill-in-the-middle prompt format.
type FIM struct {
	// Template is "auto" (detect from the model), a family name
	// (qwen2.5-coder, deepseek-coder, starcoder2, codellama, codestral,
	// codegemma, chat), or a custom template with placeholders.
	Template string `json:"template"`
}

// Default returns the built-in defaults.
func Default() Config {
	return Config{
		Server:     Server{MaxMessageBytes: DefaultMaxMessageBytes},
		Completion: Completion{Enabled: true, Warmup: true, Eagerness: "high", Neighbors: true},
		FIM:        FIM{Template: "auto"},
		Hover:      Hover{Enabled: true, MinDelayMs: 250, DeadlineMs: 3000},
		Actions:    Actions{Enabled: true, MaxFileBytes: 1 << 20, TimeoutMs: DefaultActionTimeoutMs},
		NextEdit:   NextEdit{Enabled: true, Format: "auto"},
		Scheduler:  Scheduler{QueueLimit: 64, CacheTTLSeconds: 300},
		Context:    Context{Definitions: true},
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
	switch c.Completion.Eagerness {
	case "high", "medium", "low":
	default:
		errs = append(errs, &KeyError{Key: "completion.eagerness", Err: fmt.Errorf("%q is not one of high, medium, low", c.Completion.Eagerness)})
	}
	if !slices.Contains(NextEditFormats, c.NextEdit.Format) {
		errs = append(errs, &KeyError{Key: "nextEdit.format", Err: fmt.Errorf("%q is not one of %s", c.NextEdit.Format, strings.Join(NextEditFormats, ", "))})
	}
	if t := c.Completion.Temperature; t < 0 || t > 2 {
		errs = append(errs, &KeyError{Key: "completion.temperature", Err: fmt.Errorf("%g is outside [0, 2]", t)})
	}
	errs = append(errs, c.Privacy.validate()...)
	errs = append(errs, c.Context.validate()...)
	return append(errs, validateBackends(c.Backends)...)
}
