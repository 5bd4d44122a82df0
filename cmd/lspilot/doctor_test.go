package main

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/lspilot/lspilot/inference/ollamatest"
)

// TestDoctorRealOllama runs lspilot doctor against the real Ollama: every
// check passes and it names the prompt format; against a model the server
// lacks, and a server that is not there, it fails with a fix.
func TestDoctorRealOllama(t *testing.T) {
	srv := ollamatest.Start(t, ollamatest.WithoutLargeModel())
	tests := []struct {
		name     string
		args     []string
		wantCode int
		want     []string
	}{
		{"healthy", []string{"--backend", srv.URL, "--model", srv.FIMModel}, 0,
			[]string{"ok    server", "ok    model", "ok    prompt   qwen2.5-coder prompt format"}},
		{"missing model", []string{"--backend", srv.URL, "--model", "no-such-model"}, 1,
			[]string{"FAIL  model", "ollama pull no-such-model"}},
		{"no server", []string{"--backend", "http://127.0.0.1:1", "--model", "x"}, 1,
			[]string{"FAIL  server", "fix:"}},
		{"no backend", []string{"--config", "/dev/null"}, 1, []string{"no backend configured"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command(binary, append([]string{"doctor"}, tt.args...)...)
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
