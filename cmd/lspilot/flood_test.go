package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/protocol"

	"github.com/lspilot/lspilot/lsp/lsptest"
)

// TestMalformedFloodBoundedLog sends thousands of malformed frames: each is
// answered, and the log holds a bounded number of lines (at most logBurst
// warnings and one summary per second of flood), not one per frame.
func TestMalformedFloodBoundedLog(t *testing.T) {
	const frames = 5000
	logFile := filepath.Join(t.TempDir(), "lspilot.log")
	cmd := exec.Command(binary, "serve", "--log-file", logFile)
	cmd.Stderr = testWriter{t}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	replies := make(chan []byte, 1)
	go func() {
		out, _ := io.ReadAll(stdout)
		replies <- out
	}()
	var in bytes.Buffer
	in.WriteString(frame(initializeBody))
	for range frames {
		in.WriteString(frame("this is not JSON"))
	}
	in.WriteString(frame(`{"jsonrpc":"2.0","id":9,"method":"shutdown"}`) + frame(`{"jsonrpc":"2.0","method":"exit"}`))
	if _, err := stdin.Write(in.Bytes()); err != nil {
		t.Fatal(err)
	}
	stdin.Close()
	out := <-replies
	if err := cmd.Wait(); err != nil {
		t.Fatalf("lspilot: %v", err)
	}
	elapsed := time.Since(start)
	if n := bytes.Count(out, []byte(`"code":-32700`)); n != frames {
		t.Errorf("%d parse errors answered, want %d", n, frames)
	}
	data, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Count(string(data), "\n")
	seconds := int(elapsed/time.Second) + 2
	if bound := seconds*(logBurst+1) + 10; lines > bound {
		t.Errorf("%d log lines for %d malformed frames in %v, want at most %d", lines, frames, elapsed, bound)
	}
	if !strings.Contains(string(data), "suppressed repeated log lines") {
		t.Error("the log does not count the suppressed lines")
	}
}

// TestServeInitializeMisuse sends an initialize without an id to the real
// binary after the session started: it is ignored, the session goes on and
// exits 0 after shutdown.
func TestServeInitializeMisuse(t *testing.T) {
	p := startProc(t, nil, "serve")
	p.initialize(t)
	for _, params := range []any{&protocol.InitializeParams{}, nil, []int{1, 2}} {
		if err := p.conn.Notify(context.Background(), protocol.MethodInitialize, params); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), lsptest.Timeout)
	defer cancel()
	if _, err := p.server.Initialize(ctx, &protocol.InitializeParams{}); err == nil {
		t.Error("a second initialize request succeeded")
	}
	if st := p.status(t); st.PID != p.cmd.Process.Pid {
		t.Errorf("status = %+v after the misuse", st)
	}
	if code := p.shutdown(t); code != 0 {
		t.Errorf("exit code = %d, want 0", code)
	}
	if !strings.Contains(p.stderr.String(), "ignored initialize sent as a notification") {
		t.Error("the ignored initialize was not logged")
	}
}
