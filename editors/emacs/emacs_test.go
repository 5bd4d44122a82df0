// Package emacs_test runs lspilot.el in a real batch Emacs with Eglot,
// against the real lspilot binary.
package emacs_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
	"time"
)

// emacs returns the emacs binary, failing t when there is none.
func emacs(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("emacs")
	if err != nil {
		t.Fatal("emacs not found: install Emacs and Eglot (apt-get install emacs-nox elpa-eglot)")
	}
	return bin
}

// run runs emacs in batch mode with args and env, returning its output.
func run(ctx context.Context, t *testing.T, env []string, args ...string) (string, error) {
	t.Helper()
	cmd := exec.CommandContext(ctx, emacs(t), append([]string{"--batch"}, args...)...)
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir())
	cmd.Env = append(cmd.Env, env...)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// TestUnits runs lspilot.el's ERT tests: byte compilation without
// warnings, the Eglot registration and the status line.
func TestUnits(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out, err := run(ctx, t, nil, "-l", "ert", "-l", "test/setup.el", "-f", "ert-run-tests-batch-and-exit")
	if err != nil {
		t.Fatalf("emacs: %v\n%s\n(Eglot: apt-get install elpa-eglot)", err, out)
	}
	if m := regexp.MustCompile(`Ran (\d+) tests?, (\d+) results? as expected`).FindStringSubmatch(out); m == nil || m[1] != m[2] || m[1] == "0" {
		t.Errorf("ERT did not report all tests passing:\n%s", out)
	}
}

// TestEglotSync edits a buffer through Eglot in ways that stress position
// mapping (multi-byte text, emoji, deletions across lines, many changes in
// one notification) and checks after each that lspilot's copy of the
// document matches the buffer's UTF-8 bytes.
func TestEglotSync(t *testing.T) {
	emacs(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	dir := t.TempDir()
	bin := filepath.Join(dir, "lspilot")
	if out, err := exec.CommandContext(ctx, "go", "build", "-o", bin, "../../cmd/lspilot").CombinedOutput(); err != nil {
		t.Fatalf("build lspilot: %v\n%s", err, out)
	}
	work := t.TempDir()
	result := filepath.Join(dir, "result.json")
	output, runErr := run(ctx, t, []string{"LSPILOT_BIN=" + bin, "LSPILOT_WORK=" + work, "LSPILOT_OUT=" + result},
		"-l", "test/sync.el")
	if runErr != nil {
		t.Errorf("emacs: %v\n%s", runErr, output)
	}

	data, err := os.ReadFile(result)
	if err != nil {
		t.Fatalf("no result from the Emacs script: %v\n%s\n(Eglot: apt-get install elpa-eglot)", err, output)
	}
	var res struct {
		Cases []struct {
			Name   string `json:"name"`
			Server struct {
				SHA256  string `json:"sha256"`
				Bytes   int    `json:"bytes"`
				Version int    `json:"version"`
			} `json:"server"`
			EmacsSHA256 string `json:"emacs_sha256"`
			EmacsBytes  int    `json:"emacs_bytes"`
		} `json:"cases"`
		Status struct {
			PID           int    `json:"pid"`
			OpenDocuments int    `json:"openDocuments"`
			State         string `json:"state"`
		} `json:"status"`
		Notification struct {
			Kind    string `json:"kind"`
			Message string `json:"message"`
		} `json:"notification"`
		ModeLine  string   `json:"mode_line"`
		Described string   `json:"described"`
		ExitCode  int      `json:"exit_code"`
		Errors    []string `json:"errors"`
	}
	if err := json.Unmarshal(data, &res); err != nil {
		t.Fatalf("decode %s: %v", data, err)
	}
	for _, e := range res.Errors {
		t.Error(e)
	}
	if len(res.Cases) != 7 {
		t.Fatalf("got %d cases, want 7: %s\n%s", len(res.Cases), data, output)
	}
	version := 0
	for _, c := range res.Cases {
		if c.Server.SHA256 != c.EmacsSHA256 {
			t.Errorf("%s: server has %d bytes (v%d), Emacs %d bytes: texts differ", c.Name, c.Server.Bytes, c.Server.Version, c.EmacsBytes)
		}
		if c.Server.Version <= version {
			t.Errorf("%s: server version %d after %d: the edit was not sent", c.Name, c.Server.Version, version)
		}
		version = c.Server.Version
	}
	if res.Status.PID == 0 || res.Status.OpenDocuments != 1 {
		t.Errorf("lspilot-status = %+v, want a pid and one open document", res.Status)
	}
	// No backend is configured or found here: lspilot says so, and Emacs
	// shows it in the mode line and in M-x lspilot-status.
	if res.Notification.Kind != "Warning" || !regexp.MustCompile(`no backend`).MatchString(res.Notification.Message) {
		t.Errorf("didChangeStatus = %+v, want a Warning saying there is no backend", res.Notification)
	}
	if res.ModeLine != " lspilot:no-backend" {
		t.Errorf("mode line = %q, want \" lspilot:no-backend\"", res.ModeLine)
	}
	if res.Status.State != "no backend" || !regexp.MustCompile(`: no backend; 1 session`).MatchString(res.Described) {
		t.Errorf("lspilot-status = %q (state %q), want it to say there is no backend", res.Described, res.Status.State)
	}
	if res.ExitCode != 0 {
		t.Errorf("lspilot exited with %d after shutdown and exit\n%s", res.ExitCode, output)
	}
}
