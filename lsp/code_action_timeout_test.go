package lsp_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/lspilot/lspilot/lsp"
	"github.com/lspilot/lspilot/lsp/lsptest"
)

// TestCodeActionTimeout runs an action whose model never answers, under a
// codeActions.timeoutMs of 1: through the command and through resolve, the
// user gets a message naming the limit, progress ends saying nothing was
// applied, and no edit reaches the editor.
func TestCodeActionTimeout(t *testing.T) {
	for _, viaResolve := range []bool{false, true} {
		name := map[bool]string{false: "command", true: "resolve"}[viaResolve]
		t.Run(name, func(t *testing.T) {
			root := t.TempDir()
			path := filepath.Join(root, "p.go")
			if err := os.WriteFile(path, []byte(goSource), 0o644); err != nil {
				t.Fatal(err)
			}
			caps := resolveCaps(true)
			if !viaResolve {
				caps.TextDocument = nil
			}
			yes := true
			caps.Window = &protocol.WindowClientCapabilities{WorkDoneProgress: &yes}
			e := lsptest.Start(t, lsp.Options{
				Features:   lsp.Features{Editor: &cannedEditor{block: true}},
				ConfigFile: map[string]any{"codeActions": map[string]any{"timeoutMs": 1}},
			}, &protocol.InitializeParams{RootURI: ptr(uri.File(root)), Capabilities: caps})
			u := string(uri.File(path))
			e.Open(u, "go", goSource)
			ca := listActions(t, e, u, returnLine, nil)[0]

			var err error
			if viaResolve {
				_, err = resolve(t, e, ca)
			} else {
				err = e.Call(protocol.MethodWorkspaceExecuteCommand, &protocol.ExecuteCommandParams{
					Command: ca.Command.Command, Arguments: ca.Command.Arguments,
				}, nil)
			}
			if err == nil || !strings.Contains(err.Error(), "took longer than 1ms (codeActions.timeoutMs)") ||
				!strings.Contains(err.Error(), "nothing was applied") {
				t.Errorf("error = %v, want the time limit named and nothing applied", err)
			}
			if n := len(e.Client.Edits()); n != 0 {
				t.Errorf("applyEdit calls = %d, want none", n)
			}
			var ends []string
			for _, p := range e.Client.ProgressReports() {
				var v struct{ Kind, Message string }
				json.Unmarshal(p.Value, &v)
				if v.Kind == "end" {
					ends = append(ends, v.Message)
				}
			}
			if len(ends) != 1 || ends[0] != "timed out: nothing applied" {
				t.Errorf("progress ends = %q, want one saying it timed out", ends)
			}
		})
	}
}

// TestCodeActionTimeoutConfig refuses a time limit that is not positive.
func TestCodeActionTimeoutConfig(t *testing.T) {
	e := lsptest.Start(t, lsp.Options{}, &protocol.InitializeParams{
		InitializationOptions: protocol.LSPAny(`{"codeActions":{"timeoutMs":0}}`),
	})
	msgs := e.Client.Messages()
	if len(msgs) != 1 || !strings.Contains(msgs[0].Message, "codeActions.timeoutMs: 0 is not positive") {
		t.Errorf("messages = %+v, want codeActions.timeoutMs refused", msgs)
	}
}
