package lsp

import (
	"context"
	"strings"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/lspilot/lspilot/inference/complete"
	"github.com/lspilot/lspilot/lsp/textdoc"
)

// InlineCompletion implements protocol.Server: ghost text at the cursor.
func (s *server) InlineCompletion(ctx context.Context, params *protocol.InlineCompletionParams) (protocol.InlineCompletionResult, error) {
	empty := &protocol.InlineCompletionList{Items: []protocol.InlineCompletionItem{}}
	snap, err := s.snapshot(params.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	if v, ok := clientVersion(ctx); ok && v != snap.Version {
		return empty, nil // asked about a version the server no longer holds
	}
	enc := s.encoding()
	off := cursor(snap, params.Position, enc)
	req, start, selected := s.completionRequest(snap, off, enc, params.Context)
	req.Invoked = params.Context.TriggerKind == protocol.InlineCompletionTriggerKindInvoked
	jsonrpc2.Async(ctx) // the snapshot is taken: later notifications may proceed

	suggestions, replaceEnd, err := s.complete(ctx, snap, req)
	if err != nil || len(suggestions) == 0 {
		return empty, err
	}
	// replaceEnd counts in req.Text, which differs from the snapshot by the
	// selected item's text.
	end := max(replaceEnd-len(req.Text)+len(snap.Text), off)
	r := protoRange(snap, start, min(end, len(snap.Text)), enc)
	items := make([]protocol.InlineCompletionItem, 0, len(suggestions))
	for _, sg := range suggestions {
		item := protocol.InlineCompletionItem{InsertText: protocol.String(selected + sg.Text), Range: &r}
		if sg.ID != "" {
			item.Command = protocol.Command{Title: "accept", Command: CommandAcceptCompletion, Arguments: []protocol.LSPAny{jsonString(sg.ID)}}
			s.sent.note(sg.ID, selected+sg.Text)
		}
		items = append(items, item)
	}
	if at, ok := s.docs.changedAt(snap.URI, snap.Version); ok {
		s.observer.KeystrokeToSuggestion(time.Since(at))
	}
	return &protocol.InlineCompletionList{Items: items}, nil
}

// completionRequest builds the request for a cursor at off. With a selected
// item of the completion popup, the request sees the document as if that
// item were accepted; start is then where the item's range begins and
// selected its text, which every suggestion must start with.
func (s *server) completionRequest(snap *textdoc.Snapshot, off int, enc textdoc.Encoding, ctx protocol.InlineCompletionContext) (req complete.Request, start int, selected string) {
	req = s.newCompletionRequest(snap, off)
	sel := ctx.SelectedCompletionInfo
	if sel.Text == "" {
		return req, off, ""
	}
	a, errA := snap.Offset(position(sel.Range.Start), enc)
	b, errB := snap.Offset(position(sel.Range.End), enc)
	if errA != nil || errB != nil || a > b || b != off {
		return req, off, ""
	}
	text := snap.Text[:a] + sel.Text + snap.Text[b:]
	req.Text, req.Cursor = text, a+len(sel.Text)
	return req, a, sel.Text
}

// newCompletionRequest is the engine's request for a cursor at byte offset
// off of snap.
func (s *server) newCompletionRequest(snap *textdoc.Snapshot, off int) complete.Request {
	return complete.Request{
		Session: s.session, URI: snap.URI, Path: s.relPath(snap.URI), Language: snap.LanguageID,
		Text: snap.Text, Cursor: off, Version: snap.Version,
	}
}

// complete calls the completer and checks the document has not changed
// meanwhile. A backend failure degrades to no suggestions plus one warning
// to the user per outage, never a popup per keystroke. Each suggestion
// replaces req.Text[req.Cursor:end] (see withClosers); blank ones are
// dropped.
func (s *server) complete(ctx context.Context, snap *textdoc.Snapshot, req complete.Request) (_ []complete.Suggestion, end int, _ error) {
	suggestions, err := s.features.Load().Completer.Complete(ctx, req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, req.Cursor, ctx.Err()
		}
		s.requestLogger(ctx).Warn("completion failed", zap.String("uri", snap.URI), zap.Error(err))
		s.warnOnce(ctx, "completion", err)
		return nil, req.Cursor, nil
	}
	s.outages.clear("completion")
	if now, err := s.docs.get(snap.URI); err != nil || now.Version != snap.Version {
		return nil, req.Cursor, nil // the document changed: a newer request will follow
	}
	rest, end := closersAfter(req.Text, req.Cursor)
	var out []complete.Suggestion
	for _, sg := range suggestions {
		sg.Text += rest
		if strings.TrimSpace(sg.Text) != "" {
			out = append(out, sg)
		}
	}
	return out, end, nil
}

// closersAfter returns what follows off on its line, and where it ends,
// when that is only closing brackets, quotes and spaces (often pairs the
// editor closed automatically); otherwise "" and off. A suggestion then
// replaces them and ends with them: post-processing has trimmed what
// duplicated them, and editors handle such a range better than an
// insertion before them.
func closersAfter(text string, off int) (string, int) {
	end := off + strings.IndexAny(text[off:], "\r\n")
	if end < off {
		end = len(text)
	}
	rest := text[off:end]
	if rest == "" || strings.Trim(rest, closerChars) != "" {
		return "", off
	}
	return rest, end
}

// closerChars may follow the cursor of a suggestion that replaces them.
const closerChars = ")]}>\"'`;, \t"
