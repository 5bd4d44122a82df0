package lsp_test

import (
	"context"
	"errors"
	"io"
	"net"
	"os"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/lspilot/lspilot/lsp"
	"github.com/lspilot/lspilot/lsp/lsptest"
)

const testToken = "0123456789abcdef-secret"

// startTokenListener serves sessions on loopback, requiring token.
func startTokenListener(t *testing.T, opts lsp.Options, token string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- lsp.ServeListener(ctx, ln, opts, lsp.ListenConfig{Token: []byte(token)}) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("ServeListener = %v", err)
		}
	})
	return ln.Addr().String()
}

// TestListenerRefusesWithoutToken sends what an intruder could: the
// connection is closed without one byte served, and the attempt is logged.
func TestListenerRefusesWithoutToken(t *testing.T) {
	tests := []struct {
		name, give string
	}{
		{"initialize first", lsptest.Frame(initializeFrame)},
		{"wrong token", string(lsp.AuthenticateFrame([]byte("0123456789abcdef-guess")))},
		{"empty token", lsptest.Frame(`{"jsonrpc":"2.0","method":"lspilot/authenticate","params":{}}`)},
		{"token prefix", string(lsp.AuthenticateFrame([]byte(testToken[:len(testToken)-1])))},
		{"authenticate as a request", lsptest.Frame(`{"jsonrpc":"2.0","id":1,"method":"lspilot/authenticate","params":{"token":"` + testToken + `"}}`)},
		{"oversized frame", "Content-Length: 100000\r\n\r\n" + strings.Repeat("x", 100000)},
		{"endless header", strings.Repeat("X", 10000)},
		{"not a frame", "GET / HTTP/1.1\r\nHost: x\r\n\r\n"},
		{"nothing", ""},
	}
	logger, logs := observedLogger(t)
	addr := startTokenListener(t, lsp.Options{Logger: logger}, testToken)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			conn, err := net.Dial("tcp", addr)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			io.WriteString(conn, tt.give)
			conn.(*net.TCPConn).CloseWrite()
			conn.SetReadDeadline(time.Now().Add(lsptest.Timeout))
			got, err := io.ReadAll(conn)
			if len(got) > 0 || errors.Is(err, os.ErrDeadlineExceeded) {
				t.Fatalf("read %q, %v: want the connection closed without a byte", got, err)
			}
		})
	}
	if n := logs.FilterMessage("refused connection").Len(); n != len(tests) {
		t.Errorf("%d refused connections logged, want %d", n, len(tests))
	}
}

// TestListenerServesWithToken authenticates, then runs a session; the
// first LSP frame may share a write with the authentication.
func TestListenerServesWithToken(t *testing.T) {
	addr := startTokenListener(t, lsp.Options{}, testToken)
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), lsptest.Timeout)
	defer cancel()
	if _, err := conn.Write(lsp.AuthenticateFrame([]byte(testToken))); err != nil {
		t.Fatal(err)
	}
	_, rpc, server := protocol.NewClient(ctx, &lsptest.Recorder{}, jsonrpc2.NewHeaderStream(conn))
	defer rpc.Close()
	res, err := server.Initialize(ctx, &protocol.InitializeParams{})
	if err != nil || res.ServerInfo.Name != "lspilot" {
		t.Fatalf("initialize after authentication = %+v, %v", res, err)
	}
	if err := server.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	server.Exit(ctx)
}

// TestListenerBoundsUnauthenticated holds as many silent connections as
// may wait to authenticate: one more is closed at once, and once they go,
// a client with the token is served again.
func TestListenerBoundsUnauthenticated(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- lsp.ServeListener(ctx, ln, lsp.Options{}, lsp.ListenConfig{Token: []byte(testToken), MaxUnauthenticated: 2})
	}()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("ServeListener = %v", err)
		}
	}()
	addr := ln.Addr().String()
	var held []net.Conn
	for range 2 {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		held = append(held, c)
	}
	extra, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer extra.Close()
	extra.SetReadDeadline(time.Now().Add(lsptest.Timeout))
	if n, err := extra.Read(make([]byte, 1)); n != 0 || !errors.Is(err, io.EOF) {
		t.Errorf("a connection past the bound read %d bytes, %v; want it closed at once (EOF)", n, err)
	}
	for _, c := range held {
		c.Close()
	}
	lsptest.WaitFor(t, "a client with the token to be served again", func() bool {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			return false
		}
		defer c.Close()
		c.Write(lsp.AuthenticateFrame([]byte(testToken)))
		c.Write([]byte(lsptest.Frame(initializeFrame)))
		c.SetReadDeadline(time.Now().Add(lsptest.Timeout))
		n, _ := c.Read(make([]byte, 1))
		return n == 1
	})
}
