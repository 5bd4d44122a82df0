package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"go.lsp.dev/uri"
)

// TestEchoedKeyIsRedacted runs the real binary, then lspilot doctor,
// against a server that echoes the API key in its 401 answers: the key
// appears in no message to the editor, nowhere in the log file (at debug
// level), and nowhere in doctor's output, which still says the server
// refused the credentials.
func TestEchoedKeyIsRedacted(t *testing.T) {
	srv := newProbeServer(t, true)
	dir := t.TempDir()
	const key = "lsp-echo-KEY-31337abcdef"
	config := writeTestFile(t, dir, "config.toml", fmt.Sprintf(`
[[backends]]
kind = "openai"
url = %q
model = %q
apiKeyEnv = "LSPILOT_TEST_ECHO_KEY"
`, srv.URL, probeModel))
	env := []string{"LSPILOT_TEST_ECHO_KEY=" + key}
	logFile := filepath.Join(dir, "lspilot.log")
	p := startProc(t, env, "serve", "--config", config, "--log-level", "debug", "--log-file", logFile)
	p.initializeIn(t, dir, "")
	u := string(uri.File(filepath.Join(dir, "main.py")))
	p.open(t, u, "python", "import os\n")
	p.invoked(t, u, "import os")
	p.waitShown(t, "unauthorized")
	if code := p.shutdown(t); code != 0 {
		t.Errorf("exit code %d", code)
	}
	if got := srv.requests(); len(got) == 0 || got[0].auth != "Bearer "+key {
		t.Fatalf("the server got %+v, want requests with the key", got)
	}
	if shown := p.shown(); strings.Contains(shown, key) {
		t.Errorf("messages to the editor hold the key:\n%s", shown)
	}
	logs, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(logs), "unauthorized") || strings.Contains(string(logs), key) {
		t.Errorf("the log should record the refusal without the key:\n%s", logs)
	}

	cmd := exec.Command(binary, "doctor", "--config", config)
	cmd.Env = append(os.Environ(), env...)
	out, _ := cmd.CombinedOutput()
	if !strings.Contains(string(out), "unauthorized") || !strings.Contains(string(out), "[redacted]") || strings.Contains(string(out), key) {
		t.Errorf("doctor should report the refusal with the key redacted:\n%s", out)
	}
}
