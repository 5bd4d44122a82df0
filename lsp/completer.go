package lsp

import (
	"context"
	"strings"

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
		Text: req.Doc.Text, Cursor: req.Offset, Invoked: req.Invoked, Version: req.Doc.Version,
	})
	if err != nil {
		return nil, err
	}
	// When only closing brackets, quotes and spaces follow the cursor (often
	// pairs the editor closed automatically), the suggestion replaces them
	// and ends with them: post-processing has trimmed what duplicated them,
	// and editors handle such a range better than an insertion before them.
	rest, end := lineRest(req.Doc.Text, req.Offset)
	closers := rest != "" && strings.Trim(rest, closerChars) == ""
	out := make([]Suggestion, len(got))
	for i, s := range got {
		out[i] = Suggestion{Text: s.Text, ReplaceEnd: req.Offset, ID: s.ID}
		if closers {
			out[i].Text, out[i].ReplaceEnd = s.Text+rest, end
		}
	}
	return out, nil
}

// closerChars may follow the cursor of a suggestion that replaces them.
const closerChars = ")]}>\"'`;, \t"

// lineRest returns the text from off to the end of its line, without the
// line ending, and the offset where it ends.
func lineRest(text string, off int) (string, int) {
	end := off + strings.IndexAny(text[off:], "\r\n")
	if end < off {
		end = len(text)
	}
	return text[off:end], end
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

func (c engineCompleter) ReportAcceptedChars(n int) { c.e.ReportAcceptedChars(n) }

func (c engineCompleter) Stats() any { return c.e.Stats() }
