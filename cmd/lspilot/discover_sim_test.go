package main

import (
	"net/http/httptest"
	"strings"
	"testing"

	"go.uber.org/zap/zaptest"

	"github.com/lspilot/lspilot/inference/gpusim"
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
