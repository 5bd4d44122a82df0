package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/lspilot/lspilot/lsp/lsptest"
)

// TestRemoteDaemonDies kills the shared daemon while the editor waits for
// an answer: the forwarder tells the editor where the log is, fails the
// request, and exits 1.
func TestRemoteDaemonDies(t *testing.T) {
	run := t.TempDir()
	var rec lsptest.Recorder
	p := startProcWith(t, &rec, []string{"XDG_RUNTIME_DIR=" + run}, "serve", "--remote=auto", "--log-level=debug")
	p.initialize(t)
	pid := p.status(t).PID
	if err := syscall.Kill(pid, syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	// The stop is not synchronous: a running daemon could still answer.
	lsptest.WaitFor(t, "the daemon to stop", func() bool {
		st, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
		return err == nil && strings.Contains(string(st), "\nState:\tT")
	})
	done := make(chan error, 1)
	go func() {
		var res any
		done <- protocol.Call(context.Background(), p.conn, "workspace/executeCommand",
			&protocol.ExecuteCommandParams{Command: "lspilot.status"}, &res)
	}()
	lsptest.WaitFor(t, "the forwarder to relay the request", func() bool {
		n := 0
		for _, line := range strings.Split(p.stderr.String(), "\n") {
			if strings.Contains(line, "relaying request") && strings.Contains(line, "workspace/executeCommand") {
				n++
			}
		}
		return n == 2 // the status asked above, and this one
	})
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	err := <-done
	var rpcErr *jsonrpc2.Error
	if !errors.As(err, &rpcErr) || rpcErr.Code != jsonrpc2.Code(protocol.LSPErrorCodesRequestFailed) {
		t.Errorf("pending request = %v, want a RequestFailed error", err)
	}
	if code := p.wait(t); code != 1 {
		t.Errorf("forwarder exit code = %d, want 1", code)
	}
	log := autoFiles(t, run, "--remote=auto", "--log-level=debug").log
	var msgs []protocol.ShowMessageParams // errors: the daemon warns that it found no backend
	for _, m := range rec.Messages() {
		if m.Type == protocol.MessageTypeError {
			msgs = append(msgs, m)
		}
	}
	if len(msgs) != 1 || !strings.Contains(msgs[0].Message, log) {
		t.Errorf("editor was shown errors %+v, want one naming %s", msgs, log)
	}
}

// TestRemoteLockHeld holds the daemon's lock in this process while no
// daemon answers: the forwarder gives up and names the lock and its holder.
func TestRemoteLockHeld(t *testing.T) {
	run := t.TempDir()
	dir := filepath.Join(run, "lspilot")
	mkdirMode(t, dir, 0o700)
	lock, err := os.OpenFile(autoFiles(t, run, "--remote=auto").lock, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Close()
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	res := runBinary(t, []string{"XDG_RUNTIME_DIR=" + run}, frame(initializeBody), "serve", "--remote=auto")
	want := lock.Name() + " is held by pid " + strconv.Itoa(os.Getpid())
	if res.code != 1 || !strings.Contains(res.stderr, want) {
		t.Errorf("exit %d, stderr %q: want exit 1 and %q", res.code, res.stderr, want)
	}
}

// TestRemoteImpossibleSocket gives the forwarder and the listener socket
// paths that cannot work: each is refused at once with a message that
// says why, and no daemon is started.
func TestRemoteImpossibleSocket(t *testing.T) {
	long := t.TempDir()
	for len(long) < 120 {
		long = filepath.Join(long, "a-rather-long-directory-name")
	}
	if err := os.MkdirAll(long, 0o700); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		env  []string
		args []string
		want string
	}{
		{"runtime directory too deep", []string{"XDG_RUNTIME_DIR=" + long}, []string{"serve", "--remote=auto"}, "more than the 107 a unix socket allows"},
		{"runtime directory missing", []string{"XDG_RUNTIME_DIR=/nonexistent/run"}, []string{"serve", "--remote=auto"}, "create daemon directory: mkdir /nonexistent/run/lspilot: no such file or directory"},
		{"remote socket too long", nil, []string{"serve", "--remote", "unix://" + long + "/s.sock"}, "more than the 107"},
		{"listen socket too long", nil, []string{"serve", "--listen", "unix://" + long + "/s.sock"}, "more than the 107"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := runBinary(t, tt.env, frame(initializeBody), tt.args...)
			if res.code != 1 || !strings.Contains(res.stderr, tt.want) || strings.Contains(res.stderr, "started shared daemon") {
				t.Errorf("exit %d, stderr %q: want exit 1 and %q, and no daemon", res.code, res.stderr, tt.want)
			}
		})
	}
}
