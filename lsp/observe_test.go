package lsp_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/complete"
	"github.com/lspilot/lspilot/lsp"
	"github.com/lspilot/lspilot/lsp/lsptest"
)

// recordingObserver is an lsp.Observer that records what it hears.
type recordingObserver struct {
	mu         sync.Mutex
	requests   []string // method/outcome
	notes      []string
	cancels    int
	keystrokes []time.Duration
}

func (o *recordingObserver) Request(method string, _ time.Duration, outcome string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.requests = append(o.requests, method+" "+outcome)
}

func (o *recordingObserver) Notification(method string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.notes = append(o.notes, method)
}

func (o *recordingObserver) ClientCancel() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.cancels++
}

func (o *recordingObserver) KeystrokeToSuggestion(d time.Duration) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.keystrokes = append(o.keystrokes, d)
}

// idCompleter answers one suggestion and records the request ids it was
// called with and the accepted characters reported to it.
type idCompleter struct {
	mu       sync.Mutex
	ids      []string
	accepted []int
}

func (c *idCompleter) Complete(ctx context.Context, req complete.Request) ([]complete.Suggestion, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.ids = append(c.ids, inference.RequestID(ctx))
	return []complete.Suggestion{{Text: "héllo()", ID: "s1"}}, nil
}

func (c *idCompleter) Report(complete.Feedback) {}
func (c *idCompleter) Forget(string, string)    {}

func (c *idCompleter) ReportAcceptedChars(n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.accepted = append(c.accepted, n)
}

// TestObserver drives a session and checks what its observer hears, that
// the request id reaches the completer and the request's log line, and that
// accepted characters are counted.
func TestObserver(t *testing.T) {
	obs := &recordingObserver{}
	comp := &idCompleter{}
	core, logs := observer.New(zap.DebugLevel)
	e := lsptest.Start(t, lsp.Options{Features: lsp.Features{Completer: comp}, Observer: obs, Logger: zap.New(core)}, nil)
	const u = "file:///a.go"
	e.Open(u, "go", "package a\n\n")
	inline := func() {
		t.Helper()
		var res protocol.InlineCompletionList
		if err := e.Call(protocol.MethodTextDocumentInlineCompletion, &protocol.InlineCompletionParams{
			TextDocumentPositionParams: protocol.TextDocumentPositionParams{
				TextDocument: protocol.TextDocumentIdentifier{URI: uri.URI(u)}, Position: e.Position(u, len(e.Text(u))),
			},
		}, &res); err != nil || len(res.Items) != 1 {
			t.Fatalf("inlineCompletion = %v, %v; want one item", res.Items, err)
		}
	}
	inline() // on the opened version: no keystroke made it
	e.Type(u, len(e.Text(u)), "x")
	inline()
	if err := e.Call(protocol.MethodWorkspaceExecuteCommand, &protocol.ExecuteCommandParams{
		Command: lsp.CommandAcceptCompletion, Arguments: []protocol.LSPAny{protocol.LSPAny(`"s1"`)},
	}, nil); err != nil {
		t.Fatal(err)
	}
	if err := e.Conn().Notify(context.Background(), lsp.MethodDidPartiallyAcceptCompletion,
		map[string]any{"item": map[string]any{"command": map[string]any{"arguments": []string{"s1"}}}, "acceptedLength": 3}); err != nil {
		t.Fatal(err)
	}
	if err := e.Call("lspilot/unknownRequest", map[string]any{}, nil); err == nil {
		t.Fatal("an unknown request succeeded")
	}
	if err := e.Conn().Notify(context.Background(), protocol.MethodCancelRequest, map[string]any{"id": 999}); err != nil {
		t.Fatal(err)
	}
	if err := e.Shutdown(); err != nil {
		t.Fatal(err)
	}

	obs.mu.Lock()
	defer obs.mu.Unlock()
	wantRequests := []string{"initialize ok", "textDocument/inlineCompletion ok", "textDocument/inlineCompletion ok",
		"workspace/executeCommand ok", "other error", "shutdown ok"}
	if diff := cmp.Diff(wantRequests, obs.requests); diff != "" {
		t.Errorf("requests (-want +got):\n%s", diff)
	}
	// exit is left out: the session may end before its observation.
	notes := slices.DeleteFunc(slices.Clone(obs.notes), func(m string) bool { return m == protocol.MethodExit })
	wantNotes := []string{"initialized", "textDocument/didOpen", "textDocument/didChange", lsp.MethodDidPartiallyAcceptCompletion}
	if diff := cmp.Diff(wantNotes, notes); diff != "" {
		t.Errorf("notifications (-want +got):\n%s", diff)
	}
	if obs.cancels != 1 {
		t.Errorf("client cancels = %d, want 1", obs.cancels)
	}
	if len(obs.keystrokes) != 1 || obs.keystrokes[0] <= 0 {
		t.Errorf("keystroke-to-suggestion = %v, want one positive duration (for the version made by didChange)", obs.keystrokes)
	}

	comp.mu.Lock()
	defer comp.mu.Unlock()
	if diff := cmp.Diff([]int{7, 3}, comp.accepted); diff != "" {
		t.Errorf("accepted characters (-want +got):\n%s", diff)
	}
	var logged []string
	for _, entry := range logs.FilterMessage("request").FilterField(zap.String("method", protocol.MethodTextDocumentInlineCompletion)).All() {
		logged = append(logged, entry.ContextMap()["request_id"].(string))
	}
	if len(comp.ids) != 2 || comp.ids[0] == "" || comp.ids[0] == comp.ids[1] {
		t.Fatalf("request ids the completer saw = %q, want two different ones", comp.ids)
	}
	if !slices.Equal(logged, comp.ids) {
		t.Errorf("request ids logged = %q, completer saw %q", logged, comp.ids)
	}
}
