package lsp

import (
	"context"
	"errors"
	"fmt"

	"github.com/lspilot/lspilot/diffing"
)

// ErrExcluded refuses a request about a file the privacy rules keep from
// every backend (privacy.exclude and the built-in patterns).
var ErrExcluded = errors.New("this file is excluded by lspilot's privacy rules (privacy.exclude): its content is never sent to a model")

// privacyGuard returns f with every feature behind the privacy rules: a request
// whose document is excluded never reaches the feature (completion answers
// nothing, hover nothing, code actions refuse with ErrExcluded), and a code
// action cannot look up an excluded file. excluded takes the request's Path.
// It is the one place the rules meet the features.
func privacyGuard(f Features, excluded func(path string) bool) Features {
	return Features{
		Completer: guardedCompleter{completerHooks{f.Completer}, excluded},
		Explainer: guardedExplainer{f.Explainer, excluded},
		Editor:    guardedEditor{f.Editor, excluded},
		Backends:  f.Backends,
	}
}

// setFeatures puts f, behind the session's privacy rules, in force.
func (s *server) setFeatures(f Features) {
	g := privacyGuard(s.observed(f.withDefaults()), s.config.excluded)
	s.features.Store(&g)
}

type guardedCompleter struct {
	completerHooks
	excluded func(string) bool
}

func (g guardedCompleter) Complete(ctx context.Context, req CompletionRequest) ([]Suggestion, error) {
	if g.excluded(req.Path) {
		return nil, nil
	}
	return g.inner.Complete(ctx, req)
}

type guardedExplainer struct {
	x        Explainer
	excluded func(string) bool
}

func (g guardedExplainer) Explain(ctx context.Context, req ExplainRequest, onText func(string)) (Explanation, error) {
	if g.excluded(req.Path) {
		if req.Invoked {
			return Explanation{}, ErrExcluded
		}
		return Explanation{}, nil
	}
	return g.x.Explain(ctx, req, onText)
}

func (g guardedExplainer) Stats() any { return stats(g.x) }

type guardedEditor struct {
	e        CodeEditor
	excluded func(string) bool
}

func (g guardedEditor) Edit(ctx context.Context, req EditRequest, onText func(string)) (EditResult, error) {
	if g.excluded(req.Path) {
		return EditResult{}, ErrExcluded
	}
	if lookup := req.Lookup; lookup != nil {
		req.Lookup = func(path string) (string, bool) {
			if g.excluded(path) {
				return "", false
			}
			return lookup(path)
		}
	}
	return g.e.Edit(ctx, req, onText)
}

func (g guardedEditor) Stats() any { return stats(g.e) }

// stats returns the counters of a feature that keeps them, else nil.
func stats(f any) any {
	if r, ok := f.(StatsReporter); ok {
		return r.Stats()
	}
	return nil
}

// excludedTarget says why a proposal failed when the file it named could
// not be looked up because the privacy rules exclude it, by its name or by
// where its links lead; other errors are returned as they are.
func (s *server) excludedTarget(docPath string, err error) error {
	var fe *diffing.FileError
	if !errors.As(err, &fe) {
		return err
	}
	loc, lerr := s.locate(docPath, fe.File)
	if s.config.excluded(fe.File) || (lerr == nil && (s.config.excluded(loc.rel) || s.config.excluded(loc.real))) {
		return fmt.Errorf("%s: %w", fe.File, ErrExcluded)
	}
	return err
}
