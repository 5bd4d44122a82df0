package lsp_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lspilot/lspilot/lsp"
	"github.com/lspilot/lspilot/lsp/lsptest"
)

// relay is a Forward between a test editor and a fake daemon.
type relay struct {
	t        *testing.T
	editor   io.WriteCloser // the editor's output, the forwarder's input
	fromFwd  *bufio.Reader  // what the forwarder sends the editor
	daemon   net.Conn       // the fake daemon's end
	daemonR  *bufio.Reader
	returned chan error // what Forward returned, sent once
	once     sync.Once
	err      error
}

// result waits for Forward to return and returns what it did.
func (r *relay) result() error {
	r.once.Do(func() {
		select {
		case r.err = <-r.returned:
		case <-time.After(lsptest.Timeout):
			r.t.Error("Forward did not return")
		}
	})
	return r.err
}

func newRelay(t *testing.T) *relay {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	daemon, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	r := &relay{t: t, editor: inW, fromFwd: bufio.NewReader(outR), daemon: daemon,
		daemonR: bufio.NewReader(daemon), returned: make(chan error, 1)}
	go func() {
		r.returned <- lsp.Forward(context.Background(), inR, outW, conn, lsp.ForwardOptions{
			Daemon: "test daemon", Hint: "Its log is /test/daemon.log."})
		outW.Close()
	}()
	t.Cleanup(func() {
		inW.Close()
		daemon.Close()
		r.result()
	})
	return r
}

// send writes frames as the editor.
func (r *relay) send(bodies ...string) {
	for _, b := range bodies {
		io.WriteString(r.editor, lsptest.Frame(b))
	}
}

// daemonReads reads n bytes at the daemon and compares them with want.
func (r *relay) daemonReads(want string) {
	r.t.Helper()
	got := make([]byte, len(want))
	r.daemon.SetReadDeadline(time.Now().Add(lsptest.Timeout))
	if _, err := io.ReadFull(r.daemonR, got); err != nil || string(got) != want {
		r.t.Fatalf("daemon read %q, %v; want %q", got, err, want)
	}
}

// editorReads reads the messages the forwarder sends until it returns.
func (r *relay) editorReads() []lsptest.Message {
	r.t.Helper()
	var msgs []lsptest.Message
	for {
		frame, err := readTestFrame(r.fromFwd)
		if errors.Is(err, io.EOF) {
			return msgs
		}
		if err != nil {
			r.t.Fatal(err)
		}
		var m lsptest.Message
		if err := json.Unmarshal(frame, &m); err != nil {
			r.t.Fatalf("decode %s: %v", frame, err)
		}
		msgs = append(msgs, m)
	}
}

func readTestFrame(r *bufio.Reader) ([]byte, error) {
	var n int
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return nil, err
		}
		if line == "\r\n" {
			break
		}
		if v, ok := strings.CutPrefix(line, "Content-Length: "); ok {
			n, _ = strconv.Atoi(strings.TrimSpace(v))
		}
	}
	body := make([]byte, n)
	_, err := io.ReadFull(r, body)
	return body, err
}

// TestForwardDaemonGone closes the daemon's connection while the editor
// waits for two requests: the editor is told, both requests fail, the one
// answered before stays answered, and Forward returns ErrDaemonGone.
func TestForwardDaemonGone(t *testing.T) {
	r := newRelay(t)
	reqs := []string{
		`{"jsonrpc":"2.0","id":4,"method":"textDocument/hover","params":{}}`,
		`{"jsonrpc":"2.0","id":"five","method":"textDocument/inlineCompletion","params":{}}`,
		`{"jsonrpc":"2.0","id":6,"method":"textDocument/completion","params":{}}`,
		`{"jsonrpc":"2.0","method":"textDocument/didSave","params":{}}`,
	}
	r.send(reqs...)
	for _, b := range reqs {
		r.daemonReads(lsptest.Frame(b))
	}
	io.WriteString(r.daemon, lsptest.Frame(`{"jsonrpc":"2.0","id":4,"result":null}`))
	r.daemon.Close()

	msgs := r.editorReads()
	if err := r.result(); !errors.Is(err, lsp.ErrDaemonGone) {
		t.Errorf("Forward = %v, want ErrDaemonGone", err)
	}
	if len(msgs) != 4 || string(msgs[0].ID) != "4" || msgs[0].Error != nil {
		t.Fatalf("editor got %+v: want the answer to 4, a message and two errors", msgs)
	}
	var shown struct{ Type int }
	json.Unmarshal(msgs[1].Params, &shown)
	if msgs[1].Method != "window/showMessage" || shown.Type != 1 ||
		!strings.Contains(string(msgs[1].Params), "/test/daemon.log") {
		t.Errorf("editor was told %s %s, want an error message naming the log", msgs[1].Method, msgs[1].Params)
	}
	failed := map[string]bool{}
	for _, m := range msgs[2:] {
		if m.Error == nil || m.Error.Code != -32803 {
			t.Errorf("reply %s = %+v, want RequestFailed", m.ID, m.Error)
		}
		failed[string(m.ID)] = true
	}
	if !failed[`"five"`] || !failed["6"] {
		t.Errorf("failed requests %v, want \"five\" and 6", failed)
	}
}

// TestForwardEnds covers the ways a forwarded session ends normally.
func TestForwardEnds(t *testing.T) {
	tests := []struct {
		name     string
		shutdown bool
		want     error
	}{
		{"shutdown and exit", true, nil},
		{"exit alone", false, lsp.ErrExitWithoutShutdown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRelay(t)
			if tt.shutdown {
				shutdown := `{"jsonrpc":"2.0","id":1,"method":"shutdown"}`
				r.send(shutdown)
				r.daemonReads(lsptest.Frame(shutdown))
				io.WriteString(r.daemon, lsptest.Frame(`{"jsonrpc":"2.0","id":1,"result":null}`))
			}
			exit := `{"jsonrpc":"2.0","method":"exit"}`
			r.send(exit)
			r.daemonReads(lsptest.Frame(exit))
			r.daemon.Close()
			msgs := r.editorReads()
			if err := r.result(); !errors.Is(err, tt.want) || (err == nil) != (tt.want == nil) {
				t.Errorf("Forward = %v, want %v", err, tt.want)
			}
			for _, m := range msgs {
				if m.Method != "" || m.Error != nil {
					t.Errorf("editor got %+v after exit", m)
				}
			}
		})
	}
}

// TestForwardPassesBytesThrough relays input that is not well framed as it
// is: answering it is the daemon's business. The editor's input ending
// ends Forward without a report.
func TestForwardPassesBytesThrough(t *testing.T) {
	r := newRelay(t)
	give := "garbage\r\n\r\nContent-Length: x\r\n\r\n" + strings.Repeat("y", 70000) + "\n" +
		lsptest.Frame(`{"jsonrpc":"2.0","id":1,"method":"shutdown"}`) + "\r\n" +
		"Content-Length: 3\r\nContent-Type: x\r\n\r\n{}}"
	go func() {
		io.WriteString(r.editor, give)
		r.editor.Close()
	}()
	r.daemonReads(give)
	if rest, err := io.ReadAll(r.daemonR); len(rest) > 0 || err != nil {
		t.Fatalf("daemon read %q, %v after the input, want the end of it", rest, err)
	}
	r.daemon.Close()
	if msgs := r.editorReads(); len(msgs) != 0 {
		t.Errorf("editor got %+v, want nothing", msgs)
	}
	if err := r.result(); err != nil {
		t.Errorf("Forward = %v after the editor's input ended", err)
	}
}
