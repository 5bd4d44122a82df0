package lsptest

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/textproto"
	"strconv"
	"testing"
	"time"

	"go.uber.org/zap/zaptest"

	"github.com/lspilot/lspilot/lsp"
)

// Raw is a byte-level client of a server session over a loopback socket,
// for feeding the server input no real client would send.
type Raw struct {
	t      testing.TB
	conn   net.Conn
	r      *bufio.Reader
	served chan error
}

// Message is a decoded JSON-RPC message as the server sent it.
type Message struct {
	ID     json.RawMessage `json:"id,omitempty"`
	Method string          `json:"method,omitempty"`
	Params json.RawMessage `json:"params,omitempty"`
	Result json.RawMessage `json:"result,omitempty"`
	Error  *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error,omitempty"`
}

// NewRaw starts a server session and connects to it over loopback TCP.
func NewRaw(t testing.TB, opts lsp.Options) *Raw {
	t.Helper()
	if opts.Logger == nil {
		opts.Logger = zaptest.NewLogger(t)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	client, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	server, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	r := &Raw{t: t, conn: client, r: bufio.NewReader(client), served: make(chan error, 1)}
	go func() { r.served <- lsp.Serve(context.Background(), server, opts) }()
	t.Cleanup(func() {
		client.Close()
		select {
		case <-r.served:
		case <-time.After(Timeout):
			t.Error("server session did not end")
		}
	})
	return r
}

// Frame returns body with an LSP header.
func Frame(body string) string {
	return fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body)
}

// Send writes raw bytes to the server.
func (r *Raw) Send(data string) {
	r.t.Helper()
	if _, err := io.WriteString(r.conn, data); err != nil {
		r.t.Fatalf("send: %v", err)
	}
}

// Writer is the raw connection, for streaming large inputs.
func (r *Raw) Writer() io.Writer { return r.conn }

// CloseWrite ends the input, as an editor that goes away does.
func (r *Raw) CloseWrite() {
	if tc, ok := r.conn.(*net.TCPConn); ok {
		tc.CloseWrite()
	}
}

// Read reads the next message from the server.
func (r *Raw) Read() Message {
	r.t.Helper()
	r.conn.SetReadDeadline(time.Now().Add(Timeout))
	hdr, err := textproto.NewReader(r.r).ReadMIMEHeader()
	if err != nil {
		r.t.Fatalf("read header: %v", err)
	}
	n, err := strconv.Atoi(hdr.Get("Content-Length"))
	if err != nil {
		r.t.Fatalf("read header: Content-Length: %v", err)
	}
	body := make([]byte, n)
	if _, err := io.ReadFull(r.r, body); err != nil {
		r.t.Fatalf("read body: %v", err)
	}
	var m Message
	if err := json.Unmarshal(body, &m); err != nil {
		r.t.Fatalf("decode %s: %v", body, err)
	}
	return m
}

// ReadResponse reads messages until a response (not a notification).
func (r *Raw) ReadResponse() Message {
	r.t.Helper()
	for {
		if m := r.Read(); m.Method == "" {
			return m
		}
	}
}

// Served waits for the session to end and returns what Serve returned.
func (r *Raw) Served() error {
	r.t.Helper()
	select {
	case err := <-r.served:
		r.served <- err
		return err
	case <-time.After(Timeout):
		r.t.Fatal("server session did not end")
		return nil
	}
}
