// Package emacs_test runs lspilot.el in real Emacs 28 (this machine's)
// and Emacs 30 (the Debian unstable chroot's), in batch mode and in a
// terminal, against the real lspilot binary.
package emacs_test

import (
	"context"
	"encoding/json"
	"os"
	"regexp"
	"testing"
	"time"

	"github.com/lspilot/lspilot/editors/editortest"
)

func TestMain(m *testing.M) { editortest.Main(m) }

// TestUnits runs lspilot.el's ERT tests in each Emacs: byte compilation
// without warnings, positions in UTF-16, suggestions, the Eglot
// registration and the status line.
func TestUnits(t *testing.T) {
	for _, e := range emacsen {
		t.Run(e.name, func(t *testing.T) {
			box := newSandbox(t, e)
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			out, err := box.emacs(ctx, nil, "--batch", "-l", "ert", "-l", box.in("lspilot/editors/emacs/test/setup.el"),
				"-f", "ert-run-tests-batch-and-exit").CombinedOutput()
			if err != nil {
				t.Fatalf("emacs: %v\n%s", err, out)
			}
			if m := regexp.MustCompile(`Ran (\d+) tests?, (\d+) results? as expected`).FindSubmatch(out); m == nil || string(m[1]) != string(m[2]) || string(m[1]) == "0" {
				t.Errorf("ERT did not report all tests passing:\n%s", out)
			}
		})
	}
}

// syncResult is what test/sync.el writes.
type syncResult struct {
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
	CrashLine string   `json:"crash_mode_line"`
	Recovered string   `json:"recovered"`
	Errors    []string `json:"errors"`
}

// TestSync edits a buffer in ways that stress position mapping
// (multi-byte text, emoji and other characters outside the BMP, deletions
// across lines, many changes in one notification) and checks after each
// that lspilot's copy of the document matches the buffer's UTF-8 bytes:
// through lspilot-mode's own connection and through Eglot's, in Emacs 28
// and 30. The status line and M-x lspilot-status follow lspilot's status,
// and lspilot exits cleanly after shutdown and exit: when the last buffer
// of lspilot-mode's connection closes, on M-x lspilot-shutdown, and when
// Eglot shuts down. When lspilot dies, lspilot-mode says so in the mode
// line and the next edit starts it again.
func TestSync(t *testing.T) {
	for _, e := range emacsen {
		for _, client := range []string{"mode", "mode-command", "eglot"} {
			t.Run(e.name+"/"+client, func(t *testing.T) {
				box := newSandbox(t, e)
				ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
				defer cancel()
				out, runErr := box.emacs(ctx, []string{"LSPILOT_BIN=" + box.in("bin/lspilot"), "LSPILOT_WORK=" + box.in("work"),
					"LSPILOT_OUT=" + box.in("result.json"), "LSPILOT_CLIENT=" + client},
					"--batch", "-l", box.in("lspilot/editors/emacs/test/sync.el")).CombinedOutput()
				if runErr != nil {
					t.Errorf("emacs: %v\n%s", runErr, out)
				}
				data, err := os.ReadFile(box.path("result.json"))
				if err != nil {
					t.Fatalf("no result from the Emacs script: %v\n%s", err, out)
				}
				var res syncResult
				if err := json.Unmarshal(data, &res); err != nil {
					t.Fatalf("decode %s: %v", data, err)
				}
				cases := 7
				if client != "eglot" {
					cases = 8 // a write to another file name too
				}
				checkSync(t, res, cases, string(out))
				// lspilot-mode notices lspilot dying and the next edit reconnects.
				if client != "eglot" && (res.CrashLine != " lspilot:down" || res.Recovered != "in sync") {
					t.Errorf("after lspilot was killed: mode line %q, then %q; want \" lspilot:down\", then in sync", res.CrashLine, res.Recovered)
				}
			})
		}
	}
}

// checkSync checks the result of test/sync.el.
func checkSync(t *testing.T, res syncResult, cases int, output string) {
	t.Helper()
	for _, e := range res.Errors {
		t.Error(e)
	}
	if len(res.Cases) != cases {
		t.Fatalf("got %d cases, want %d\n%s", len(res.Cases), cases, output)
	}
	version := 0
	for i, c := range res.Cases {
		if i == 7 {
			version = -1 // reopened under its new name
		}
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
