package main

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/lspilot/lspilot/inference/ollamatest"
)

// TestDoctorRealOllama runs lspilot doctor against the real Ollama: every
// check passes and it names the prompt format; against a model the server
// lacks, or none named, it lists the server's models and names the one it
// would pick; against a server that is not there, it fails with a fix and
// points at the server that does answer; without any backend it finds the
// real Ollama through OLLAMA_HOST; flags that cannot name a server exit 2
// saying what was expected.
func TestDoctorRealOllama(t *testing.T) {
	srv := ollamatest.Start(t, ollamatest.WithoutLargeModel())
	found := "OLLAMA_HOST=" + srv.Host
	pick := "lspilot would pick lspilot-fim (fill-in-the-middle code model): set `model` to it (--model lspilot-fim)"
	tests := []struct {
		name     string
		env      []string
		args     []string
		wantCode int
		want     []string
	}{
		{"healthy", nil, []string{"--backend", srv.URL, "--model", srv.FIMModel}, 0,
			[]string{"ok    server", "ok    model", "ok    prompt   qwen2.5-coder prompt format"}},
		{"missing model", nil, []string{"--backend", srv.URL, "--model", "no-such-model"}, 1,
			[]string{"FAIL  model", "ollama pull no-such-model", "the server offers lspilot-fim, lspilot-nofim", pick}},
		{"no model", nil, []string{"--backend", srv.URL}, 1,
			[]string{"FAIL  model    no model configured", "the server offers lspilot-fim, lspilot-nofim", pick}},
		{"no server", nil, []string{"--backend", "http://127.0.0.1:1", "--model", "x"}, 1,
			[]string{"FAIL  server", "fix:", "hint: Ollama listens on port 11434 by default, llama-server on 8080"}},
		{"wrong port", []string{found}, []string{"--backend", "http://127.0.0.1:1", "--model", "x"}, 1,
			[]string{"FAIL  server", "hint: Ollama answers at " + srv.URL + " on this machine: did you mean --backend " + srv.URL + "?"}},
		{"nothing configured or found", nil, []string{"--config", "/dev/null"}, 1,
			[]string{"no backend configured: looking on this machine", "nothing listens there",
				"FAIL  found    no server with a usable model", "ollama pull qwen2.5-coder:1.5b-base", "[[backends]]"}},
		{"nothing configured, Ollama found", []string{found}, []string{"--config", "/dev/null"}, 0,
			[]string{"ok    found    Ollama at " + srv.URL + ": the server offers lspilot-fim, lspilot-nofim",
				"ok    pick     lspilot-fim (fill-in-the-middle code model) on Ollama at " + srv.URL,
				"ok    model    lspilot-fim", "ok    prompt"}},
		{"model without backend", nil, []string{"--model", "qwen2.5-coder:1.5b-base"}, 2,
			[]string{"--model qwen2.5-coder:1.5b-base needs --backend"}},
		{"no scheme", nil, []string{"--backend", "localhost:11434", "--model", "x"}, 2,
			[]string{`"localhost:11434" has no scheme: did you mean http://localhost:11434?`}},
		{"typo scheme", nil, []string{"--backend", "htp://localhost:11434", "--model", "x"}, 2,
			[]string{`unknown scheme "htp", did you mean http://localhost:11434?`}},
		{"unparsable", nil, []string{"--backend", "http://[::1", "--model", "x"}, 2,
			[]string{`"http://[::1" is not a URL`, "lspilot wants a URL such as http://127.0.0.1:11434"}},
		{"port out of range", nil, []string{"--backend", "http://localhost:114340", "--model", "x"}, 2,
			[]string{"port 114340 is out of range"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command(binary, append([]string{"doctor"}, tt.args...)...)
			cmd.Env = append(cmd.Environ(), tt.env...)
			out, _ := cmd.CombinedOutput()
			if code := cmd.ProcessState.ExitCode(); code != tt.wantCode {
				t.Errorf("exit code %d, want %d\n%s", code, tt.wantCode, out)
			}
			for _, w := range tt.want {
				if !strings.Contains(string(out), w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
		})
	}
}
