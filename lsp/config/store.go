package config

import (
	"errors"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/lspilot/lspilot/inference/privacy"
)

// layer is one source of configuration, as a JSON-shaped tree.
type layer = map[string]any

// Source says where a layer of configuration comes from.
type Source int

// The sources, from lowest to highest precedence; the built-in defaults
// lie under them all.
const (
	// FromFile is the config file (and the command line's flags over it).
	FromFile Source = iota
	// FromInit is the client's initializationOptions.
	FromInit
	// FromClient is the client's workspace/didChangeConfiguration.
	FromClient
	numSources
)

// Store holds the configuration layers and the effective result. It is
// safe for concurrent use.
type Store struct {
	mu      sync.Mutex
	layers  [numSources]layer // guarded by mu
	cur     Config            // guarded by mu
	private *privacy.Matcher  // guarded by mu; built from cur.Privacy
}

// NewStore returns a store that holds the defaults.
func NewStore() *Store {
	s := &Store{cur: Default()}
	s.private, _ = s.cur.Privacy.Matcher()
	return s
}

// Excluded reports whether the file at path (relative to the workspace
// root, else absolute) must never reach a backend.
func (s *Store) Excluded(path string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.private.Excluded(path)
}

// Get returns the effective configuration.
func (s *Store) Get() Config {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cur
}

// Set replaces the layer from source i with l and returns the effective
// configuration. Keys with invalid values, and keys a client layer may not
// set (see screenClient), are dropped from the layer, so their previous
// values stay in force, and reported one error each. Null members of a
// client layer unset what that client set before (see unsetNulls).
func (s *Store) Set(i Source, l map[string]any) (Config, []*KeyError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var errs []*KeyError
	if i != FromFile {
		l, errs = screenClient(l)
	}
	switch i {
	case FromClient:
		// A client unsets a key it sent before, in either of its layers, by
		// sending null for it: lower layers (the file, the defaults) apply.
		l, s.layers[FromInit] = unsetNulls(l, s.layers[FromInit])
	case FromInit:
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
func (s *Store) build() (Config, []*KeyError) {
	merged := layer{}
	for _, l := range s.layers {
		merged = merge(merged, l)
	}
	merged = unionExcludes(merged, s.layers[:])
	data, err := json.Marshal(merged)
	if err != nil {
		return Config{}, []*KeyError{{Key: "(config)", Err: err}}
	}
	cfg := Default()
	if err := json.Unmarshal(data, &cfg, json.RejectUnknownMembers(true)); err != nil {
		return Config{}, []*KeyError{decodeKeyError(err)}
	}
	if errs := keyBinding(s.layers[FromFile], cfg.Backends); len(errs) > 0 {
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

// ChangedKeys returns the top-level keys whose values differ between a and
// b, sorted.
func ChangedKeys(a, b map[string]any) []string {
	var keys []string
	for k := range a {
		if _, ok := b[k]; !ok {
			keys = append(keys, k)
		}
	}
	for k, v := range b {
		if !reflect.DeepEqual(a[k], v) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}
