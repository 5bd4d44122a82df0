package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/lspilot/lspilot/inference/ollamatest"
	"github.com/lspilot/lspilot/lsp/lsptest"
)

// initializeWith initializes the session with initializationOptions.
func (p *proc) initializeWith(t *testing.T, options string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), lsptest.Timeout)
	defer cancel()
	if _, err := p.server.Initialize(ctx, &protocol.InitializeParams{InitializationOptions: protocol.LSPAny(options)}); err != nil {
		t.Fatalf("initialize: %v", err)
	}
	if err := p.server.Initialized(ctx, &protocol.InitializedParams{}); err != nil {
		t.Fatal(err)
	}
}

func (p *proc) hover(t *testing.T, u string, pos protocol.Position) *protocol.Hover {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), lsptest.Timeout)
	defer cancel()
	var h *protocol.Hover
	if err := protocol.Call(ctx, p.conn, protocol.MethodTextDocumentHover, &protocol.HoverParams{
		TextDocumentPositionParams: protocol.TextDocumentPositionParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri.URI(u)}, Position: pos},
	}, &h); err != nil {
		t.Fatalf("hover: %v", err)
	}
	return h
}

// TestHoverRealOllama hovers over a symbol through the real binary and the
// real Ollama: the small model's answer comes back as markdown, a second
// hover there is served from the cache, and on the large model, whose
// prefill is slow, a short deadline returns in time with what streamed.
func TestHoverRealOllama(t *testing.T) {
	srv := ollamatest.Start(t)
	var src strings.Builder
	src.WriteString("package big\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"hi\")\n}\n")
	for i := range 60 {
		src.WriteString("\n// note " + itoa(i) + ": a long comment that makes the prompt expensive to prefill\n")
	}
	symbol := protocol.Position{Line: 5, Character: 6} // Println

	t.Run("answer", func(t *testing.T) {
		p := startProc(t, nil, "serve", "--backend", srv.URL, "--model", srv.FIMModel)
		p.initializeWith(t, `{"hover":{"deadlineMs":20000,"minDelayMs":0}}`)
		u := string(uri.File(filepath.Join(t.TempDir(), "main.go")))
		p.open(t, u, "go", src.String())
		// An answer cut off at the deadline (a loaded machine) is not kept:
		// hover again until one is whole.
		var mc *protocol.MarkupContent
		for try := 0; try < 3 && (mc == nil || strings.Contains(mc.Value, "cut off after")); try++ {
			h := p.hover(t, u, symbol)
			if h == nil {
				t.Fatal("no hover from the real model")
			}
			mc = h.Contents.(*protocol.MarkupContent)
			if mc.Kind != protocol.MarkupKindMarkdown || strings.TrimSpace(mc.Value) == "" {
				t.Fatalf("hover = %+v, want markdown", mc)
			}
		}
		if strings.Contains(mc.Value, "cut off after") {
			t.Fatalf("three hovers were cut off at the 20 s deadline: %q", mc.Value)
		}
		chats := len(srv.SettledRequests("/api/chat"))
		if again := p.hover(t, u, protocol.Position{Line: 5, Character: 9}); again == nil || again.Contents.(*protocol.MarkupContent).Value != mc.Value {
			t.Errorf("second hover over the symbol = %+v, want the cached answer", again)
		}
		if got := len(srv.Requests("/api/chat")); got != chats {
			t.Errorf("the cached hover made %d backend requests", got-chats)
		}
		if blank := p.hover(t, u, protocol.Position{Line: 1}); blank != nil {
			t.Errorf("hover on a blank line = %+v, want none", blank)
		}
	})

	t.Run("deadline", func(t *testing.T) {
		const deadline = 300 * time.Millisecond
		p := startProc(t, nil, "serve", "--backend", srv.URL, "--model", srv.LargeModel)
		p.initializeWith(t, `{"hover":{"deadlineMs":300}}`)
		u := string(uri.File(filepath.Join(t.TempDir(), "main.go")))
		p.open(t, u, "go", src.String())
		start := time.Now()
		h := p.hover(t, u, symbol)
		took := time.Since(start)
		// The server's own bound is the deadline plus a second of grace for
		// an explainer that overran it; the engine keeps to the deadline.
		if took > deadline+time.Second {
			t.Errorf("hover took %v with a deadline of %v", took, deadline)
		}
		switch {
		case h == nil:
			t.Logf("nothing streamed within %v (took %v)", deadline, took)
		case strings.Contains(h.Contents.(*protocol.MarkupContent).Value, "cut off after 300ms"):
			t.Logf("partial answer within %v (took %v)", deadline, took)
		default:
			t.Logf("the model finished within %v (took %v)", deadline, took)
		}
	})
}
