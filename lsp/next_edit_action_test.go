package lsp_test

import (
	"encoding/json"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
	"go.uber.org/zap/zaptest"

	"github.com/lspilot/lspilot/inference/nextedit"
	"github.com/lspilot/lspilot/lsp"
	"github.com/lspilot/lspilot/lsp/lsptest"
)

// nextEditActionSession starts a session with caps whose next editor
// answers the rename of xs in nextEditDoc, renames xs in the signature as
// the user would, and returns the next-edit code action listed there.
func nextEditActionSession(t *testing.T, caps protocol.ClientCapabilities) (*lsptest.Editor, string, *protocol.CodeAction) {
	t.Helper()
	fixed := strings.Replace(nextEditDoc, "len(xs)", "len(values)", 1)
	eng, err := nextedit.New(&cannedGen{answers: []string{fixed}}, nextedit.Config{Format: nextedit.FormatSweep}, zaptest.NewLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(eng.Close)
	e := lsptest.Start(t, lsp.Options{Features: lsp.Features{NextEditor: eng}}, &protocol.InitializeParams{Capabilities: caps})
	u := "file:///ws/calc/sum.go"
	// The user renames xs to values in the signature.
	before := strings.Replace(nextEditDoc, "Sum(values", "Sum(xs", 1)
	e.Open(u, "go", before)
	start := strings.Index(before, "xs")
	e.Edit(u, start, start+len("xs"), "values")
	at := e.Position(u, strings.Index(nextEditDoc, "values"))
	for _, ca := range listActions(t, e, u, protocol.Range{Start: at, End: at}, nil, protocol.CodeActionKindQuickFix) {
		if ca.Title == "Next edit with AI" {
			return e, u, ca
		}
	}
	t.Fatal("no next-edit action listed")
	return nil, "", nil
}

// wantRename checks that te is the minimal edit of the rename: the x of
// len(xs) made value.
func wantRename(t *testing.T, te protocol.TextEdit) {
	t.Helper()
	if te.NewText != "value" || te.Range.Start != (protocol.Position{Line: 3, Character: 12}) || te.Range.End != (protocol.Position{Line: 3, Character: 13}) {
		t.Errorf("edit = %+v, want x of xs on line 4 made value", te)
	}
}

// TestNextEditCodeActionResolve resolves the next-edit action as Helix
// does: a versioned edit of the document, and the accept command, which
// the editor runs after applying it and lspilot counts.
func TestNextEditCodeActionResolve(t *testing.T) {
	e, u, ca := nextEditActionSession(t, resolveCaps(true))
	got, err := resolve(t, e, ca)
	if err != nil {
		t.Fatal(err)
	}
	if got.Edit == nil || len(got.Edit.DocumentChanges) != 1 {
		t.Fatalf("edit = %+v, want one document change", got.Edit)
	}
	tde, ok := got.Edit.DocumentChanges[0].(*protocol.TextDocumentEdit)
	if !ok || tde.TextDocument.Version == nil || *tde.TextDocument.Version != 2 || string(tde.TextDocument.URI) != u || len(tde.Edits) != 1 {
		t.Fatalf("document change = %+v, want one versioned edit of %s", got.Edit.DocumentChanges[0], u)
	}
	wantRename(t, *tde.Edits[0].(*protocol.TextEdit))
	if got.Command.Command != lsp.CommandAcceptNextEdit || len(got.Command.Arguments) != 1 {
		t.Fatalf("command = %+v, want %s with the edit's id", got.Command, lsp.CommandAcceptNextEdit)
	}
	if err := e.Call(protocol.MethodWorkspaceExecuteCommand, &protocol.ExecuteCommandParams{
		Command: got.Command.Command, Arguments: got.Command.Arguments}, nil); err != nil {
		t.Fatal(err)
	}
	if st := nextEditCounters(t, e); st.Accepted != 1 || st.ModelCalls != 1 {
		t.Errorf("counters = %+v, want one model call and one accepted edit", st)
	}
}

// TestNextEditCodeActionRun runs the action through its command, as
// clients without resolve do: the edit reaches the editor through
// applyEdit and is counted accepted.
func TestNextEditCodeActionRun(t *testing.T) {
	caps := resolveCaps(false)
	caps.TextDocument = nil
	e, u, ca := nextEditActionSession(t, caps)
	if ca.Command.Command != lsp.CommandRunCodeAction {
		t.Fatalf("action command = %q, want %s", ca.Command.Command, lsp.CommandRunCodeAction)
	}
	if err := e.Call(protocol.MethodWorkspaceExecuteCommand, &protocol.ExecuteCommandParams{
		Command: ca.Command.Command, Arguments: ca.Command.Arguments}, nil); err != nil {
		t.Fatal(err)
	}
	edits := e.Client.Edits()
	if len(edits) != 1 || len(edits[0].Changes[uri.URI(u)]) != 1 {
		t.Fatalf("applyEdit calls = %+v, want one with one change of %s", edits, u)
	}
	wantRename(t, edits[0].Changes[uri.URI(u)][0])
	if st := nextEditCounters(t, e); st.Accepted != 1 {
		t.Errorf("counters = %+v, want one accepted edit", st)
	}
}

// TestNextEditCodeActionNotForNextEditClients checks that a client that
// asks for next edits itself, and shows them its own way, is not offered
// the action.
func TestNextEditCodeActionNotForNextEditClients(t *testing.T) {
	e, u, _ := nextEditActionSession(t, resolveCaps(true))
	var res lsp.CopilotInlineEditResult
	if err := e.Call(lsp.MethodCopilotInlineEdit, inlineEditParams(e, u, 1), &res); err != nil {
		t.Fatal(err)
	}
	if got := titles(listActions(t, e, u, protocol.Range{}, nil)); strings.Contains(strings.Join(got, "|"), "Next edit") {
		t.Errorf("actions = %q after a next-edit request, want no next-edit action", got)
	}
}

// nextEditCounters returns lspilot.status's next-edit counters.
func nextEditCounters(t *testing.T, e *lsptest.Editor) nextedit.Stats {
	t.Helper()
	b, _ := json.Marshal(statusOf(t, e).NextEdit)
	var st nextedit.Stats
	if err := json.Unmarshal(b, &st); err != nil {
		t.Fatalf("status has no next-edit counters: %s", b)
	}
	return st
}
