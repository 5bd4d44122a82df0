package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/lspilot/lspilot/inference/ollamatest"
	"github.com/lspilot/lspilot/inference/ollamatest/tinymodel"
	"github.com/lspilot/lspilot/lsp"
)

// TestAlternativesRealOllama invokes inline completion twice where the
// generated model's answer spans several lines, through the real binary
// and a real Ollama: at least two distinct suggestions, the model's answer
// first, each with its own accept id, the same list both times, and the
// sampled generations made once.
func TestAlternativesRealOllama(t *testing.T) {
	srv := ollamatest.Start(t)
	// A busy test machine must not cut a sample short: such a sample is
	// not an alternative, and the list would depend on the machine's load.
	cfg := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(cfg, []byte("[completion]\ntimeBudgetMs = 60000\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	p := startProc(t, nil, "serve", "--config", cfg, "--backend", srv.URL, "--model", srv.FIMModel, "--log-level", "debug")
	p.initialize(t)
	u := string(uri.File(filepath.Join(t.TempDir(), "fib.go")))
	p.open(t, u, "go", "package fib\n\n// fib returns the n-th Fibonacci number.\n\n")
	cursor := protocol.Position{Line: 3, Character: 0}

	type offered struct{ Text, ID string }
	ask := func() []offered {
		var out []offered
		for _, it := range p.inline(t, u, cursor, true).Items {
			if it.Command.Command != lsp.CommandAcceptCompletion || len(it.Command.Arguments) != 1 {
				t.Errorf("item %q carries command %+v", it.InsertText, it.Command)
				continue
			}
			text, _ := it.InsertText.(protocol.String)
			out = append(out, offered{string(text), string(it.Command.Arguments[0])})
		}
		return out
	}
	first := ask()
	t.Logf("suggestions: %q", first)
	if len(first) < 2 {
		t.Fatalf("%d suggestions, want at least 2", len(first))
	}
	if lead := first[0].Text; !strings.Contains(lead, "\n") || !strings.HasPrefix(tinymodel.CycleText, lead) {
		t.Errorf("first suggestion %q: want the model's multi-line answer, a prefix of its cycle", lead)
	}
	seen := map[string]bool{}
	ids := map[string]bool{}
	for _, o := range first {
		k := strings.TrimRight(o.Text, " \t\n")
		if seen[k] || ids[o.ID] {
			t.Errorf("suggestions %q: want distinct texts and ids", first)
		}
		seen[k], ids[o.ID] = true, true
	}
	if diff := cmp.Diff(first, ask()); diff != "" {
		t.Errorf("asked again (-first +now):\n%s", diff)
	}
	if cs := p.completionStats(t); cs.BackendCalls != 1 || cs.AlternativeCalls != 2 {
		t.Errorf("stats = %+v, want 1 backend call and 2 sampled alternatives for both asks", cs)
	}
	if code := p.shutdown(t); code != 0 {
		t.Errorf("exit code %d", code)
	}
}
