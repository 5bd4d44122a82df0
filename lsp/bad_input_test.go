package lsp_test

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"

	"go.lsp.dev/jsonrpc2"

	"github.com/lspilot/lspilot/lsp"
	"github.com/lspilot/lspilot/lsp/lsptest"
)

var errCanceled = context.Canceled

// TestOversizedMessage sends a 100 MiB request: it is refused with the
// request's id, without being held in memory, and the session goes on.
func TestOversizedMessage(t *testing.T) {
	raw := initRaw(t, lsp.Options{})
	const size = 100 << 20
	head := `{"jsonrpc":"2.0","id":42,"method":"textDocument/hover","params":{"pad":"`
	tail := `"}}`
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	go func() {
		w := raw.Writer()
		fmt.Fprintf(w, "Content-Length: %d\r\n\r\n%s", size, head)
		io.CopyN(w, repeatReader('x'), int64(size-len(head)-len(tail)))
		io.WriteString(w, tail)
	}()
	m := raw.ReadResponse()
	if string(m.ID) != "42" || m.Error == nil || m.Error.Code != int(jsonrpc2.InvalidRequest) ||
		!strings.Contains(m.Error.Message, "server.maxMessageBytes") {
		t.Fatalf("reply = %+v, want InvalidRequest naming the limit", m)
	}
	runtime.ReadMemStats(&after)
	if grown := after.TotalAlloc - before.TotalAlloc; grown > 16<<20 {
		t.Errorf("refusing a 100 MiB message allocated %d MiB", grown>>20)
	}
	raw.Send(lsptest.Frame(`{"jsonrpc":"2.0","id":43,"method":"shutdown"}`))
	if m := raw.ReadResponse(); string(m.ID) != "43" || m.Error != nil {
		t.Fatalf("after the oversized message: %+v", m)
	}
}

type repeatReader byte

func (r repeatReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(r)
	}
	return len(p), nil
}

// TestInvalidUTF8Document opens a document whose bytes are not UTF-8: the
// invalid bytes are replaced and the document is served.
func TestInvalidUTF8Document(t *testing.T) {
	raw := initRaw(t, lsp.Options{})
	raw.Send(lsptest.Frame("{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":{\"uri\":\"file:///bin.c\",\"languageId\":\"c\",\"version\":1,\"text\":\"a\xff\xfeb\"}}}"))
	raw.Send(lsptest.Frame(`{"jsonrpc":"2.0","id":1,"method":"workspace/executeCommand","params":{"command":"lspilot.documentState","arguments":["file:///bin.c"]}}`))
	m := raw.ReadResponse()
	if m.Error != nil || !strings.Contains(string(m.Result), `"bytes":5`) {
		t.Fatalf("state of a non-UTF-8 document = %+v %s, want 5 bytes (one U+FFFD for the invalid run)", m.Error, m.Result)
	}
}

// TestHeaderWithoutBody ends the input inside a frame: the session ends
// without a crash.
func TestHeaderWithoutBody(t *testing.T) {
	raw := initRaw(t, lsp.Options{})
	raw.Send("Content-Length: 50\r\n\r\n{\"jsonrpc\"")
	raw.CloseWrite()
	if err := raw.Served(); err == nil {
		t.Error("Serve = nil after a truncated frame without shutdown")
	}
}

// TestHugePositions asks for completions far past the end of the document:
// positions are clamped and answered.
func TestHugePositions(t *testing.T) {
	raw := initRaw(t, lsp.Options{})
	raw.Send(lsptest.Frame(`{"jsonrpc":"2.0","id":1,"method":"textDocument/inlineCompletion","params":{"textDocument":{"uri":"file:///a.go"},"position":{"line":4294967295,"character":4294967295},"context":{"triggerKind":1}}}`))
	if m := raw.ReadResponse(); m.Error != nil || string(m.Result) != `{"items":[]}` {
		t.Fatalf("reply = %+v %s, want an empty list", m.Error, m.Result)
	}
}
