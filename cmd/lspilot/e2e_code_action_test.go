package main

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/lspilot/lspilot/inference/ollamatest"
	"github.com/lspilot/lspilot/lsp/lsptest"
)

// TestCodeActionRealOllama resolves an AI code action through the real
// binary and the real Ollama. The generated model writes random text, which
// verification must refuse: the model is asked twice, and the editor gets an
// error that says why, with no edit.
func TestCodeActionRealOllama(t *testing.T) {
	srv := ollamatest.Start(t, ollamatest.WithoutLargeModel())
	root := t.TempDir()
	const src = "package calc\n\n// Add returns the sum of a and b.\nfunc Add(a, b int) int {\n\treturn a - b\n}\n"
	path := filepath.Join(root, "calc.go")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	p := startProc(t, nil, "serve", "--backend", srv.URL, "--model", srv.FIMModel)
	yes := true
	ctx, cancel := context.WithTimeout(context.Background(), lsptest.Timeout)
	defer cancel()
	// A small context window keeps the model's two answers short (code
	// actions take half of it for the answer).
	if _, err := p.server.Initialize(ctx, &protocol.InitializeParams{
		RootURI:               ptrURI(uri.File(root)),
		InitializationOptions: protocol.LSPAny(`{"completion":{"numCtx":512},"codeActions":{"timeoutMs":180000}}`),
		Capabilities: protocol.ClientCapabilities{
			TextDocument: &protocol.TextDocumentClientCapabilities{CodeAction: &protocol.CodeActionClientCapabilities{
				ResolveSupport: protocol.ClientCodeActionResolveOptions{Properties: []string{"edit"}}}},
			Workspace: &protocol.WorkspaceClientCapabilities{WorkspaceEdit: &protocol.WorkspaceEditClientCapabilities{DocumentChanges: &yes}},
		},
	}); err != nil {
		t.Fatal(err)
	}
	if err := p.server.Initialized(ctx, &protocol.InitializedParams{}); err != nil {
		t.Fatal(err)
	}
	u := uri.File(path)
	p.open(t, string(u), "go", src)

	var actions []protocol.CodeAction
	if err := protocol.Call(ctx, p.conn, protocol.MethodTextDocumentCodeAction, &protocol.CodeActionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: u},
		Range:        protocol.Range{Start: protocol.Position{Line: 4}, End: protocol.Position{Line: 5}},
	}, &actions); err != nil {
		t.Fatal(err)
	}
	var rewrite *protocol.CodeAction
	for i, a := range actions {
		if a.Title == "Rewrite selection with AI" {
			rewrite = &actions[i]
		}
	}
	if rewrite == nil || rewrite.Edit != nil {
		t.Fatalf("actions = %+v, want an unresolved rewrite", actions)
	}
	var resolved protocol.CodeAction
	rctx, rcancel := context.WithTimeout(context.Background(), 3*lsptest.Timeout)
	defer rcancel()
	err := protocol.Call(rctx, p.conn, protocol.MethodCodeActionResolve, rewrite, &resolved)
	var rpcErr *jsonrpc2.Error
	if !errors.As(err, &rpcErr) || !strings.Contains(rpcErr.Message, "refused after 2 answers") {
		t.Fatalf("resolve of random text = %+v, %v; want a refusal", resolved, err)
	}
	t.Logf("refusal: %s", rpcErr.Message)
	if n := len(srv.SettledRequests("/api/chat")); n != 2 {
		t.Errorf("%d chat requests, want the first answer and the one asked again", n)
	}
	st := p.status(t)
	b, _ := json.Marshal(st.CodeActions)
	var counts struct{ Requests, Refused int }
	if err := json.Unmarshal(b, &counts); err != nil || counts.Requests != 1 || counts.Refused != 1 {
		t.Errorf("code action counters = %s, want one request, refused", b)
	}
	if code := p.shutdown(t); code != 0 {
		t.Errorf("exit code %d", code)
	}
}

func ptrURI(u uri.URI) *uri.URI { return &u }
