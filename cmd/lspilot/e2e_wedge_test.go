package main

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/lspilot/lspilot/inference/ollamatest"
)

// TestWedgedOllamaRecovers drives the real Ollama into its stuck-slot bug,
// where it holds the model idle but starts no request for it. With the
// default settings, the next suggestion runs out of time (the engine gives
// a request 15 s, the backend's idle timeout is 30 s); lspilot then finds
// the model wedged and unloads it, and the suggestion after gets an answer.
// With an idle timeout shorter than the engine's limit, the suggestion that
// found the model wedged is asked again and answered.
func TestWedgedOllamaRecovers(t *testing.T) {
	t.Run("given up", func(t *testing.T) {
		srv := ollamatest.Start(t)
		p := startProc(t, nil, "serve", "--backend", srv.URL, "--model", srv.FIMModel)
		p.initialize(t)
		wedgeAndAsk(t, srv, p, 2)
	})
	t.Run("stalled", func(t *testing.T) {
		srv := ollamatest.Start(t)
		p := startProc(t, nil, "serve")
		p.initializeWith(t, fmt.Sprintf(`{"backends":[{"kind":"ollama","url":%q,"model":%q,"idleTimeoutMs":5000}]}`, srv.URL, srv.FIMModel))
		wedgeAndAsk(t, srv, p, 1)
	})
}

// wedgeAndAsk gets a suggestion, wedges the model and asks for suggestions
// in new documents until one is answered, which must be the want-th.
func wedgeAndAsk(t *testing.T, srv *ollamatest.Server, p *proc, want int) {
	dir := t.TempDir()
	first := string(uri.File(filepath.Join(dir, "fib.go")))
	p.open(t, first, "go", "package fib\n\n// fib returns the n-th Fibonacci number.\n\n")
	if items := p.inline(t, first, protocol.Position{Line: 3}, true).Items; len(items) == 0 {
		t.Fatal("no suggestion before the model was wedged")
	}

	ctx, cancel := context.WithTimeout(context.Background(), ollamatest.WedgeTimeout)
	defer cancel()
	tries, err := srv.Wedge(ctx, srv.FIMModel)
	if err != nil {
		t.Fatalf("wedge the model: %v", err)
	}
	t.Logf("wedged after %d hang-ups", tries)

	for i := 1; ; i++ {
		u := string(uri.File(filepath.Join(dir, fmt.Sprintf("sum%d.go", i))))
		p.open(t, u, "go", fmt.Sprintf("package sum\n\n// sum%d adds up xs.\n\n", i))
		start := time.Now()
		items := p.inline(t, u, protocol.Position{Line: 3}, true).Items
		t.Logf("suggestion %d after the wedge: %d items in %v", i, len(items), time.Since(start).Round(time.Millisecond))
		if len(items) > 0 {
			if i != want {
				t.Errorf("suggestion %d after the wedge was answered, want %d", i, want)
			}
			break
		}
		if i >= want {
			t.Fatalf("suggestion %d after the wedge got no answer", i)
		}
	}
	if code := p.shutdown(t); code != 0 {
		t.Errorf("exit code %d", code)
	}
}
