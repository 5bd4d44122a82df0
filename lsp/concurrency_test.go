package lsp_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/lspilot/lspilot/lsp"
	"github.com/lspilot/lspilot/lsp/lsptest"
)

const inlineReq = `{"jsonrpc":"2.0","id":%s,"method":"textDocument/inlineCompletion","params":{"textDocument":{"uri":"file:///a.go"},"position":{"line":0,"character":3},"context":{"triggerKind":2}}}`

func initRaw(t *testing.T, opts lsp.Options) *lsptest.Raw {
	raw := lsptest.NewRaw(t, opts)
	raw.Send(lsptest.Frame(`{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"processId":null,"rootUri":null,"capabilities":{}}}`))
	raw.ReadResponse()
	raw.Send(lsptest.Frame(`{"jsonrpc":"2.0","method":"initialized","params":{}}`))
	raw.Send(lsptest.Frame(`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///a.go","languageId":"go","version":1,"text":"abc\n"}}}`))
	return raw
}

// TestCancelRequest cancels slow requests by numeric and by string id; each
// is answered with RequestCancelled and its feature context ends.
func TestCancelRequest(t *testing.T) {
	for _, id := range []string{`7`, `"seven"`} {
		t.Run(id, func(t *testing.T) {
			slow := newBlockingCompleter()
			raw := initRaw(t, lsp.Options{Features: lsp.Features{Completer: slow}})
			raw.Send(lsptest.Frame(strings.Replace(inlineReq, "%s", id, 1)))
			<-slow.started
			raw.Send(lsptest.Frame(`{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":` + id + `}}`))
			m := raw.ReadResponse()
			if string(m.ID) != id || m.Error == nil || m.Error.Code != int(protocol.CodeRequestCancelled) {
				t.Fatalf("reply = %+v, want RequestCancelled for id %s", m, id)
			}
			if err := <-slow.ended; !errors.Is(err, errCanceled) {
				t.Errorf("feature context ended with %v", err)
			}
		})
	}
}

// TestNotificationsNotBlocked checks that document changes and quick
// requests proceed while a slow request is in flight.
func TestNotificationsNotBlocked(t *testing.T) {
	slow := newBlockingCompleter()
	e := lsptest.Start(t, lsp.Options{Features: lsp.Features{Completer: slow}}, nil)
	e.Open("file:///a.go", "go", "package a\n")
	var res protocol.InlineCompletionList
	pending := e.Go(protocol.MethodTextDocumentInlineCompletion, &protocol.InlineCompletionParams{
		TextDocumentPositionParams: protocol.TextDocumentPositionParams{
			TextDocument: protocol.TextDocumentIdentifier{URI: "file:///a.go"},
		},
	}, &res)
	<-slow.started
	e.Type("file:///a.go", len("package a\n"), "func F() {}\n")
	e.CheckInSync("file:///a.go")
	select {
	case err := <-slow.ended:
		t.Fatalf("slow request ended early: %v", err)
	default:
	}
	pending.Cancel()
	if err := pending.Wait(); err == nil {
		t.Error("cancelled request answered without an error")
	}
	if err := <-slow.ended; !errors.Is(err, errCanceled) {
		t.Errorf("feature context ended with %v", err)
	}
}

// TestPanicBecomesInternalError checks that a panicking handler answers
// InternalError and the session keeps serving.
func TestPanicBecomesInternalError(t *testing.T) {
	raw := initRaw(t, lsp.Options{Features: lsp.Features{Completer: &panickingCompleter{}}})
	raw.Send(lsptest.Frame(strings.Replace(inlineReq, "%s", "1", 1)))
	if m := raw.ReadResponse(); m.Error == nil || m.Error.Code != int(jsonrpc2.InternalError) {
		t.Fatalf("reply to a panicking handler = %+v, want InternalError", m)
	}
	raw.Send(lsptest.Frame(strings.Replace(inlineReq, "%s", "2", 1)))
	m := raw.ReadResponse()
	if m.Error != nil || !strings.Contains(string(m.Result), "ok()") {
		t.Fatalf("reply after the panic = %+v %s", m, m.Result)
	}
}

// TestClientDisconnectsMidRequest checks that a client going away ends the
// session and cancels the work in flight.
func TestClientDisconnectsMidRequest(t *testing.T) {
	slow := newBlockingCompleter()
	raw := initRaw(t, lsp.Options{Features: lsp.Features{Completer: slow}})
	raw.Send(lsptest.Frame(strings.Replace(inlineReq, "%s", "1", 1)))
	<-slow.started
	raw.CloseWrite()
	select {
	case err := <-slow.ended:
		if !errors.Is(err, errCanceled) {
			t.Errorf("feature context ended with %v", err)
		}
	case <-time.After(lsptest.Timeout):
		t.Fatal("in-flight request not cancelled after disconnect")
	}
	if err := raw.Served(); !errors.Is(err, lsp.ErrExitWithoutShutdown) {
		t.Errorf("Serve = %v, want ErrExitWithoutShutdown", err)
	}
}

// TestExitCodes checks that exit is clean only after shutdown.
func TestExitCodes(t *testing.T) {
	e := lsptest.Start(t, lsp.Options{}, nil)
	if err := e.Shutdown(); err != nil {
		t.Errorf("exit after shutdown: Serve = %v, want nil", err)
	}
	e = lsptest.Start(t, lsp.Options{}, nil)
	if err := e.Exit(); !errors.Is(err, lsp.ErrExitWithoutShutdown) {
		t.Errorf("exit without shutdown: Serve = %v, want ErrExitWithoutShutdown", err)
	}
}
