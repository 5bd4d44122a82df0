package lsp

import (
	"context"
	"errors"
	"time"

	"github.com/lspilot/lspilot/diffing"

	"github.com/lspilot/lspilot/lsp/textdoc"
)

// Document is the plain view of a snapshot that features receive: no
// protocol types, offsets in bytes.
type Document struct {
	URI        string
	LanguageID string
	Version    int32
	Text       string
}

// CompletionRequest asks for suggestions at a cursor.
type CompletionRequest struct {
	// Session identifies the editor session; document state is per session.
	Session string
	// Path is the document's path relative to its workspace root when it
	// lies in one, else its absolute path or URI.
	Path   string
	Doc    Document
	Offset int // byte offset of the cursor in Doc.Text
	// Invoked is true when the user asked explicitly, false when the editor
	// asks on its own as the user types. The engine's completer then answers
	// with up to three suggestions to cycle through, as it does when the
	// editor asks again at the position and Doc.Version it just answered.
	Invoked bool
	// List says the request fills a completion list, whose invoked kind some
	// editors also send as the user types: it gets the alternatives only
	// when the editor asks again at the same position and version.
	List bool
}

// Suggestion is text to insert at the cursor. When ReplaceEnd is beyond the
// cursor, the suggestion also replaces Doc.Text[cursor:ReplaceEnd].
type Suggestion struct {
	Text       string
	ReplaceEnd int
	// ID names the suggestion in feedback; may be empty.
	ID string
}

// Completer produces inline suggestions.
type Completer interface {
	Complete(ctx context.Context, req CompletionRequest) ([]Suggestion, error)
}

// Feedback is what the editor reports about a suggestion.
type Feedback int

// The kinds of feedback.
const (
	FeedbackShown Feedback = iota
	FeedbackAccepted
	FeedbackPartiallyAccepted
)

// CompletionObserver is implemented by completers that want to know what
// happens to their suggestions and documents.
type CompletionObserver interface {
	// Report records editor feedback about suggestion id.
	Report(id string, f Feedback)
	// Closed says a session closed a document.
	Closed(session, uri string)
}

// ExplainRequest asks for an explanation of Doc.Text[Start:End], or of the
// symbol at Start when the span is empty.
type ExplainRequest struct {
	Session, Path string
	Doc           Document
	Start, End    int
	// Invoked says the user asked (a command, not the mouse resting).
	Invoked bool
	// Deadline replaces the explainer's own when positive.
	Deadline time.Duration
}

// Explanation is markdown for a hover. Partial says the deadline cut it.
type Explanation struct {
	Markdown string
	Partial  bool
}

// Explainer produces markdown explanations for hover. onText, when not nil,
// receives the explanation as it grows.
type Explainer interface {
	Explain(ctx context.Context, req ExplainRequest, onText func(string)) (Explanation, error)
}

// EditRequest asks for an edit of Doc at the selection [Start, End).
type EditRequest struct {
	Session, Path string
	Doc           Document
	Start, End    int
	// Action is fix, rewrite, doc, simplify or tests.
	Action      string
	Diagnostics []EditDiagnostic
	// Lookup returns the text of another file of the workspace by the path
	// the model gave, and false when it is outside the workspace or absent.
	Lookup func(path string) (string, bool)
}

// EditDiagnostic is a problem to fix, on a zero-based line.
type EditDiagnostic struct {
	Line    int
	Message string
}

// EditResult is a verified proposal: the files it changes, each with
// minimal edits, and a unified-diff preview.
type EditResult struct {
	Files   []diffing.FileResult
	Preview string
}

// CodeEditor produces verified edits for code actions. onText, when not
// nil, receives the model's answer as it grows.
type CodeEditor interface {
	Edit(ctx context.Context, req EditRequest, onText func(string)) (EditResult, error)
}

// Features are the model-backed parts of a session. Nil fields answer with
// empty results.
type Features struct {
	Completer Completer
	Explainer Explainer
	Editor    CodeEditor
	// Backends, when set, says which backends the features use when the
	// configuration names none (one found on this machine); it returns
	// nil while there is none, or none yet. Status reports follow it.
	Backends func() []BackendSettings
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
	return f
}

// ErrNoModel reports a feature that needs a backend when none is configured.
var ErrNoModel = errors.New("no backend configured: see lspilot doctor")

// noModel answers every feature with an empty result; it serves until a
// backend is configured.
type noModel struct{}

func (noModel) Complete(context.Context, CompletionRequest) ([]Suggestion, error) { return nil, nil }

// toDocument converts a snapshot for features.
func toDocument(s *textdoc.Snapshot) Document {
	return Document{URI: s.URI, LanguageID: s.LanguageID, Version: s.Version, Text: s.Text}
}

func (noModel) Explain(context.Context, ExplainRequest, func(string)) (Explanation, error) {
	return Explanation{}, nil
}

func (noModel) Edit(context.Context, EditRequest, func(string)) (EditResult, error) {
	return EditResult{}, ErrNoModel
}
