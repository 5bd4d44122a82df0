package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/lspilot/lspilot/inference/ollamatest"
	"github.com/lspilot/lspilot/lsp"
	"github.com/lspilot/lspilot/lsp/lsptest"
)

// completionStats is the part of lspilot.status the end-to-end tests read.
type completionStats struct {
	Requests, TypedThrough, BackendCalls, Superseded, AlternativeCalls int64
}

func (p *proc) completionStats(t *testing.T) completionStats {
	t.Helper()
	st := p.status(t)
	b, _ := json.Marshal(st.Completion)
	var cs completionStats
	if err := json.Unmarshal(b, &cs); err != nil || st.Completion == nil {
		t.Fatalf("status has no completion counters: %s", b)
	}
	return cs
}

func (p *proc) inline(t *testing.T, u string, pos protocol.Position, invoked bool) protocol.InlineCompletionList {
	t.Helper()
	kind, timeout := protocol.InlineCompletionTriggerKindAutomatic, lsptest.Timeout
	if invoked {
		// An invoked request also samples the alternatives: up to three
		// generations one after the other, slow on a loaded test machine.
		kind, timeout = protocol.InlineCompletionTriggerKindInvoked, 3*lsptest.Timeout
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	var res protocol.InlineCompletionList
	if err := protocol.Call(ctx, p.conn, protocol.MethodTextDocumentInlineCompletion, &protocol.InlineCompletionParams{
		TextDocumentPositionParams: protocol.TextDocumentPositionParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri.URI(u)}, Position: pos},
		Context:                    protocol.InlineCompletionContext{TriggerKind: kind},
	}, &res); err != nil {
		t.Fatalf("inlineCompletion: %v", err)
	}
	return res
}

func (p *proc) notify(t *testing.T, method string, params any) {
	t.Helper()
	if err := p.conn.Notify(context.Background(), method, params); err != nil {
		t.Fatalf("%s: %v", method, err)
	}
}

func (p *proc) open(t *testing.T, u, lang, text string) {
	p.notify(t, protocol.MethodTextDocumentDidOpen, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{
		URI: uri.URI(u), LanguageID: protocol.LanguageKind(lang), Version: 1, Text: text}})
}

func (p *proc) insert(t *testing.T, u string, version int32, at protocol.Position, text string) {
	p.notify(t, protocol.MethodTextDocumentDidChange, &protocol.DidChangeTextDocumentParams{
		TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: uri.URI(u)}, Version: version},
		ContentChanges: []protocol.TextDocumentContentChangeEvent{&protocol.TextDocumentContentChangePartial{Range: protocol.Range{Start: at, End: at}, Text: text}},
	})
}

// TestInlineCompletionRealOllama runs the real binary against a real Ollama
// serving the generated model: inline completion and completion return
// items, typing into the suggestion is answered without a backend call, and
// a request superseded mid-generation is aborted at the server.
func TestInlineCompletionRealOllama(t *testing.T) {
	srv := ollamatest.Start(t)
	p := startProc(t, nil, "serve", "--backend", srv.URL, "--model", srv.FIMModel, "--log-level", "debug")
	p.initialize(t)
	u := string(uri.File(filepath.Join(t.TempDir(), "fib.go")))
	p.open(t, u, "go", "package fib\n\n// fib returns the n-th Fibonacci number.\n\n")
	cursor := protocol.Position{Line: 3, Character: 0}

	items := p.inline(t, u, cursor, true).Items
	if len(items) == 0 {
		t.Fatal("no inline completion from the real model")
	}
	suggestion := string(items[0].InsertText.(protocol.String))
	t.Logf("suggestion: %q", suggestion)
	if items[0].Command.Command != lsp.CommandAcceptCompletion {
		t.Errorf("item command = %q, want %s", items[0].Command.Command, lsp.CommandAcceptCompletion)
	}
	// The server logs a request once it notices the client closed the
	// stream early. Of the daemon's calls (one calibrating token budgets,
	// the generation, two alternatives), one may be held by the server
	// until the daemon's healer unloads the model, and logged late or
	// never: the daemon's own counters are what typing through must leave
	// alone, and the server's log shows the calls reached it.
	waitFor(t, "the first requests in the server log", func() bool { return len(srv.Requests("/api/generate")) >= 3 })
	before := p.completionStats(t)

	// Type the suggestion's first character: answered from what is on screen.
	first := suggestion[:1]
	p.insert(t, u, 2, cursor, first)
	next := p.inline(t, u, protocol.Position{Line: 3, Character: 1}, false).Items
	if len(next) != 1 || string(next[0].InsertText.(protocol.String)) != suggestion[1:] {
		t.Fatalf("after typing %q got %+v, want the rest %q", first, next, suggestion[1:])
	}
	after := p.completionStats(t)
	if calls := after.BackendCalls + after.AlternativeCalls - before.BackendCalls - before.AlternativeCalls; calls != 0 {
		t.Errorf("typing through made %d backend calls", calls)
	}
	if after.TypedThrough != 1 {
		t.Errorf("typed-through count = %d, want 1", after.TypedThrough)
	}

	// The completion list fallback serves the same engine.
	ctx, cancel := context.WithTimeout(context.Background(), lsptest.Timeout)
	defer cancel()
	var list protocol.CompletionList
	if err := protocol.Call(ctx, p.conn, protocol.MethodTextDocumentCompletion, &protocol.CompletionParams{
		TextDocumentPositionParams: protocol.TextDocumentPositionParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri.URI(u)}, Position: protocol.Position{Line: 3, Character: 1}},
	}, &list); err != nil {
		t.Fatal(err)
	}
	if len(list.Items) == 0 || !list.IsIncomplete {
		t.Errorf("completion list = %+v, want incomplete items", list)
	}
	if code := p.shutdown(t); code != 0 {
		t.Errorf("exit code %d", code)
	}
}

// TestSupersedeAbortsAtServer sends a keystroke that disagrees with a
// generation still in its prefill on the large model: the engine cancels it
// and the server sees the client go away.
func TestSupersedeAbortsAtServer(t *testing.T) {
	srv := ollamatest.Start(t)
	p := startProc(t, nil, "serve", "--backend", srv.URL, "--model", srv.LargeModel)
	p.initialize(t)
	u := string(uri.File(filepath.Join(t.TempDir(), "big.go")))
	var text strings.Builder
	text.WriteString("package big\n\n")
	for i := range 40 {
		text.WriteString("// line " + itoa(i) + " of a long comment that makes the prompt expensive to prefill\n")
	}
	text.WriteString("\n")
	p.open(t, u, "go", text.String())
	line := uint32(42)

	done := make(chan []protocol.InlineCompletionItem, 1)
	go func() { done <- p.inline(t, u, protocol.Position{Line: line}, true).Items }()
	// The first cache load is the request that calibrates token counts; the
	// second is the generation, whose prefill on the large model takes long
	// enough for the next keystroke to supersede it.
	waitFor(t, "the first generation to reach the server", func() bool { return srv.CountLog(ollamatest.LogCacheLoad) >= 2 })
	p.insert(t, u, 2, protocol.Position{Line: line}, "z")
	p.inline(t, u, protocol.Position{Line: line, Character: 1}, true)
	if items := <-done; len(items) != 0 {
		t.Errorf("superseded request got %d items", len(items))
	}
	if cs := p.completionStats(t); cs.Superseded != 1 || cs.BackendCalls != 2 {
		t.Errorf("stats = %+v, want 2 backend calls of which 1 superseded", cs)
	}
	if code := p.shutdown(t); code != 0 {
		t.Errorf("exit code %d", code)
	}
	// Ollama answers a request whose client left during prefill with a
	// non-200 status as soon as it notices: the superseded generation shows
	// in its access log as such.
	var reqs []ollamatest.Request
	waitFor(t, "the aborted request in the server log", func() bool {
		reqs = srv.Requests("/api/generate")
		for _, r := range reqs {
			if r.Status != 200 {
				return true
			}
		}
		return false
	})
	t.Logf("server access log: %+v", reqs)
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(lsptest.Timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}
