package lsp

import (
	"context"

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
	// asks on its own as the user types.
	Invoked bool
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

// ExplainRequest asks for an explanation of Doc.Text[Start:End].
type ExplainRequest struct {
	Doc        Document
	Start, End int
}

// Explainer produces markdown explanations for hover.
type Explainer interface {
	Explain(ctx context.Context, req ExplainRequest) (string, error)
}

// Features are the model-backed parts of a session. Nil fields answer with
// empty results.
type Features struct {
	Completer Completer
	Explainer Explainer
}

// withDefaults fills unset features with ones that answer nothing.
func (f Features) withDefaults() Features {
	if f.Completer == nil {
		f.Completer = noModel{}
	}
	if f.Explainer == nil {
		f.Explainer = noModel{}
	}
	return f
}

// noModel answers every feature with an empty result; it serves until a
// backend is configured.
type noModel struct{}

func (noModel) Complete(context.Context, CompletionRequest) ([]Suggestion, error) { return nil, nil }
func (noModel) Explain(context.Context, ExplainRequest) (string, error)           { return "", nil }

// toDocument converts a snapshot for features.
func toDocument(s *textdoc.Snapshot) Document {
	return Document{URI: s.URI, LanguageID: s.LanguageID, Version: s.Version, Text: s.Text}
}
