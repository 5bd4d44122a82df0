package main

import (
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
	"go.uber.org/zap/zaptest"

	"github.com/lspilot/lspilot/cmd/lspilot/internal/gpusim"
	"github.com/lspilot/lspilot/lsp"
)

// TestDoctorFindsSimulator runs lspilot doctor without a backend next to
// the simulated server, which answers like llama-server where LLAMA_ARG_HOST
// and LLAMA_ARG_PORT point: it is found, its model picked and checked.
func TestDoctorFindsSimulator(t *testing.T) {
	p, err := gpusim.PresetByName("cpu-tiny")
	if err != nil {
		t.Fatal(err)
	}
	sim := gpusim.NewServer(gpusim.Config{Preset: p, Logger: zaptest.NewLogger(t)})
	t.Cleanup(func() { sim.Close() })
	srv := httptest.NewServer(sim.Handler())
	t.Cleanup(srv.Close)
	host, port, _ := strings.Cut(strings.TrimPrefix(srv.URL, "http://"), ":")
	r := runBinary(t, []string{"OLLAMA_HOST=" + deadHost(t), "LLAMA_ARG_HOST=" + host, "LLAMA_ARG_PORT=" + port},
		"", "doctor", "--config", "/dev/null")
	if r.code != 0 {
		t.Errorf("exit code %d, want 0\n%s", r.code, r.stdout)
	}
	for _, want := range []string{"ok    pick     " + sim.Model() + " (fill-in-the-middle code model) on llama-server at " + srv.URL,
		"ok    fim", "ok    latency"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, r.stdout)
		}
	}
}

// TestDiscoverLater serves with nothing to find, then starts the simulated
// llama-server where discovery looks: a later request finds it and is
// answered, without a restart, and the status turns ready.
func TestDiscoverLater(t *testing.T) {
	addr := deadHost(t)
	host, port, _ := strings.Cut(addr, ":")
	p := startProc(t, []string{"OLLAMA_HOST=" + deadHost(t), "LLAMA_ARG_HOST=" + host, "LLAMA_ARG_PORT=" + port},
		"serve", "--config", "/dev/null")
	p.initialize(t)
	u := string(uri.File(filepath.Join(t.TempDir(), "main.go")))
	p.open(t, u, "go", "package main\n\nfunc main() {\n\t\n}\n")
	at := protocol.Position{Line: 3, Character: 1}
	if items := p.inline(t, u, at, true).Items; len(items) != 0 {
		t.Fatalf("got %d suggestions with nothing to find", len(items))
	}

	preset, err := gpusim.PresetByName("cpu-tiny")
	if err != nil {
		t.Fatal(err)
	}
	sim := gpusim.NewServer(gpusim.Config{Preset: preset, Logger: zaptest.NewLogger(t)})
	t.Cleanup(func() { sim.Close() })
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	srv := &httptest.Server{Listener: ln, Config: &http.Server{Handler: sim.Handler()}}
	srv.Start()
	t.Cleanup(srv.Close)

	waitFor(t, "a suggestion from the server started later", func() bool {
		return len(p.inline(t, u, at, true).Items) > 0
	})
	if st := p.status(t); st.State != lsp.StateReady || st.Model != sim.Model() {
		t.Errorf("status: state %q, model %q; want ready with %s", st.State, st.Model, sim.Model())
	}
	if code := p.shutdown(t); code != 0 {
		t.Errorf("exit code %d, want 0", code)
	}
}
