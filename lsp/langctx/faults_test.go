package langctx_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"go.uber.org/zap/zaptest"

	"github.com/lspilot/lspilot/lsp/langctx"
)

// waitStatus polls the Manager's status until ok holds, failing after a
// minute.
func waitStatus(t *testing.T, m *langctx.Manager, what string, ok func([]langctx.ServerStatus) bool) []langctx.ServerStatus {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		st := m.Status()
		if ok(st) {
			return st
		}
		if time.Now().After(deadline) {
			t.Fatalf("no %s: status %+v", what, st)
		}
		time.Sleep(20 * time.Millisecond) // polling with a deadline
	}
}

// gone reports whether no process has pid any more.
func gone(pid int) bool {
	return errors.Is(syscall.Kill(pid, 0), syscall.ESRCH)
}

// faultManager runs command as the Go server of a fresh workspace.
func faultManager(t *testing.T, command []string, env []string, restarts int, hangAfter time.Duration) (*langctx.Manager, string) {
	root := workspace(t, goFiles)
	m := langctx.New(langctx.Config{Root: root, Logger: zaptest.NewLogger(t), Env: env,
		Servers:  map[string][]string{"go": command},
		Deadline: 200 * time.Millisecond, HangAfter: hangAfter,
		Backoff: langctx.Backoff{Min: 10 * time.Millisecond, Max: 40 * time.Millisecond, Stable: time.Hour, MaxRestarts: restarts}})
	return m, root
}

// TestCrashingServerFails: a server that exits at once is restarted with
// backoff until the restarts are spent, then reported failed; Snippets
// answers at once throughout.
func TestCrashingServerFails(t *testing.T) {
	m, root := faultManager(t, []string{"sh", "-c", "echo 'cannot start: no go.work' >&2; exit 3"}, nil, 3, time.Minute)
	defer m.Shutdown()
	req := request(t, m, root, "main.go", "go", goMain, "geo.Distance(a, ")
	if files := m.Snippets(req); len(files) != 0 {
		t.Errorf("Snippets = %+v", files)
	}
	st := waitStatus(t, m, "failed server", func(st []langctx.ServerStatus) bool {
		return len(st) == 1 && st[0].State == langctx.StateFailed
	})
	if st[0].Restarts != 3 || !strings.Contains(st[0].LastError, "cannot start: no go.work") {
		t.Errorf("status = %+v, want 3 restarts and the server's last words", st[0])
	}
}

// TestSilentServer: a server that never answers initialize costs only what
// it alone would know: Snippets returns at once, Resolve at its deadline
// with the declarations read from the Go files, and Shutdown ends the
// process.
func TestSilentServer(t *testing.T) {
	m, root := faultManager(t, []string{"sleep", "3600"}, nil, 3, time.Minute)
	req := request(t, m, root, "main.go", "go", goMain, "geo.Distance(a, ")
	st := waitStatus(t, m, "started process", func(st []langctx.ServerStatus) bool { return len(st) == 1 && st[0].PID != 0 })
	if st[0].State != langctx.StateStarting {
		t.Errorf("state = %s, want starting", st[0].State)
	}
	m.Snippets(req)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	if files := m.Resolve(ctx, req); len(files) == 0 || !strings.Contains(files[len(files)-1].Text, "func Distance(a, b Point) float64") {
		t.Errorf("Resolve = %+v, want Distance's declaration read from geo.go", files)
	}
	m.Shutdown()
	if !gone(st[0].PID) {
		t.Errorf("server %d still runs after Shutdown", st[0].PID)
	}
}

// TestHungServer: a server that stops answering requests once running is
// taken for hung after a few timeouts and restarted, unless it answered
// anything within HangAfter.
func TestHungServer(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name        string
		hangAfter   time.Duration
		wantRestart bool
	}{
		{"silent past HangAfter: restarted", 100 * time.Millisecond, true},
		{"within HangAfter: kept", time.Hour, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, root := faultManager(t, []string{exe}, append(os.Environ(), fakeEnv+"=hang"), 5, tt.hangAfter)
			defer m.Shutdown()
			req := request(t, m, root, "main.go", "go", goMain, "geo.Distance(a, ")
			first := waitStatus(t, m, "running server", func(st []langctx.ServerStatus) bool {
				return len(st) == 1 && st[0].State == langctx.StateRunning
			})[0].PID
			for range 4 {
				ctx, cancel := context.WithTimeout(context.Background(), time.Second)
				m.Resolve(ctx, req)
				cancel()
			}
			if !tt.wantRestart {
				if st := m.Status(); st[0].Restarts != 0 || st[0].PID != first {
					t.Errorf("status = %+v, want the server kept", st[0])
				}
				return
			}
			st := waitStatus(t, m, "restart", func(st []langctx.ServerStatus) bool {
				return len(st) == 1 && st[0].Restarts >= 1 && st[0].State == langctx.StateRunning && st[0].PID != first
			})
			if st[0].LastError == "" {
				t.Errorf("status = %+v, want the reason", st[0])
			}
		})
	}
}
