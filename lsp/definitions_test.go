package lsp_test

import (
	"errors"
	"path/filepath"
	"syscall"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
	"go.uber.org/zap/zaptest"

	"github.com/lspilot/lspilot/lsp"
	"github.com/lspilot/lspilot/lsp/langctx"
	"github.com/lspilot/lspilot/lsp/lsptest"
)

// silentServer is a language server command that starts and never answers:
// enough to see the session start, report and stop its servers.
var silentServer = []any{"sleep", "3600"}

// TestDefinitionsLifecycle: a session starts a language server per root
// at the first document of its language, reports them in lspilot.status,
// gives a root added later its own, and stops them all when it ends. A
// client cannot choose the command.
func TestDefinitionsLifecycle(t *testing.T) {
	rootA, rootB := t.TempDir(), t.TempDir()
	file := map[string]any{"context": map[string]any{"languageServers": map[string]any{"go": map[string]any{"command": silentServer}}}}
	e := lsptest.Start(t, lsp.Options{Logger: zaptest.NewLogger(t), ConfigFile: file, Definitions: langctx.NewRegistry()},
		&protocol.InitializeParams{RootURI: ptr(uri.File(rootA)),
			InitializationOptions: protocol.LSPAny(`{"context":{"languageServers":{"go":{"command":["sh","-c","exit 9"]}}}}`)})
	if st := statusOf(t, e).LanguageServers; len(st) != 0 {
		t.Fatalf("servers before any document: %+v", st)
	}
	e.Open(string(uri.File(filepath.Join(rootA, "a.go"))), "go", "package a\n")
	e.Open(string(uri.File(filepath.Join(rootA, "notes.txt"))), "plaintext", "hello\n")
	var pids []int
	lsptest.WaitFor(t, "a language server for root A", func() bool {
		st := statusOf(t, e).LanguageServers
		if len(st) == 1 && st[0].PID != 0 {
			pids = append(pids, st[0].PID)
			return st[0].State == langctx.StateStarting && st[0].Command[len(st[0].Command)-1] == "3600"
		}
		return false
	})
	e.Conn().Notify(t.Context(), protocol.MethodWorkspaceDidChangeWorkspaceFolders, &protocol.DidChangeWorkspaceFoldersParams{
		Event: protocol.WorkspaceFoldersChangeEvent{Added: []protocol.WorkspaceFolder{{URI: uri.File(rootB), Name: "b"}}}})
	e.Open(string(uri.File(filepath.Join(rootB, "b.go"))), "go", "package b\n")
	lsptest.WaitFor(t, "a language server for root B", func() bool {
		st := statusOf(t, e).LanguageServers
		if len(st) == 2 && st[0].PID != 0 && st[1].PID != 0 {
			pids = []int{st[0].PID, st[1].PID}
			return true
		}
		return false
	})
	if err := e.Shutdown(); err != nil {
		t.Fatal(err)
	}
	for _, pid := range pids {
		if !errors.Is(syscall.Kill(pid, 0), syscall.ESRCH) {
			t.Errorf("language server %d outlived the session", pid)
		}
	}
}
