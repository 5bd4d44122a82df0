package main

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/lspilot/lspilot/lsp"
	"github.com/lspilot/lspilot/lsp/lsptest"
)

// proc is a running lspilot process driven over its stdio.
type proc struct {
	cmd    *exec.Cmd
	server protocol.Server
	conn   jsonrpc2.Conn
	rec    *lsptest.Recorder // what the server sent the client; nil for another client
	stderr *syncBuffer       // what the process logged; nil when not started here
}

type pipes struct {
	io.ReadCloser
	io.WriteCloser
}

func (p pipes) Close() error {
	p.WriteCloser.Close()
	return p.ReadCloser.Close()
}

// startProc starts lspilot with args and connects a client to its stdio.
func startProc(t *testing.T, env []string, args ...string) *proc {
	t.Helper()
	return startProcWith(t, &lsptest.Recorder{}, env, args...)
}

// startProcWith is startProc with the client that gets the server's
// messages.
func startProcWith(t *testing.T, client protocol.Client, env []string, args ...string) *proc {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = append(os.Environ(), env...)
	stderr := &syncBuffer{t: t}
	cmd.Stderr = stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := connectProcWith(t, client, cmd, pipes{stdout, stdin})
	p.stderr = stderr
	return p
}

func connectProc(t *testing.T, cmd *exec.Cmd, rwc io.ReadWriteCloser) *proc {
	return connectProcWith(t, &lsptest.Recorder{}, cmd, rwc)
}

func connectProcWith(t *testing.T, client protocol.Client, cmd *exec.Cmd, rwc io.ReadWriteCloser) *proc {
	ctx, cancel := context.WithCancel(context.Background())
	var (
		conn   jsonrpc2.Conn
		server protocol.Server
	)
	rec, ok := client.(*lsptest.Recorder)
	if ok {
		conn, server = lsptest.Connect(ctx, rec, rwc)
	} else {
		_, conn, server = protocol.NewClient(ctx, client, jsonrpc2.NewHeaderStream(rwc))
	}
	p := &proc{cmd: cmd, server: server, conn: conn, rec: rec}
	t.Cleanup(func() {
		cancel()
		conn.Close()
		if cmd != nil && cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	return p
}

func (p *proc) initialize(t *testing.T) *protocol.InitializeResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), lsptest.Timeout)
	defer cancel()
	res, err := p.server.Initialize(ctx, &protocol.InitializeParams{})
	if err != nil {
		t.Fatalf("initialize: %v", err)
	}
	if err := p.server.Initialized(ctx, &protocol.InitializedParams{}); err != nil {
		t.Fatal(err)
	}
	return res
}

func (p *proc) status(t *testing.T) lsp.Status {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), lsptest.Timeout)
	defer cancel()
	var st lsp.Status
	if err := protocol.Call(ctx, p.conn, protocol.MethodWorkspaceExecuteCommand,
		&protocol.ExecuteCommandParams{Command: lsp.CommandStatus}, &st); err != nil {
		t.Fatalf("status: %v", err)
	}
	return st
}

// shutdown sends shutdown and exit and returns the process's exit code.
func (p *proc) shutdown(t *testing.T) int {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), lsptest.Timeout)
	defer cancel()
	if err := p.server.Shutdown(ctx); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	p.server.Exit(ctx)
	return p.wait(t)
}

func (p *proc) wait(t *testing.T) int {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- p.cmd.Wait() }()
	select {
	case <-done:
		return p.cmd.ProcessState.ExitCode()
	case <-time.After(lsptest.Timeout):
		t.Fatal("process did not exit")
		return -1
	}
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// TestServeStdio runs the real binary over stdio: initialize announces the
// capabilities, and exit after shutdown exits 0.
func TestServeStdio(t *testing.T) {
	p := startProc(t, nil, "serve")
	res := p.initialize(t)
	caps := res.Capabilities
	if caps.InlineCompletionProvider == nil || caps.CompletionProvider == nil || caps.HoverProvider == nil ||
		caps.CodeActionProvider == nil || len(caps.ExecuteCommandProvider.Commands) == 0 || caps.PositionEncoding != "utf-16" {
		b, _ := json.Marshal(caps)
		t.Fatalf("capabilities lack a feature: %s", b)
	}
	if code := p.shutdown(t); code != 0 {
		t.Errorf("exit code after shutdown = %d, want 0", code)
	}
}

// TestServeStdioExitWithoutShutdown exits 1 on exit without shutdown.
func TestServeStdioExitWithoutShutdown(t *testing.T) {
	p := startProc(t, nil, "serve")
	p.initialize(t)
	p.server.Exit(context.Background())
	if code := p.wait(t); code != 1 {
		t.Errorf("exit code = %d, want 1", code)
	}
}

// TestServeTCP serves sessions on a TCP port, one per connection, each
// opened with the token.
func TestServeTCP(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(binary, "serve", "--listen", "tcp://"+addr, "--token-file", writeToken(t, goodToken, 0o600))
	cmd.Stderr = testWriter{t}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	dial := func() net.Conn {
		var conn net.Conn
		lsptest.WaitFor(t, "the listener", func() bool {
			conn, err = net.Dial("tcp", addr)
			return err == nil
		})
		if _, err := conn.Write(lsp.AuthenticateFrame([]byte(goodToken))); err != nil {
			t.Fatal(err)
		}
		return conn
	}
	a := connectProc(t, nil, dial())
	b := connectProc(t, nil, dial())
	a.initialize(t)
	b.initialize(t)
	if st := b.status(t); st.Sessions != 2 || st.PID != cmd.Process.Pid {
		t.Errorf("status = %+v, want 2 sessions in pid %d", st, cmd.Process.Pid)
	}
}

// TestRemoteAutoSharesOneDaemon starts two forwarders with --remote=auto:
// both reach the same daemon process, which exits after its idle timeout
// once both sessions end.
func TestRemoteAutoSharesOneDaemon(t *testing.T) {
	env := []string{"XDG_RUNTIME_DIR=" + t.TempDir()}
	a := startProc(t, env, "serve", "--remote=auto", "--idle-timeout=500ms")
	b := startProc(t, env, "serve", "--remote=auto", "--idle-timeout=500ms")
	a.initialize(t)
	b.initialize(t)
	sa, sb := a.status(t), b.status(t)
	if sa.PID != sb.PID || sa.PID == a.cmd.Process.Pid || sa.PID == b.cmd.Process.Pid {
		t.Fatalf("daemon pids %d and %d (forwarders %d, %d): want one shared daemon",
			sa.PID, sb.PID, a.cmd.Process.Pid, b.cmd.Process.Pid)
	}
	if sb.Sessions != 2 {
		t.Errorf("daemon sessions = %d, want 2", sb.Sessions)
	}
	for _, p := range []*proc{a, b} {
		if code := p.shutdown(t); code != 0 {
			t.Errorf("forwarder exit code = %d, want 0", code)
		}
	}
	lsptest.WaitFor(t, "the idle daemon to exit", func() bool {
		return syscall.Kill(sa.PID, 0) != nil
	})
}
