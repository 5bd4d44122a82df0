package main

import (
	"net"
	"path/filepath"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/lspilot/lspilot/inference/ollamatest"
	"github.com/lspilot/lspilot/lsp"
)

// deadHost is a loopback host:port where nothing listens.
func deadHost(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// deadLlamaEnv points the search for llama-server at a port where nothing
// listens.
func deadLlamaEnv(t *testing.T) []string {
	host := deadHost(t)
	h, p, _ := strings.Cut(host, ":")
	return []string{"LLAMA_ARG_HOST=" + h, "LLAMA_ARG_PORT=" + p}
}

// TestDiscoverRealOllama serves with no backend configured next to a real
// Ollama found through OLLAMA_HOST: the first suggestion comes from the
// model lspilot picked, and the editor is told once which one and how to
// choose another.
func TestDiscoverRealOllama(t *testing.T) {
	srv := ollamatest.Start(t, ollamatest.WithoutLargeModel())
	env := append([]string{"OLLAMA_HOST=" + srv.Host}, deadLlamaEnv(t)...)
	p := startProc(t, env, "serve", "--config", "/dev/null")
	p.initialize(t)
	u := string(uri.File(filepath.Join(t.TempDir(), "fib.go")))
	p.open(t, u, "go", "package fib\n\n// fib returns the n-th Fibonacci number.\n\n")
	if items := p.inline(t, u, protocol.Position{Line: 3, Character: 0}, true).Items; len(items) == 0 {
		t.Fatal("no suggestion from the model found on this machine")
	}
	waitFor(t, "the message naming the model", func() bool { return len(p.rec.Messages()) > 0 })
	msgs := p.rec.Messages()
	m := msgs[0]
	for _, want := range []string{srv.FIMModel, srv.URL, "[[backends]]", "--backend URL --model NAME"} {
		if !strings.Contains(m.Message, want) {
			t.Errorf("message %q lacks %q", m.Message, want)
		}
	}
	if len(msgs) != 1 || m.Type != protocol.MessageTypeInfo {
		t.Errorf("editor was shown %+v, want one information message", msgs)
	}
	if st := p.status(t); st.State != lsp.StateReady || st.Model != srv.FIMModel || st.BackendURL != srv.URL {
		t.Errorf("status: state %q, model %q on %q; want ready with %s on %s", st.State, st.Model, st.BackendURL, srv.FIMModel, srv.URL)
	}
	waitFor(t, "a status notification naming the model", func() bool {
		sts := p.rec.Statuses()
		return len(sts) > 0 && strings.Contains(sts[len(sts)-1].Message, srv.FIMModel)
	})
	if code := p.shutdown(t); code != 0 {
		t.Errorf("exit code %d, want 0", code)
	}
	// Read once the process is gone: stderr may trail the replies.
	if !strings.Contains(p.stderr.String(), "using a model found on this machine") {
		t.Errorf("the log does not say which model was chosen:\n%s", p.stderr.String())
	}
}

// TestDiscoverNothing serves with no backend configured and no server to
// find: the editor gets one warning with the fix, suggestions are empty,
// and the session ends normally.
func TestDiscoverNothing(t *testing.T) {
	env := append([]string{"OLLAMA_HOST=" + deadHost(t)}, deadLlamaEnv(t)...)
	p := startProc(t, env, "serve", "--config", "/dev/null")
	p.initialize(t)
	u := string(uri.File(filepath.Join(t.TempDir(), "a.go")))
	p.open(t, u, "go", "package a\n\n")
	for range 2 {
		if items := p.inline(t, u, protocol.Position{Line: 2, Character: 0}, true).Items; len(items) != 0 {
			t.Errorf("got %d suggestions without a backend", len(items))
		}
	}
	waitFor(t, "the warning", func() bool { return len(p.rec.Messages()) > 0 })
	if st := p.status(t); st.State != lsp.StateNoBackend { // also a round trip: a second message would have come before its answer
		t.Errorf("status: state %q, want %q", st.State, lsp.StateNoBackend)
	}
	if sts := p.rec.Statuses(); len(sts) == 0 || sts[len(sts)-1].Kind != lsp.StatusWarning {
		t.Errorf("status notifications %+v, want the last a warning", sts)
	}
	msgs := p.rec.Messages()
	if len(msgs) != 1 || msgs[0].Type != protocol.MessageTypeWarning {
		t.Fatalf("editor was shown %+v, want one warning", msgs)
	}
	for _, want := range []string{"none found", "nothing listens there", "ollama pull qwen2.5-coder:1.5b-base",
		"[[backends]]", "--backend URL --model NAME"} {
		if !strings.Contains(msgs[0].Message, want) {
			t.Errorf("warning %q lacks %q", msgs[0].Message, want)
		}
	}
	if code := p.shutdown(t); code != 0 {
		t.Errorf("exit code %d, want 0", code)
	}
	if n := strings.Count(p.stderr.String(), "no backend configured or found"); n != 1 {
		t.Errorf("the log says %d times that nothing was found, want once", n)
	}
}
