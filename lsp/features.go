package lsp

import (
	"context"
	"errors"

	"github.com/lspilot/lspilot/diffing"
	"github.com/lspilot/lspilot/inference/complete"
	"github.com/lspilot/lspilot/inference/edit"
	"github.com/lspilot/lspilot/inference/explain"
	"github.com/lspilot/lspilot/inference/nextedit"
	"github.com/lspilot/lspilot/lsp/config"
)

// The features the server calls speak the engines' own request types:
// the server converts positions to byte offsets and snapshots to requests
// at its edge, and *complete.Engine, *explain.Engine and *edit.Engine
// serve as they are. The interfaces stay small so that tests can fake them.

// Completer produces inline suggestions.
type Completer interface {
	Complete(ctx context.Context, req complete.Request) ([]complete.Suggestion, error)
}

// CompletionObserver is implemented by completers that want to know what
// happens to their suggestions and documents.
type CompletionObserver interface {
	// Report records editor feedback about a suggestion.
	Report(f complete.Feedback)
	// Forget says a session closed a document.
	Forget(session, uri string)
}

// DocumentObserver is implemented by completers whose context sources learn
// from the documents a session opens and changes (complete.Neighbors). It is
// called in wire order on every change: it must be cheap.
type DocumentObserver interface {
	Observe(doc complete.Document)
}

// Explainer produces markdown explanations for hover. onText, when not nil,
// receives the explanation as it grows.
type Explainer interface {
	Explain(ctx context.Context, req explain.Request, onText func(string)) (explain.Explanation, error)
}

// CodeEditor produces verified edits for code actions: the files a
// proposal changes, each with minimal edits, and a unified-diff preview.
// onText, when not nil, receives the model's answer as it grows.
type CodeEditor interface {
	Edit(ctx context.Context, req edit.Request, onText func(string)) (diffing.Result, error)
}

// NextEditor proposes the next edit of a document (Copilot's
// textDocument/copilotInlineEdit) and learns from the documents' changes
// and the editor's reports.
type NextEditor interface {
	Suggest(ctx context.Context, req nextedit.Request) ([]nextedit.Suggestion, error)
	// Observe is called in wire order on every change of a document: it
	// must be cheap.
	Observe(doc nextedit.Document)
	// Report records feedback about suggestion id; false when the id is
	// unknown.
	Report(id string, f nextedit.Feedback) bool
	// Forget says a session closed a document.
	Forget(session, uri string)
}

// The engines serve the server directly.
var (
	_ Completer             = (*complete.Engine)(nil)
	_ CompletionObserver    = (*complete.Engine)(nil)
	_ DocumentObserver      = (*complete.Engine)(nil)
	_ AcceptedCharsReporter = (*complete.Engine)(nil)
	_ Explainer             = (*explain.Engine)(nil)
	_ CodeEditor            = (*edit.Engine)(nil)
	_ NextEditor            = (*nextedit.Engine)(nil)
)

// Features are the model-backed parts of a session. Nil fields answer with
// empty results.
type Features struct {
	Completer Completer
	Explainer Explainer
	Editor    CodeEditor
	// NextEditor answers next-edit requests.
	NextEditor NextEditor
	// Backends, when set, says which backends the features use when the
	// configuration names none (one found on this machine); it returns
	// nil while there is none, or none yet. Status reports follow it.
	Backends func() []config.Backend
}

// withDefaults fills unset features with ones that answer nothing.
func (f Features) withDefaults() Features {
	if f.Completer == nil {
		f.Completer = noModel{}
	}
	if f.Explainer == nil {
		f.Explainer = noModel{}
	}
	if f.Editor == nil {
		f.Editor = noModel{}
	}
	if f.NextEditor == nil {
		f.NextEditor = noModel{}
	}
	return f
}

// ErrNoModel reports a feature that needs a backend when none is configured.
var ErrNoModel = errors.New("no backend configured: see lspilot doctor")

// noModel answers every feature with an empty result; it serves until a
// backend is configured.
type noModel struct{}

func (noModel) Complete(context.Context, complete.Request) ([]complete.Suggestion, error) {
	return nil, nil
}

func (noModel) Explain(context.Context, explain.Request, func(string)) (explain.Explanation, error) {
	return explain.Explanation{}, nil
}

func (noModel) Edit(context.Context, edit.Request, func(string)) (diffing.Result, error) {
	return diffing.Result{}, ErrNoModel
}

func (noModel) Suggest(context.Context, nextedit.Request) ([]nextedit.Suggestion, error) {
	return nil, nil
}

func (noModel) Observe(nextedit.Document)             {}
func (noModel) Report(string, nextedit.Feedback) bool { return false }
func (noModel) Forget(string, string)                 {}
