//go:build linux

package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/lspilot/lspilot/lsp"
	"github.com/lspilot/lspilot/lsp/lsptest"
)

// fakeOptions are the initializationOptions that point a session at a
// fakeOpenAI: a stalled stream fails after a second, without retries.
func fakeOptions(url string) string {
	return fmt.Sprintf(`{"backends":[{"kind":"openai","url":%q,"model":%q,"idleTimeoutMs":1000,"retries":0}],`+
		`"fim":{"template":"qwen2.5-coder"},"completion":{"warmup":false}}`, url, fakeModel)
}

// editorCaps are the capabilities of an editor that resolves code actions'
// edits, applies versioned changes, creates files and, with annotations,
// asks the user to confirm annotated changes.
func editorCaps(resolve, annotations bool) protocol.ClientCapabilities {
	yes := true
	caps := protocol.ClientCapabilities{
		Workspace: &protocol.WorkspaceClientCapabilities{WorkspaceEdit: &protocol.WorkspaceEditClientCapabilities{
			DocumentChanges:    &yes,
			ResourceOperations: []protocol.ResourceOperationKind{protocol.ResourceOperationKindCreate}}},
	}
	if resolve {
		caps.TextDocument = &protocol.TextDocumentClientCapabilities{CodeAction: &protocol.CodeActionClientCapabilities{
			ResolveSupport: protocol.ClientCodeActionResolveOptions{Properties: []string{"edit"}}}}
	}
	if annotations {
		caps.Workspace.WorkspaceEdit.ChangeAnnotationSupport = &protocol.ChangeAnnotationsSupportOptions{}
	}
	return caps
}

const calcSource = "package calc\n\nfunc Add(a, b int) int {\n\treturn a - b\n}\n"

// alsoChanges is a model answer that fixes calc.go and adds the diff of
// another file.
func alsoChanges(other string) string {
	return "```diff\n--- a/calc.go\n+++ b/calc.go\n@@ -3,3 +3,3 @@\n func Add(a, b int) int {\n-\treturn a - b\n+\treturn a + b\n }\n" +
		other + "```\n"
}

func createsFile(name string) string {
	return alsoChanges("--- /dev/null\n+++ b/" + name + "\n@@ -0,0 +1 @@\n+{}\n")
}

// TestCodeActionFilesProcess runs "Fix with AI" through the real binary
// against a server whose answer also touches another file: through a
// dangling link out of the workspace, git's config, an editor's tasks, a
// named pipe and a sparse file of a gigabyte. Each is refused with its
// reason, promptly, and the process stays small and responsive; the tasks
// file is offered only under an annotation that needs confirmation.
func TestCodeActionFilesProcess(t *testing.T) {
	outside := t.TempDir()
	tests := []struct {
		name        string
		setup       func(t *testing.T, root string)
		answer      string
		resolve     bool // the client resolves edits; else it runs the command
		annotations bool
		want        string // in the error; "" for an annotated edit
	}{
		{name: "dangling link out of the workspace", answer: createsFile("evil.json"), resolve: true, annotations: true,
			setup: func(t *testing.T, root string) {
				symlink(t, filepath.Join(outside, "evil.json"), filepath.Join(root, "evil.json"))
			},
			want: "outside the workspace"},
		{name: "git config", answer: alsoChanges("--- a/.git/config\n+++ b/.git/config\n@@ -1 +1,2 @@\n [core]\n+\tfsmonitor = \"sh -c evil\"\n"),
			resolve: true, annotations: true,
			setup: func(t *testing.T, root string) { writeTree(t, root, ".git/config", "[core]\n") },
			want:  "excluded by lspilot's privacy rules"},
		{name: "mercurial config", answer: alsoChanges("--- a/.hg/hgrc\n+++ b/.hg/hgrc\n@@ -1 +1,2 @@\n [hooks]\n+pre-commit = sh -c evil\n"),
			resolve: true, annotations: true,
			setup: func(t *testing.T, root string) { writeTree(t, root, ".hg/hgrc", "[hooks]\n") },
			want:  "never edited by code actions"},
		{name: "editor tasks, no annotations", answer: createsFile(".vscode/tasks.json"), resolve: true,
			want: "cannot ask to confirm"},
		{name: "editor tasks, annotated", answer: createsFile(".vscode/tasks.json"), resolve: true, annotations: true},
		{name: "named pipe, resolve", answer: createsFile("pipe.json"), resolve: true,
			setup: func(t *testing.T, root string) { mkfifo(t, filepath.Join(root, "pipe.json")) },
			want:  "not a regular file"},
		{name: "named pipe, command", answer: createsFile("pipe.json"),
			setup: func(t *testing.T, root string) { mkfifo(t, filepath.Join(root, "pipe.json")) },
			want:  "not a regular file"},
		{name: "sparse gigabyte", answer: createsFile("big.json"), resolve: true,
			setup: func(t *testing.T, root string) { truncate(t, filepath.Join(root, "big.json"), 1<<30) },
			want:  "larger than codeActions.maxFileBytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeOpenAI(t, "no suggestions here", "")
			f.chat.Store(tt.answer)
			root := t.TempDir()
			writeTree(t, root, "calc.go", calcSource)
			if tt.setup != nil {
				tt.setup(t, root)
			}
			p := startProc(t, nil, "serve")
			p.initializeRoot(t, root, fakeOptions(f.URL), editorCaps(tt.resolve, tt.annotations))
			u := string(uri.File(filepath.Join(root, "calc.go")))
			p.open(t, u, "go", calcSource)
			edit, err := p.fix(t, u)
			switch {
			case tt.want == "":
				if err != nil || edit == nil || len(edit.ChangeAnnotations) != 1 {
					t.Fatalf("fix = %+v, %v; want an annotated edit", edit, err)
				}
				for _, a := range edit.ChangeAnnotations {
					if a.NeedsConfirmation == nil || !*a.NeedsConfirmation || !strings.Contains(a.Label, ".vscode/tasks.json") {
						t.Errorf("annotation %+v does not ask to confirm .vscode/tasks.json", a)
					}
				}
			default:
				var rpcErr *jsonrpc2.Error
				if !errors.As(err, &rpcErr) || !strings.Contains(rpcErr.Message, tt.want) {
					t.Fatalf("fix = %+v, %v; want an error containing %q", edit, err, tt.want)
				}
			}
			if entries, _ := os.ReadDir(outside); len(entries) != 0 {
				t.Errorf("files appeared outside the workspace: %v", entries)
			}
			p.status(t) // still serving
			if hwm := peakRSS(t, p.cmd.Process.Pid); hwm > 256<<20 {
				t.Errorf("peak memory of the server = %d MiB, want far below the gigabyte file", hwm>>20)
			}
			if code := p.shutdown(t); code != 0 {
				t.Errorf("exit code %d", code)
			}
		})
	}
}

// initializeRoot initializes a session with a workspace root, options and
// capabilities.
func (p *proc) initializeRoot(t *testing.T, root, options string, caps protocol.ClientCapabilities) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), lsptest.Timeout)
	defer cancel()
	if _, err := p.server.Initialize(ctx, &protocol.InitializeParams{
		RootURI: ptrURI(uri.File(root)), InitializationOptions: protocol.LSPAny(options), Capabilities: caps,
	}); err != nil {
		t.Fatalf("initialize: %v", err)
	}
	if err := p.server.Initialized(ctx, &protocol.InitializedParams{}); err != nil {
		t.Fatal(err)
	}
}

// fix lists the actions for the return line of calcSource with a
// diagnostic on it and runs "Fix with AI": through codeAction/resolve when
// the action comes unresolved, else through its command. It returns the
// resolved edit, or nil after the command.
func (p *proc) fix(t *testing.T, u string) (*protocol.WorkspaceEdit, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), lsptest.Timeout)
	defer cancel()
	line := protocol.Range{Start: protocol.Position{Line: 3, Character: 1}, End: protocol.Position{Line: 3, Character: 13}}
	var actions []protocol.CodeAction
	if err := protocol.Call(ctx, p.conn, protocol.MethodTextDocumentCodeAction, &protocol.CodeActionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: uri.URI(u)}, Range: line,
		Context: protocol.CodeActionContext{Diagnostics: []protocol.Diagnostic{{Range: line, Message: protocol.String("Add subtracts")}}},
	}, &actions); err != nil {
		t.Fatal(err)
	}
	if len(actions) == 0 || !strings.HasPrefix(actions[0].Title, "Fix with AI") {
		t.Fatalf("actions = %+v, want Fix with AI first", actions)
	}
	fix := actions[0]
	if fix.Command.Command == lsp.CommandRunCodeAction {
		return nil, protocol.Call(ctx, p.conn, protocol.MethodWorkspaceExecuteCommand,
			&protocol.ExecuteCommandParams{Command: fix.Command.Command, Arguments: fix.Command.Arguments}, nil)
	}
	var resolved protocol.CodeAction
	if err := protocol.Call(ctx, p.conn, protocol.MethodCodeActionResolve, &fix, &resolved); err != nil {
		return nil, err
	}
	return resolved.Edit, nil
}

// peakRSS returns the peak resident memory of process pid, in bytes.
func peakRSS(t *testing.T, pid int) int64 {
	t.Helper()
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return kb << 10
		}
	}
	t.Fatal("no VmHWM in /proc status")
	return 0
}

func writeTree(t *testing.T, root, name, text string) {
	t.Helper()
	path := filepath.Join(root, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func mkfifo(t *testing.T, path string) {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Fatal(err)
	}
}

func truncate(t *testing.T, path string, size int64) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.Truncate(size); err != nil {
		t.Fatal(err)
	}
}

// TestRetryAfterStalledSuggestion asks for a suggestion while the server
// stalls: the request fails when the backend's idle timeout passes. Asking
// again at the same place, the text unchanged, reaches the server again and
// returns its suggestion.
func TestRetryAfterStalledSuggestion(t *testing.T) {
	const src = "package sum\n\n// sumPair adds a and b.\nfunc sumPair(a, b int) int {\n\t\n}\n"
	f := newFakeOpenAI(t, "sumPair", "return a + b")
	f.stalls.Store(1)
	p := startProc(t, nil, "serve")
	p.initializeWith(t, fakeOptions(f.URL))
	u := string(uri.File(filepath.Join(t.TempDir(), "sum.go")))
	p.open(t, u, "go", src)
	at := protocol.Position{Line: 4, Character: 1}
	if items := p.inline(t, u, at, false).Items; len(items) != 0 {
		t.Fatalf("suggestion from a stalled server: %+v", items)
	}
	items := p.inline(t, u, at, false).Items
	b, _ := json.Marshal(items)
	if len(items) == 0 || !strings.Contains(string(b), "return a + b") {
		t.Fatalf("suggestion after the stall = %s, want the server's answer", b)
	}
	if n := f.suggestionCalls(); n != 2 {
		t.Errorf("suggestion requests at the server = %d, want 2", n)
	}
	if code := p.shutdown(t); code != 0 {
		t.Errorf("exit code %d", code)
	}
}
