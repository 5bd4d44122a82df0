package lsp

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"

	"go.lsp.dev/uri"

	"github.com/lspilot/lspilot/diffing"
	"github.com/lspilot/lspilot/inference/complete"
	"github.com/lspilot/lspilot/inference/edit"
	"github.com/lspilot/lspilot/inference/explain"
)

// ErrExcluded refuses a request about a file the privacy rules keep from
// every backend (privacy.exclude and the built-in patterns).
var ErrExcluded = errors.New("this file is excluded by lspilot's privacy rules (privacy.exclude): its content is never sent to a model")

// privacyRules say which files never reach a backend: doc checks a
// request's document by its path and by where a link it was opened through
// leads; name checks a file a proposal names.
type privacyRules struct {
	doc  func(path, docURI string) bool
	name func(path string) bool
}

// privacyGuard returns f with every feature behind the privacy rules: a
// request whose document is excluded never reaches the feature (completion
// answers nothing, hover nothing, code actions refuse with ErrExcluded), and
// a code action cannot look up an excluded file. The rules are also kept in
// depth where the features read files themselves: the completion engine's
// context ring, the code-action list and lookupFile.
func privacyGuard(f Features, rules privacyRules) Features {
	return Features{
		Completer:  guardedCompleter{completerHooks{f.Completer}, rules},
		Explainer:  guardedExplainer{f.Explainer, rules},
		Editor:     guardedEditor{f.Editor, rules},
		NextEditor: guardedNextEditor{f.NextEditor, rules},
		Backends:   f.Backends,
	}
}

// setFeatures puts f, behind the session's privacy rules, in force, and
// shows its completer the documents already open.
func (s *server) setFeatures(f Features) {
	g := privacyGuard(s.observed(f.withDefaults()), privacyRules{doc: s.excludedDoc, name: s.config.Excluded})
	s.features.Store(&g)
	for _, snap := range s.docs.snapshots() {
		s.observe(snap)
	}
}

// excludedDoc reports whether a document must never reach a backend: by
// its path, or by the file a link it was opened through leads to (a
// harmless name can link to a key). Where a document leads is looked up
// once while it is open.
func (s *server) excludedDoc(path, docURI string) bool {
	if s.config.Excluded(path) {
		return true
	}
	real, ok := s.links.Load(docURI)
	if !ok {
		real = s.linkTarget(docURI)
		s.links.Store(docURI, real)
	}
	return real != "" && s.config.Excluded(real.(string))
}

// linkTarget returns the path of the file a document's links lead to, as
// the privacy rules read it; "" when it is no link.
func (s *server) linkTarget(docURI string) string {
	abs := filePath(docURI)
	if abs == "" {
		return ""
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil || real == abs {
		return ""
	}
	return s.relPath(string(uri.File(real)))
}

type guardedCompleter struct {
	completerHooks
	rules privacyRules
}

func (g guardedCompleter) Complete(ctx context.Context, req complete.Request) ([]complete.Suggestion, error) {
	if g.rules.doc(req.Path, req.URI) {
		return nil, nil
	}
	return g.inner.Complete(ctx, req)
}

// Observe passes on a document unless it must never reach a backend: the
// sources that learn from documents put their text in other prompts.
func (g guardedCompleter) Observe(doc complete.Document) {
	if !g.rules.doc(doc.Path, doc.URI) {
		g.completerHooks.Observe(doc)
	}
}

type guardedExplainer struct {
	x     Explainer
	rules privacyRules
}

func (g guardedExplainer) Explain(ctx context.Context, req explain.Request, onText func(string)) (explain.Explanation, error) {
	if g.rules.doc(req.Path, req.URI) {
		if req.Invoked {
			return explain.Explanation{}, ErrExcluded
		}
		return explain.Explanation{}, nil
	}
	return g.x.Explain(ctx, req, onText)
}

func (g guardedExplainer) Stats() any { return StatsOf(g.x) }

type guardedEditor struct {
	e     CodeEditor
	rules privacyRules
}

func (g guardedEditor) Edit(ctx context.Context, req edit.Request, onText func(string)) (diffing.Result, error) {
	if g.rules.doc(req.Path, req.URI) {
		return diffing.Result{}, ErrExcluded
	}
	if lookup := req.Lookup; lookup != nil {
		req.Lookup = func(path string) (string, bool) {
			if g.rules.name(path) {
				return "", false
			}
			return lookup(path)
		}
	}
	return g.e.Edit(ctx, req, onText)
}

func (g guardedEditor) Stats() any { return StatsOf(g.e) }

// excludedTarget says why a proposal failed when the file it named could
// not be looked up because the privacy rules exclude it, by its name or by
// where its links lead; other errors are returned as they are.
func (s *server) excludedTarget(docPath string, err error) error {
	var fe *diffing.FileError
	if !errors.As(err, &fe) {
		return err
	}
	loc, lerr := s.locate(docPath, fe.File)
	if s.config.Excluded(fe.File) || (lerr == nil && (s.config.Excluded(loc.rel) || s.config.Excluded(loc.real))) {
		return fmt.Errorf("%s: %w", fe.File, ErrExcluded)
	}
	return err
}
