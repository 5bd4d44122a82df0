package lsp_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/complete"
	"github.com/lspilot/lspilot/lsp"
	"github.com/lspilot/lspilot/lsp/lsptest"
)

// scriptedCompleter answers each request with the next of its errors (nil:
// one suggestion).
type scriptedCompleter struct {
	mu   sync.Mutex
	errs []error
}

func (s *scriptedCompleter) Complete(_ context.Context, req complete.Request) ([]complete.Suggestion, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var err error
	if len(s.errs) > 0 {
		err, s.errs = s.errs[0], s.errs[1:]
	}
	if err != nil {
		return nil, err
	}
	return []complete.Suggestion{{Text: "x := 1"}}, nil
}

// statusOf asks lspilot.status.
func statusOf(t *testing.T, e *lsptest.Editor) lsp.Status {
	t.Helper()
	var st lsp.Status
	if err := e.Call(protocol.MethodWorkspaceExecuteCommand, &protocol.ExecuteCommandParams{Command: lsp.CommandStatus}, &st); err != nil {
		t.Fatalf("status: %v", err)
	}
	return st
}

func inline(t *testing.T, e *lsptest.Editor, u string) {
	t.Helper()
	var res protocol.InlineCompletionList
	if err := e.Call(protocol.MethodTextDocumentInlineCompletion, &protocol.InlineCompletionParams{
		TextDocumentPositionParams: protocol.TextDocumentPositionParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri.URI(u)}},
	}, &res); err != nil {
		t.Fatalf("inline completion: %v", err)
	}
}

// backendFile is a config file layer naming one backend whose URL carries
// credentials.
func backendFile() map[string]any {
	return map[string]any{"backends": []any{map[string]any{
		"url": "http://alice:hunter2secret@gpu.example:11434/?api_key=sk-abcdefgh1234", "model": "qwen2.5-coder:1.5b-base",
	}}}
}

// TestStatusNotifications follows a session's status notifications: the
// state after initialized, busy around each generation, Error while the
// backend fails and Normal once it answers again, never the same twice in
// a row.
func TestStatusNotifications(t *testing.T) {
	down := &inference.BackendError{Kind: inference.ErrUnreachable, Backend: "gpu",
		Err: errors.New("dial tcp: Authorization: Bearer abcdefghijkl1234")}
	c := &scriptedCompleter{errs: []error{nil, down, down, nil}}
	e := lsptest.Start(t, lsp.Options{Features: lsp.Features{Completer: c}, ConfigFile: backendFile()}, nil)
	e.Open("file:///a.go", "go", "package a\n")
	for range 4 {
		inline(t, e, "file:///a.go")
	}
	ready := "lspilot: ready (qwen2.5-coder:1.5b-base on http://gpu.example:11434/?api_key=[redacted])"
	downMsg := "lspilot: backend down: gpu: backend unreachable: dial tcp: Authorization: Bearer [redacted]"
	want := []lsp.StatusParams{
		{Kind: lsp.StatusNormal, Message: ready},
		{Busy: true, Kind: lsp.StatusNormal, Message: ready}, // 1: answers
		{Kind: lsp.StatusNormal, Message: ready},
		{Busy: true, Kind: lsp.StatusNormal, Message: ready}, // 2: fails
		{Kind: lsp.StatusError, Message: downMsg},
		{Busy: true, Kind: lsp.StatusError, Message: downMsg}, // 3: fails again
		{Kind: lsp.StatusError, Message: downMsg},
		{Busy: true, Kind: lsp.StatusError, Message: downMsg}, // 4: answers
		{Kind: lsp.StatusNormal, Message: ready},
	}
	if diff := cmp.Diff(want, e.Client.Statuses()); diff != "" {
		t.Errorf("status notifications (-want +got):\n%s", diff)
	}
	st := statusOf(t, e)
	if st.State != lsp.StateReady || st.Busy || st.Latency.Samples != 2 || st.Latency.P50Ms <= 0 ||
		st.Latency.P99Ms < st.Latency.P50Ms || !strings.Contains(st.LastError, "Bearer [redacted]") || st.LastErrorAt == "" {
		t.Errorf("status = %+v", st)
	}
}

// TestStatusStates checks the state lspilot.status and the notification
// report for each configuration, and that no credential shows.
func TestStatusStates(t *testing.T) {
	off := map[string]any{"enabled": false}
	tests := []struct {
		name      string
		opts      lsp.Options
		wantState string
		wantKind  lsp.StatusKind
		wantMsg   string
		wantBack  []lsp.BackendStatus
	}{
		{"no backend", lsp.Options{}, lsp.StateNoBackend, lsp.StatusWarning, "no backend configured", []lsp.BackendStatus{}},
		{"disabled", lsp.Options{ConfigFile: map[string]any{"completion": off, "hover": off, "codeActions": off, "nextEdit": off}},
			lsp.StateDisabled, lsp.StatusInactive, "disabled", []lsp.BackendStatus{}},
		{"ready", lsp.Options{Features: lsp.Features{Completer: &scriptedCompleter{}}, ConfigFile: backendFile()},
			lsp.StateReady, lsp.StatusNormal, "ready", []lsp.BackendStatus{{
				Name: "http://gpu.example:11434/?api_key=[redacted]", URL: "http://gpu.example:11434/?api_key=[redacted]",
				Model: "qwen2.5-coder:1.5b-base",
			}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := lsptest.Start(t, tt.opts, nil)
			st := statusOf(t, e)
			if st.State != tt.wantState {
				t.Errorf("state = %q, want %q", st.State, tt.wantState)
			}
			if diff := cmp.Diff(tt.wantBack, st.Backends); diff != "" {
				t.Errorf("backends (-want +got):\n%s", diff)
			}
			got := e.Client.Statuses()
			if len(got) != 1 || got[0].Kind != tt.wantKind || got[0].Busy || !strings.Contains(got[0].Message, tt.wantMsg) {
				t.Errorf("notifications = %+v, want one %s saying %q", got, tt.wantKind, tt.wantMsg)
			}
		})
	}
}
