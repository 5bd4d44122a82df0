package benchmark

import (
	"context"
	"encoding/json"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/lspilot/lspilot/lsp"
	"github.com/lspilot/lspilot/lsp/textdoc"
)

// shownEdit is a next edit the server answered, in the editor's copy's
// byte offsets.
type shownEdit struct {
	version    int32
	start, end int
	text, id   string
}

// nextEdit asks for the next edit of the document at the version the
// editor holds, with the cursor at byte offset cursor, as editors wired for
// GitHub Copilot's next edits do. It returns the first edit, false for none.
func (s *session) nextEdit(ctx context.Context, doc *textdoc.Snapshot, cursor int) (shownEdit, bool, error) {
	var res lsp.CopilotInlineEditResult
	err := protocol.Call(ctx, s.conn, lsp.MethodCopilotInlineEdit, &lsp.CopilotInlineEditParams{
		TextDocument: lsp.VersionedDocument{URI: s.uri, Version: doc.Version},
		Position:     wirePos(doc.Position(cursor, textdoc.UTF16)),
	}, &res)
	if err != nil || len(res.Edits) == 0 {
		return shownEdit{}, false, err
	}
	e := res.Edits[0]
	start, err1 := doc.Offset(textdoc.Position{Line: int(e.Range.Start.Line), Character: int(e.Range.Start.Character)}, textdoc.UTF16)
	end, err2 := doc.Offset(textdoc.Position{Line: int(e.Range.End.Line), Character: int(e.Range.End.Character)}, textdoc.UTF16)
	if err1 != nil || err2 != nil || end < start || e.TextDocument.Version != doc.Version {
		return shownEdit{}, false, nil
	}
	var id string
	if e.Command != nil && len(e.Command.Arguments) > 0 {
		json.Unmarshal(e.Command.Arguments[0], &id)
	}
	return shownEdit{version: doc.Version, start: start, end: end, text: e.Text, id: id}, true, nil
}

// shownNextEdit tells the server that edit id is on screen.
func (s *session) shownNextEdit(id string) {
	arg, _ := json.Marshal(id)
	item := map[string]any{"command": map[string]any{"command": lsp.CommandAcceptNextEdit, "arguments": []json.RawMessage{arg}}}
	_ = s.conn.Notify(s.ctx, lsp.MethodDidShowInlineEdit, map[string]any{"item": item})
}

// acceptedNextEdit runs the command edit id carries, as an editor does once
// it applied the edit.
func (s *session) acceptedNextEdit(id string) {
	arg, _ := json.Marshal(id)
	_ = protocol.Call(s.ctx, s.conn, protocol.MethodWorkspaceExecuteCommand, &protocol.ExecuteCommandParams{
		Command: lsp.CommandAcceptNextEdit, Arguments: []protocol.LSPAny{arg},
	}, nil)
}

// reopen closes the session's document and opens another in its place.
func (s *session) reopen(path, language, text string) error {
	if s.doc != nil {
		if err := s.server.DidClose(s.ctx, &protocol.DidCloseTextDocumentParams{
			TextDocument: protocol.TextDocumentIdentifier{URI: uri.URI(s.uri)},
		}); err != nil {
			return err
		}
	}
	return s.open(path, language, text)
}
