package route

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"go.uber.org/zap"

	"github.com/lspilot/lspilot/inference"
)

// ErrNoBackend reports a language that no configured backend serves.
var ErrNoBackend = errors.New("no backend serves this language")

// Entry is one backend of a Set with the languages it serves first; no
// languages means any language.
type Entry struct {
	Backend   inference.Backend
	Languages []string
}

// Set holds the configured backends and picks them per language. It is safe
// for concurrent use.
type Set struct {
	entries []Entry
	logger  *zap.Logger
}

var _ inference.Generator = (*Set)(nil)

// NewSet returns a set of entries in fallback order.
func NewSet(entries ...Entry) *Set {
	return &Set{entries: entries, logger: zap.NewNop()}
}

// WithLogger returns a set of the same backends that warns on logger each
// time a backend fails and Generate moves on to the next.
func (s *Set) WithLogger(logger *zap.Logger) *Set {
	return &Set{entries: s.entries, logger: logger}
}

// For returns the backends for language in the order to try them: those that
// list it, then those that serve any language, each in configuration order.
func (s *Set) For(language string) []inference.Backend {
	var first, rest []inference.Backend
	for _, e := range s.entries {
		switch {
		case slices.Contains(e.Languages, language):
			first = append(first, e.Backend)
		case len(e.Languages) == 0:
			rest = append(rest, e.Backend)
		}
	}
	return append(first, rest...)
}

// Backend returns the backend called name, or nil.
func (s *Set) Backend(name string) inference.Backend {
	for _, e := range s.entries {
		if e.Backend.Name() == name {
			return e.Backend
		}
	}
	return nil
}

// All returns every backend in configuration order.
func (s *Set) All() []inference.Backend {
	out := make([]inference.Backend, len(s.entries))
	for i, e := range s.entries {
		out[i] = e.Backend
	}
	return out
}

// Generate streams a request for language from the first backend that can
// take it, failing over to the next while nothing has been delivered and
// only for errors inference.Failover accepts; each failure of a backend it
// moves on from is logged as a warning. build makes the request for a
// backend, since prompts depend on its kind and model; an error from build
// fails over by the same rule, without a warning. It returns the backend
// that answered.
func (s *Set) Generate(ctx context.Context, language string, build func(inference.Backend) (*inference.Request, error),
	fn func(inference.Chunk) error) (inference.Backend, inference.Stats, error) {
	candidates := s.For(language)
	if len(candidates) == 0 {
		return nil, inference.Stats{Slot: -1}, fmt.Errorf("%w: %q; list it in a backend's languages or leave one without languages", ErrNoBackend, language)
	}
	sent := make([]bool, len(candidates)) // whether build made a request for each
	tries := make([]attempt, len(candidates))
	for i, b := range candidates {
		tries[i] = func(ctx context.Context, fn func(inference.Chunk) error) (inference.Stats, error) {
			req, err := build(b)
			if err != nil {
				return inference.Stats{Slot: -1}, err
			}
			sent[i] = true
			return b.Generate(ctx, req, fn)
		}
	}
	i, st, err := failover(ctx, tries, fn, nil, func(i int, err error) {
		if sent[i] {
			s.logger.Warn("backend failed, trying the next", zap.String("backend", candidates[i].Name()), zap.Error(err))
		}
	})
	if i < 0 {
		return nil, st, err
	}
	return candidates[i], st, err
}

// Wrap returns a set of the same entries with each backend replaced by
// f(i, backend), i counting in configuration order; it shares the
// backends, so close the original set.
func (s *Set) Wrap(f func(i int, b inference.Backend) inference.Backend) *Set {
	out := &Set{entries: make([]Entry, len(s.entries)), logger: s.logger}
	for i, e := range s.entries {
		out.entries[i] = Entry{Backend: f(i, e.Backend), Languages: e.Languages}
	}
	return out
}

// Close closes every backend.
func (s *Set) Close() error {
	return Close(s.All()...)
}
