package lsp

import (
	"context"

	"github.com/lspilot/lspilot/inference/complete"
)

// engineCompleter serves completions from the inference engine.
type engineCompleter struct{ e *complete.Engine }

// EngineCompleter adapts a completion engine to the Completer the server
// calls, with feedback and document closes passed on.
func EngineCompleter(e *complete.Engine) Completer { return engineCompleter{e} }

var _ CompletionObserver = engineCompleter{}

func (c engineCompleter) Complete(ctx context.Context, req CompletionRequest) ([]Suggestion, error) {
	got, err := c.e.Complete(ctx, complete.Request{
		Session: req.Session, URI: req.Doc.URI, Path: req.Path, Language: req.Doc.LanguageID,
		Text: req.Doc.Text, Cursor: req.Offset, Invoked: req.Invoked,
	})
	if err != nil {
		return nil, err
	}
	out := make([]Suggestion, len(got))
	for i, s := range got {
		out[i] = Suggestion{Text: s.Text, ReplaceEnd: req.Offset, ID: s.ID}
	}
	return out, nil
}

func (c engineCompleter) Report(_ string, f Feedback) {
	switch f {
	case FeedbackShown:
		c.e.Report(complete.FeedbackShown)
	case FeedbackAccepted:
		c.e.Report(complete.FeedbackAccepted)
	case FeedbackPartiallyAccepted:
		c.e.Report(complete.FeedbackPartiallyAccepted)
	}
}

func (c engineCompleter) Closed(session, uri string) { c.e.Forget(session, uri) }

func (c engineCompleter) Stats() any { return c.e.Stats() }
