package lsp_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/lspilot/lspilot/diffing"
	"github.com/lspilot/lspilot/inference/edit"
	"github.com/lspilot/lspilot/lsp"
	"github.com/lspilot/lspilot/lsp/lsptest"
)

// cannedEditor answers every edit with a fixed model output, turned into
// edits by the real diffing pipeline, as the edit engine does.
type cannedEditor struct {
	output string
	block  bool // wait for the context to end instead
	seen   chan edit.Request
}

func (c *cannedEditor) Edit(ctx context.Context, req edit.Request, onText func(string)) (diffing.Result, error) {
	if c.seen != nil {
		c.seen <- req
	}
	if c.block {
		onText("thinking")
		<-ctx.Done()
		return diffing.Result{}, ctx.Err()
	}
	onText(c.output)
	res, err := diffing.FromModelOutput(req.Path, req.Text, req.Start, req.End, c.output, diffing.Options{Lookup: req.Lookup})
	if err != nil {
		return diffing.Result{}, err
	}
	return res, nil
}

const goSource = "package p\n\nfunc Add(a, b int) int {\n\treturn a - b\n}\n"

const fixDiff = "```diff\n--- a/p.go\n+++ b/p.go\n@@ -3,3 +3,3 @@\n func Add(a, b int) int {\n-\treturn a - b\n+\treturn a + b\n }\n```\n"

// workspace makes a root with p.go and starts a session in it.
func workspace(t *testing.T, ed lsp.CodeEditor, caps protocol.ClientCapabilities) (*lsptest.Editor, string, string) {
	root := t.TempDir()
	path := filepath.Join(root, "p.go")
	if err := os.WriteFile(path, []byte(goSource), 0o644); err != nil {
		t.Fatal(err)
	}
	e := lsptest.Start(t, lsp.Options{Features: lsp.Features{Editor: ed}},
		&protocol.InitializeParams{RootURI: ptr(uri.File(root)), Capabilities: caps})
	u := string(uri.File(path))
	e.Open(u, "go", goSource)
	return e, root, u
}

func resolveCaps(documentChanges bool) protocol.ClientCapabilities {
	return protocol.ClientCapabilities{
		TextDocument: &protocol.TextDocumentClientCapabilities{CodeAction: &protocol.CodeActionClientCapabilities{
			ResolveSupport: protocol.ClientCodeActionResolveOptions{Properties: []string{"edit"}}}},
		Workspace: &protocol.WorkspaceClientCapabilities{WorkspaceEdit: &protocol.WorkspaceEditClientCapabilities{
			DocumentChanges:    &documentChanges,
			ResourceOperations: []protocol.ResourceOperationKind{protocol.ResourceOperationKindCreate}}},
	}
}

func listActions(t *testing.T, e *lsptest.Editor, u string, r protocol.Range, diags []protocol.Diagnostic, only ...protocol.CodeActionKind) []*protocol.CodeAction {
	t.Helper()
	var raw []json.RawMessage
	if err := e.Call(protocol.MethodTextDocumentCodeAction, &protocol.CodeActionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: uri.URI(u)}, Range: r,
		Context: protocol.CodeActionContext{Diagnostics: diags, Only: only},
	}, &raw); err != nil {
		t.Fatal(err)
	}
	var out []*protocol.CodeAction
	for _, m := range raw {
		var ca protocol.CodeAction
		if err := protocol.Unmarshal(m, &ca); err != nil {
			t.Fatal(err)
		}
		out = append(out, &ca)
	}
	return out
}

func titles(as []*protocol.CodeAction) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.Title)
	}
	return out
}

var returnLine = protocol.Range{Start: protocol.Position{Line: 3, Character: 1}, End: protocol.Position{Line: 3, Character: 13}}

func TestCodeActionList(t *testing.T) {
	seen := make(chan edit.Request, 1)
	e, _, u := workspace(t, &cannedEditor{output: fixDiff, seen: seen}, resolveCaps(true))
	diag := protocol.Diagnostic{Range: returnLine, Message: protocol.String("Add subtracts")}
	got := titles(listActions(t, e, u, returnLine, []protocol.Diagnostic{diag}))
	want := []string{"Fix with AI: Add subtracts", "Rewrite selection with AI", "Simplify with AI",
		"Add doc comment with AI", "Generate tests for this function with AI", "Next edit with AI", "Explain with AI"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("actions = %q, want %q", got, want)
	}
	if got := titles(listActions(t, e, u, protocol.Range{}, nil, protocol.CodeActionKindQuickFix)); len(got) != 1 || got[0] != "Next edit with AI" {
		t.Errorf("quickfix without diagnostics = %q, want the next edit alone", got)
	}
	if got := titles(listActions(t, e, u, returnLine, nil, protocol.CodeActionKindRefactor)); len(got) != 3 {
		t.Errorf("refactor actions = %q, want the three rewrites", got)
	}
	select {
	case <-seen:
		t.Error("listing actions ran the model")
	default:
	}
}

func resolve(t *testing.T, e *lsptest.Editor, ca *protocol.CodeAction) (*protocol.CodeAction, error) {
	var out protocol.CodeAction
	err := e.Call(protocol.MethodCodeActionResolve, ca, &out)
	return &out, err
}

// TestCodeActionResolve resolves "Fix with AI" into a WorkspaceEdit whose
// document change carries the version it was computed for.
func TestCodeActionResolve(t *testing.T) {
	e, _, u := workspace(t, &cannedEditor{output: fixDiff}, resolveCaps(true))
	diag := protocol.Diagnostic{Range: returnLine, Message: protocol.String("Add subtracts")}
	ca := listActions(t, e, u, returnLine, []protocol.Diagnostic{diag})[0]
	got, err := resolve(t, e, ca)
	if err != nil {
		t.Fatal(err)
	}
	if got.Edit == nil || len(got.Edit.DocumentChanges) != 1 {
		t.Fatalf("edit = %+v, want one document change", got.Edit)
	}
	tde, ok := got.Edit.DocumentChanges[0].(*protocol.TextDocumentEdit)
	if !ok || tde.TextDocument.Version == nil || *tde.TextDocument.Version != 1 || string(tde.TextDocument.URI) != u {
		t.Fatalf("document change = %+v, want a versioned edit of %s", got.Edit.DocumentChanges[0], u)
	}
	te := tde.Edits[0].(*protocol.TextEdit)
	if te.NewText != "+" || te.Range.Start.Line != 3 {
		t.Errorf("edit = %+v, want the minimal edit '-' → '+' on line 3", te)
	}
}

// TestCodeActionChangesFallback resolves for a client without
// documentChanges: plain changes keyed by URI.
func TestCodeActionChangesFallback(t *testing.T) {
	e, _, u := workspace(t, &cannedEditor{output: fixDiff}, resolveCaps(false))
	ca := listActions(t, e, u, returnLine, []protocol.Diagnostic{{Range: returnLine, Message: protocol.String("bug")}})[0]
	got, err := resolve(t, e, ca)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Edit.Changes[uri.URI(u)]) != 1 || len(got.Edit.DocumentChanges) != 0 {
		t.Errorf("edit = %+v, want one change in Changes", got.Edit)
	}
}

// TestCodeActionRefusals checks that proposals for files outside the
// workspace, answers that are not edits, and documents edited between list
// and resolve get a clear error and no edit.
func TestCodeActionRefusals(t *testing.T) {
	outside := t.TempDir()
	tests := []struct {
		name, output, want string
		edit               bool
	}{
		{name: "dot-dot path", output: "--- a/../evil.go\n+++ b/../evil.go\n@@ -0,0 +1 @@\n+package evil\n", want: "evil.go"},
		{name: "absolute path elsewhere", output: "--- /dev/null\n+++ " + filepath.Join(outside, "x.go") + "\n@@ -0,0 +1 @@\n+package x\n", want: "outside the workspace"},
		{name: "symlink out of the root", output: "--- /dev/null\n+++ b/link/x.go\n@@ -0,0 +1 @@\n+package x\n", want: "outside the workspace"},
		{name: "prose only", output: "You should add the numbers instead of subtracting them.", want: "lspilot:"},
		{name: "document edited before resolve", output: fixDiff, edit: true, want: "changed since the action was offered"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, root, u := workspace(t, &cannedEditor{output: tt.output}, resolveCaps(true))
			if err := os.Symlink(outside, filepath.Join(root, "link")); err != nil {
				t.Fatal(err)
			}
			ca := listActions(t, e, u, returnLine, nil)[0]
			if tt.edit {
				e.Edit(u, 0, 0, "// edited\n")
			}
			got, err := resolve(t, e, ca)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("resolve = %+v, %v; want an error containing %q", got.Edit, err, tt.want)
			}
			if _, err := os.Stat(filepath.Join(outside, "x.go")); !errors.Is(err, os.ErrNotExist) {
				t.Error("a file was written outside the workspace")
			}
		})
	}
}

// TestRunCodeActionApplies runs an action through its command, as clients
// without resolve do: the edit reaches the editor through applyEdit and the
// model's answer streams as progress.
func TestRunCodeActionApplies(t *testing.T) {
	caps := resolveCaps(true)
	caps.TextDocument = nil
	e, _, u := workspace(t, &cannedEditor{output: fixDiff}, caps)
	ca := listActions(t, e, u, returnLine, []protocol.Diagnostic{{Range: returnLine, Message: protocol.String("bug")}})[0]
	if ca.Command.Command != lsp.CommandRunCodeAction {
		t.Fatalf("action command = %q, want %s", ca.Command.Command, lsp.CommandRunCodeAction)
	}
	if err := e.Call(protocol.MethodWorkspaceExecuteCommand, &protocol.ExecuteCommandParams{
		WorkDoneProgressParams: protocol.WorkDoneProgressParams{WorkDoneToken: protocol.String("t1")},
		Command:                ca.Command.Command, Arguments: ca.Command.Arguments,
	}, nil); err != nil {
		t.Fatal(err)
	}
	if n := len(e.Client.Edits()); n != 1 {
		t.Fatalf("applyEdit calls = %d, want 1", n)
	}
	var kinds []string
	for _, p := range e.Client.ProgressReports() {
		var v struct{ Kind string }
		json.Unmarshal(p.Value, &v)
		kinds = append(kinds, v.Kind)
	}
	if strings.Join(kinds, ",") != "begin,report,end" {
		t.Errorf("progress = %q, want begin,report,end", kinds)
	}
}

// TestProgressCancelStopsEdit cancels the work-done progress of a running
// action: the model call ends and the command reports the cancellation.
func TestProgressCancelStopsEdit(t *testing.T) {
	caps := resolveCaps(true)
	caps.TextDocument = nil
	seen := make(chan edit.Request, 1)
	e, _, u := workspace(t, &cannedEditor{block: true, seen: seen}, caps)
	ca := listActions(t, e, u, returnLine, nil)[0]
	p := e.Go(protocol.MethodWorkspaceExecuteCommand, &protocol.ExecuteCommandParams{
		WorkDoneProgressParams: protocol.WorkDoneProgressParams{WorkDoneToken: protocol.String("t2")},
		Command:                ca.Command.Command, Arguments: ca.Command.Arguments,
	}, nil)
	<-seen
	if err := e.Conn().Notify(t.Context(), protocol.MethodWindowWorkDoneProgressCancel,
		&protocol.WorkDoneProgressCancelParams{Token: protocol.String("t2")}); err != nil {
		t.Fatal(err)
	}
	if err := p.Wait(); err == nil {
		t.Error("cancelled action succeeded")
	}
}
