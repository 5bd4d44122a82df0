//go:build unix

package lsp_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
	"go.uber.org/zap/zaptest"

	"github.com/lspilot/lspilot/inference/edit"
	"github.com/lspilot/lspilot/lsp"
	"github.com/lspilot/lspilot/lsp/lsptest"
)

// createDiff is a model answer that creates name with one line.
func createDiff(name string) string {
	return "--- /dev/null\n+++ b/" + name + "\n@@ -0,0 +1 @@\n+x\n"
}

// editDiff is a model answer that changes the line "old" of name.
func editDiff(name string) string {
	return "--- a/" + name + "\n+++ b/" + name + "\n@@ -1 +1 @@\n-old\n+new\n"
}

// annotationCaps are resolveCaps with change annotations.
func annotationCaps() protocol.ClientCapabilities {
	caps := resolveCaps(true)
	caps.Workspace.WorkspaceEdit.ChangeAnnotationSupport = &protocol.ChangeAnnotationsSupportOptions{}
	return caps
}

// TestCodeActionFileRefusals checks the files a proposal may not touch:
// through a dangling link to a missing file outside the workspace, git's own
// files, protected files for a client that cannot confirm, and files that
// are not regular or too large. Each is refused with a reason, at once, and
// nothing is written.
func TestCodeActionFileRefusals(t *testing.T) {
	outside := t.TempDir()
	tests := []struct {
		name   string
		setup  func(t *testing.T, root string)
		output string
		caps   protocol.ClientCapabilities
		want   string
	}{
		{name: "dangling link to a missing file outside", output: createDiff("evil.go"), caps: annotationCaps(),
			setup: link("evil.go", filepath.Join(outside, "x.go")), want: "outside the workspace"},
		{name: "dangling link to a missing directory outside", output: createDiff("gen/x.go"), caps: annotationCaps(),
			setup: link("gen", filepath.Join(outside, "missing")), want: "outside the workspace"},
		{name: "git config", output: editDiff(".git/config"), caps: annotationCaps(),
			setup: file(".git/config", "old\n"), want: "privacy rules"},
		{name: "link to git config", output: editDiff("notes.txt"), caps: annotationCaps(),
			setup: both(file(".git/config", "old\n"), link("notes.txt", ".git/config")), want: "privacy rules"},
		{name: "mercurial config", output: editDiff(".hg/hgrc"), caps: annotationCaps(),
			setup: file(".hg/hgrc", "old\n"), want: "never edited by code actions"},
		{name: "link to mercurial config", output: editDiff("notes.txt"), caps: annotationCaps(),
			setup: both(file(".hg/hgrc", "old\n"), link("notes.txt", ".hg/hgrc")), want: "never edited by code actions"},
		{name: "editor tasks without annotations", output: createDiff(".vscode/tasks.json"), caps: resolveCaps(true),
			want: "cannot ask to confirm"},
		{name: "editor tasks without documentChanges", output: editDiff(".vscode/settings.json"),
			caps: func() protocol.ClientCapabilities {
				c := annotationCaps()
				c.Workspace.WorkspaceEdit.DocumentChanges = new(bool)
				return c
			}(),
			setup: file(".vscode/settings.json", "old\n"), want: "cannot ask to confirm"},
		{name: "named pipe named as new", output: createDiff("pipe.go"), caps: annotationCaps(),
			setup: fifo("pipe.go"), want: "a named pipe: not a regular file"},
		{name: "sparse gigabyte named as new", output: createDiff("big.go"), caps: annotationCaps(),
			setup: sparse("big.go", 1<<30), want: "larger than codeActions.maxFileBytes"},
		{name: "directory named as new", output: createDiff("dir"), caps: annotationCaps(),
			setup: func(t *testing.T, root string) { os.Mkdir(filepath.Join(root, "dir"), 0o755) }, want: "not a regular file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, root, u := workspace(t, &cannedEditor{output: tt.output}, tt.caps)
			if tt.setup != nil {
				tt.setup(t, root)
			}
			ca := listActions(t, e, u, returnLine, nil)[0]
			got, err := resolve(t, e, ca)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("resolve = %+v, %v; want an error containing %q", got.Edit, err, tt.want)
			}
			entries, _ := os.ReadDir(outside)
			if len(entries) != 0 {
				t.Errorf("files appeared outside the workspace: %v", entries)
			}
		})
	}
}

// TestCodeActionProtectedAnnotated offers an edit of a protected file to a
// client that confirms change annotations: every change of that file carries
// an annotation that needs confirmation and names the file and the risk, and
// the title says it too.
func TestCodeActionProtectedAnnotated(t *testing.T) {
	e, _, u := workspace(t, &cannedEditor{output: createDiff(".vscode/tasks.json")}, annotationCaps())
	ca := listActions(t, e, u, returnLine, nil)[0]
	got, err := resolve(t, e, ca)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(got.Title, "protected .vscode/tasks.json") {
		t.Errorf("title %q does not name the protected file", got.Title)
	}
	checkAnnotated(t, got.Edit, ".vscode/tasks.json")
}

// TestRunCodeActionProtectedAnnotated runs the same through the command,
// for clients without resolve: the edit sent with applyEdit is annotated.
func TestRunCodeActionProtectedAnnotated(t *testing.T) {
	caps := annotationCaps()
	caps.TextDocument = nil
	e, _, u := workspace(t, &cannedEditor{output: createDiff(".envrc")}, caps)
	ca := listActions(t, e, u, returnLine, nil)[0]
	if err := e.Call(protocol.MethodWorkspaceExecuteCommand, &protocol.ExecuteCommandParams{
		Command: ca.Command.Command, Arguments: ca.Command.Arguments,
	}, nil); err != nil {
		t.Fatal(err)
	}
	edits := e.Client.Edits()
	if len(edits) != 1 {
		t.Fatalf("applyEdit calls = %d, want 1", len(edits))
	}
	checkAnnotated(t, &edits[0], ".envrc")
}

// checkAnnotated checks that every change of we is under one annotation
// that needs confirmation and names file.
func checkAnnotated(t *testing.T, we *protocol.WorkspaceEdit, file string) {
	t.Helper()
	if we == nil || len(we.ChangeAnnotations) != 1 {
		t.Fatalf("edit = %+v, want one change annotation", we)
	}
	var id protocol.ChangeAnnotationIdentifier
	for k, a := range we.ChangeAnnotations {
		id = k
		if a.NeedsConfirmation == nil || !*a.NeedsConfirmation || !strings.Contains(a.Label, file) {
			t.Errorf("annotation = %+v, want one that needs confirmation and names %s", a, file)
		}
	}
	for _, dc := range we.DocumentChanges {
		switch c := dc.(type) {
		case *protocol.CreateFile:
			if c.AnnotationID != id {
				t.Errorf("create of %s has annotation %q, want %q", c.URI, c.AnnotationID, id)
			}
		case *protocol.TextDocumentEdit:
			for _, el := range c.Edits {
				if a, ok := el.(*protocol.AnnotatedTextEdit); !ok || a.AnnotationID != id {
					t.Errorf("edit %+v of %s is not under annotation %q", el, c.TextDocument.URI, id)
				}
			}
		}
	}
}

func link(name, target string) func(*testing.T, string) {
	return func(t *testing.T, root string) {
		if err := os.Symlink(target, filepath.Join(root, name)); err != nil {
			t.Fatal(err)
		}
	}
}

func file(name, text string) func(*testing.T, string) {
	return func(t *testing.T, root string) {
		path := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func fifo(name string) func(*testing.T, string) {
	return func(t *testing.T, root string) {
		if err := syscall.Mkfifo(filepath.Join(root, name), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func sparse(name string, size int64) func(*testing.T, string) {
	return func(t *testing.T, root string) {
		f, err := os.Create(filepath.Join(root, name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := f.Truncate(size); err != nil {
			t.Fatal(err)
		}
	}
}

func both(fs ...func(*testing.T, string)) func(*testing.T, string) {
	return func(t *testing.T, root string) {
		for _, f := range fs {
			f(t, root)
		}
	}
}

// TestCodeActionOnProtectedDocument asks for an edit of the protected
// document the user is in: it needs confirmation, and none is refused
// outright. (Git's own files are kept from every model by the privacy
// rules: see TestPrivateFilesReachNoFeature.)
func TestCodeActionOnProtectedDocument(t *testing.T) {
	tests := []struct {
		name, file  string
		annotations bool
		wantAnn     bool
		wantErr     string
	}{
		{name: "mercurial config, confirmed", file: ".hg/hgrc", annotations: true, wantAnn: true},
		{name: "mercurial config, no annotations", file: ".hg/hgrc", wantErr: "cannot ask to confirm"},
		{name: "editor settings, confirmed", file: ".vscode/settings.json", annotations: true, wantAnn: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			file(tt.file, "old\n")(t, root)
			caps := resolveCaps(true)
			if tt.annotations {
				caps = annotationCaps()
			}
			e := lsptest.Start(t, lsp.Options{Features: lsp.Features{Editor: &cannedEditor{output: editDiff(tt.file)}}},
				&protocol.InitializeParams{RootURI: ptr(uri.File(root)), Capabilities: caps})
			u := string(uri.File(filepath.Join(root, filepath.FromSlash(tt.file))))
			e.Open(u, "plaintext", "old\n")
			line := protocol.Range{End: protocol.Position{Character: 3}}
			ca := listActions(t, e, u, line, nil, protocol.CodeActionKindRefactor)[0]
			got, err := resolve(t, e, ca)
			switch {
			case tt.wantErr != "":
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("resolve = %+v, %v; want an error containing %q", got.Edit, err, tt.wantErr)
				}
			case err != nil:
				t.Fatal(err)
			case tt.wantAnn:
				checkAnnotated(t, got.Edit, tt.file)
			case len(got.Edit.ChangeAnnotations) != 0:
				t.Errorf("edit of %s is annotated: %+v", tt.file, got.Edit.ChangeAnnotations)
			}
		})
	}
}

// TestTestsActionThroughDanglingLink runs the tests action, whose test
// file is a dangling link to a missing file outside the workspace: the
// real engine writes the tests, and creating the file is refused.
func TestTestsActionThroughDanglingLink(t *testing.T) {
	outside := t.TempDir()
	gen := &cannedGen{answers: []string{"```go\npackage p\n\nimport \"testing\"\n\nfunc TestAdd(t *testing.T) {}\n```\n"}}
	e, root, u := workspace(t, edit.New(gen, edit.Config{}, zaptest.NewLogger(t)), annotationCaps())
	link("p_test.go", filepath.Join(outside, "p_test.go"))(t, root)
	var tests *protocol.CodeAction
	for _, a := range listActions(t, e, u, returnLine, nil, protocol.CodeActionKindSource) {
		tests = a
	}
	if tests == nil {
		t.Fatal("no tests action offered")
	}
	got, err := resolve(t, e, tests)
	if err == nil || !strings.Contains(err.Error(), "outside the workspace") {
		t.Fatalf("resolve = %+v, %v; want it refused as outside the workspace", got.Edit, err)
	}
}
