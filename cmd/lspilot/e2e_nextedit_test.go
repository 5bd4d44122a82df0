package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/lspilot/lspilot/inference/nextedit"
	"github.com/lspilot/lspilot/inference/ollamatest"
	"github.com/lspilot/lspilot/lsp"
	"github.com/lspilot/lspilot/lsp/lsptest"
)

func (p *proc) nextEdit(t *testing.T, u string, version int32, pos protocol.Position) lsp.CopilotInlineEditResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*lsptest.Timeout)
	defer cancel()
	var res lsp.CopilotInlineEditResult
	if err := protocol.Call(ctx, p.conn, lsp.MethodCopilotInlineEdit, lsp.CopilotInlineEditParams{
		TextDocument: lsp.VersionedDocument{URI: u, Version: version}, Position: pos,
	}, &res); err != nil {
		t.Fatalf("copilotInlineEdit: %v", err)
	}
	return res
}

func (p *proc) nextEditStats(t *testing.T) nextedit.Stats {
	t.Helper()
	b, _ := json.Marshal(p.status(t).NextEdit)
	var st nextedit.Stats
	if err := json.Unmarshal(b, &st); err != nil {
		t.Fatalf("status has no next-edit counters: %s", b)
	}
	return st
}

// TestNextEditRealOllama asks the real binary for a next edit against a
// real Ollama serving the generated model: the request reaches the model
// (the server logs it), the model's answer, which has nothing to do with
// the file, is refused by verification with its reason in the daemon's log
// and counters, the editor gets no edit, and the daemon stays healthy.
func TestNextEditRealOllama(t *testing.T) {
	srv := ollamatest.Start(t)
	p := startProc(t, nil, "serve", "--backend", srv.URL, "--model", srv.FIMModel, "--log-level", "debug")
	p.initialize(t)
	u := string(uri.File(filepath.Join(t.TempDir(), "sum.go")))
	p.open(t, u, "go", "package calc\n\nfunc Sum(xs []int) int {\n\ttotal := 0\n\tfor _, x := range xs {\n\t\ttotal += x\n\t}\n\treturn total\n}\n")
	// The user renames the parameter in the signature.
	p.notify(t, protocol.MethodTextDocumentDidChange, &protocol.DidChangeTextDocumentParams{
		TextDocument: protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: uri.URI(u)}, Version: 2},
		ContentChanges: []protocol.TextDocumentContentChangeEvent{&protocol.TextDocumentContentChangePartial{
			Range: protocol.Range{Start: protocol.Position{Line: 2, Character: 9}, End: protocol.Position{Line: 2, Character: 11}}, Text: "values"}},
	})
	chats := len(srv.Requests("/api/chat"))

	res := p.nextEdit(t, u, 2, protocol.Position{Line: 2, Character: 15})
	if len(res.Edits) != 0 {
		t.Errorf("edits = %+v, want none: the model's answer is not an edit of this file", res.Edits)
	}
	waitFor(t, "the next-edit request in the server log", func() bool { return len(srv.Requests("/api/chat")) > chats })
	st := p.nextEditStats(t)
	if st.ModelCalls != 1 || st.Refused != 1 || len(st.RefusedBy) != 1 {
		t.Errorf("next-edit counters = %+v, want one model call and one refusal", st)
	}
	log := p.stderr.String()
	if !strings.Contains(log, "next edit refused") || !strings.Contains(log, `"reason"`) {
		t.Errorf("the daemon's log lacks the refusal and its reason:\n%s", log)
	}
	for reason := range st.RefusedBy {
		t.Logf("refused: %s", reason)
	}

	// Healthy: the same document state is known to have no edit, status
	// answers, and the session ends cleanly.
	if again := p.nextEdit(t, u, 2, protocol.Position{Line: 2, Character: 15}); len(again.Edits) != 0 {
		t.Errorf("second request: %+v", again.Edits)
	}
	if st := p.nextEditStats(t); st.ModelCalls != 1 || st.NoEditCached != 1 {
		t.Errorf("second request counters = %+v, want it answered from the no-edit cache", st)
	}
	if s := p.status(t); s.State != lsp.StateReady {
		t.Errorf("state = %s, want %s", s.State, lsp.StateReady)
	}
	if code := p.shutdown(t); code != 0 {
		t.Errorf("exit code %d", code)
	}
}
