package lsp

import (
	"context"
	"encoding/json"
	"fmt"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/lspilot/lspilot/diffing"
	"github.com/lspilot/lspilot/inference/nextedit"
)

// The next edit as a code action, for editors that have no display of
// their own for next edits (Helix, Kakoune, Zed, Sublime's LSP...): the
// action's resolve asks the next editor at the cursor, as
// MethodCopilotInlineEdit does (an edit already offered there is answered
// at once), and carries the edit as a versioned WorkspaceEdit with the
// edit's accept command, which the editor runs after applying it.

// actionNextEdit names the next-edit code action in its data.
const actionNextEdit = "nextEdit"

// titleNextEdit is the next-edit action's title in the editor's menu.
const titleNextEdit = "Next edit with AI"

// nextEditAction returns the next-edit action for the cursor at the start
// of data's range, when next edits are on, the client never asked for them
// itself (then it shows them its own way) and it wants quick fixes.
func (s *server) nextEditAction(data actionData, only []protocol.CodeActionKind) (*protocol.CodeAction, bool) {
	if !s.config.Get().NextEdit.Enabled || s.nextEdits.asked.Load() || !wanted(only, protocol.CodeActionKindQuickFix) {
		return nil, false
	}
	data.Action, data.Diagnostics = actionNextEdit, nil
	raw, _ := json.Marshal(data)
	kind := protocol.CodeActionKindQuickFix
	ca := &protocol.CodeAction{Title: titleNextEdit, Kind: &kind, Data: raw}
	if !s.clientCaps().resolveEdit {
		ca.Command = protocol.Command{Title: titleNextEdit, Command: CommandRunCodeAction, Arguments: []protocol.LSPAny{raw}}
	}
	return ca, true
}

// resolveNextEdit fills in the next-edit action's edit and command.
func (s *server) resolveNextEdit(ctx context.Context, action *protocol.CodeAction, data actionData) (*protocol.CodeAction, error) {
	we, id, note, err := s.nextEditChange(ctx, data)
	if err != nil {
		return nil, err
	}
	action.Edit = we
	action.Title += note
	action.Command = protocol.Command{Title: "Accept next edit", Command: CommandAcceptNextEdit,
		Arguments: []protocol.LSPAny{jsonString(id)}}
	return action, nil
}

// runNextEditAction runs the next-edit action for clients that cannot
// resolve it: the edit goes to the editor with workspace/applyEdit, and is
// counted accepted once applied.
func (s *server) runNextEditAction(ctx context.Context, data actionData) (protocol.LSPAny, error) {
	we, id, note, err := s.nextEditChange(ctx, data)
	if err != nil {
		return nil, err
	}
	label := "lspilot: next edit" + note
	res, err := s.client.ApplyEdit(ctx, &protocol.ApplyWorkspaceEditParams{Label: &label, Edit: *we})
	if err != nil {
		return nil, fmt.Errorf("apply edit: %w", err)
	}
	if !res.Applied {
		return nil, jsonrpc2.NewError(codeRequestFailed, "the editor refused the edit")
	}
	s.reportNextEdit(id, nextedit.FeedbackAccepted)
	return protocol.LSPAny("null"), nil
}

// nextEditChange asks the next editor for the edit at the action's cursor
// and returns it as a WorkspaceEdit, with the edit's id and a note naming
// the protected file it changes, if it does.
func (s *server) nextEditChange(ctx context.Context, data actionData) (*protocol.WorkspaceEdit, string, string, error) {
	snap, err := s.snapshot(uri.URI(data.URI))
	if err != nil {
		return nil, "", "", err
	}
	if snap.Version != data.Version {
		return nil, "", "", jsonrpc2.Errorf(protocol.CodeContentModified,
			"the document changed since the action was offered (version %d, now %d): ask again", data.Version, snap.Version)
	}
	path := s.relPath(snap.URI)
	if s.excludedDoc(path, snap.URI) {
		return nil, "", "", jsonrpc2.NewError(codeRequestFailed, "lspilot: "+ErrExcluded.Error())
	}
	req := nextedit.Request{Session: s.session, URI: snap.URI, Path: path, Language: snap.LanguageID,
		Text: snap.Text, Cursor: cursor(snap, data.Range.Start, s.encoding())}
	ctx, done := s.nextEdits.start(ctx, snap.URI)
	defer done()
	jsonrpc2.Async(ctx)
	suggestions, err := s.features.Load().NextEditor.Suggest(ctx, req)
	switch {
	case err != nil && ctx.Err() != nil:
		return nil, "", "", ctx.Err()
	case err != nil:
		return nil, "", "", jsonrpc2.NewError(codeRequestFailed, "lspilot: next edit: "+userText(err.Error()))
	case len(suggestions) == 0:
		return nil, "", "", jsonrpc2.NewError(codeRequestFailed, "lspilot: no next edit here")
	}
	sg := suggestions[0]
	change := diffing.FileResult{Path: path, Edits: []diffing.Edit{{Start: sg.Start, End: sg.End, New: sg.New}},
		NewText: snap.Text[:sg.Start] + sg.New + snap.Text[sg.End:]}
	we, protected, err := s.workspaceEdit(snap, diffing.Result{Files: []diffing.FileResult{change}})
	if err != nil {
		return nil, "", "", jsonrpc2.NewError(codeRequestFailed, "lspilot: "+userText(err.Error()))
	}
	return we, sg.ID, protectedNote(protected), nil
}
