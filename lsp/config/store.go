package config

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/lspilot/lspilot/inference/privacy"
)

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
