package metrics_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/sched"
	"github.com/lspilot/lspilot/lsp/metrics"
)

// TestRequestPath checks the instruments the request path feeds: LSP
// requests by method and outcome, notifications, keystroke-to-suggestion.
func TestRequestPath(t *testing.T) {
	m := metrics.New("test")
	m.Request("textDocument/inlineCompletion", 30*time.Millisecond, "ok")
	m.Request("textDocument/inlineCompletion", 10*time.Millisecond, "cancelled")
	m.Request("textDocument/hover", time.Millisecond, "ok")
	m.Notification("textDocument/didChange")
	m.Notification("textDocument/didChange")
	m.KeystrokeToSuggestion(120 * time.Millisecond)
	want := map[string]float64{
		`lspilot_lsp_request_duration_seconds_count{method="textDocument/inlineCompletion"}`:     2,
		`lspilot_lsp_request_duration_seconds_sum{method="textDocument/inlineCompletion"}`:       0.04,
		`lspilot_lsp_requests_total{method="textDocument/inlineCompletion",outcome="ok"}`:        1,
		`lspilot_lsp_requests_total{method="textDocument/inlineCompletion",outcome="cancelled"}`: 1,
		`lspilot_lsp_requests_total{method="textDocument/hover",outcome="ok"}`:                   1,
		`lspilot_lsp_notifications_total{method="textDocument/didChange"}`:                       2,
		`lspilot_keystroke_to_suggestion_seconds_count{}`:                                        1,
		`lspilot_keystroke_to_suggestion_seconds_sum{}`:                                          0.12,
	}
	got := scrape(t, m)
	if diff := cmp.Diff(want, pick(got, want)); diff != "" {
		t.Errorf("series (-want +got):\n%s", diff)
	}
	if _, ok := got[`lspilot_lsp_notifications_total{method="textDocument/hover"}`]; ok {
		t.Error("a request method shows as a notification with no count")
	}
}

// TestGenerated checks what a generation reported by a scheduler adds:
// duration by lane, tokens, error kinds, and the health of a lone server.
func TestGenerated(t *testing.T) {
	m := metrics.New("test")
	m.Register(metrics.Pipeline{Backends: []metrics.Backend{{Name: "local"}}})
	var o sched.Observer = m
	ok := inference.Stats{PromptTokens: 100, CachedTokens: 80, CacheReported: true, GeneratedTokens: 7, PromptEval: 20 * time.Millisecond}
	o.Generated("local", inference.LaneInline, 50*time.Millisecond, ok, nil)
	o.Generated("local", inference.LaneHover, time.Second, inference.Stats{PromptTokens: 10, CachedTokens: 9}, context.Canceled)
	want := map[string]float64{
		`lspilot_backend_generation_duration_seconds_count{backend="local",lane="inline"}`: 1,
		`lspilot_backend_generation_duration_seconds_count{backend="local",lane="hover"}`:  1,
		`lspilot_prompt_tokens_total{backend="local",lane="inline"}`:                       100,
		`lspilot_prompt_tokens_total{backend="local",lane="hover"}`:                        10,
		`lspilot_prompt_tokens_cached_total{backend="local",lane="inline"}`:                80,
		`lspilot_prompt_eval_seconds_total{backend="local",lane="inline"}`:                 0.02,
		`lspilot_generated_tokens_total{backend="local",lane="inline"}`:                    7,
		`lspilot_replica_up{backend="local",replica="local"}`:                              1,
	}
	got := scrape(t, m)
	if diff := cmp.Diff(want, pick(got, want)); diff != "" {
		t.Errorf("after a success and a cancellation (-want +got):\n%s", diff)
	}
	if _, ok := got[`lspilot_prompt_tokens_cached_total{backend="local",lane="hover"}`]; ok {
		t.Error("cached tokens counted from a server that did not report them")
	}
	for k, v := range got {
		if strings.HasPrefix(k, "lspilot_backend_errors_total") && v != 0 {
			t.Errorf("a cancellation counted as a backend error: %s = %v", k, v)
		}
	}
	if _, ok := got[`lspilot_backend_errors_total{backend="local",kind="timeout"}`]; !ok {
		t.Error("the error series of a backend do not start at zero")
	}
	if err := m.Ready(); err != nil {
		t.Errorf("ready = %v, want nil", err)
	}

	refused := &inference.BackendError{Kind: inference.ErrUnreachable, Backend: "local"}
	o.Generated("local", inference.LaneInline, time.Millisecond, inference.Stats{}, refused)
	got = scrape(t, m)
	want = map[string]float64{
		`lspilot_backend_errors_total{backend="local",kind="refused"}`: 1,
		`lspilot_replica_up{backend="local",replica="local"}`:          0,
	}
	if diff := cmp.Diff(want, pick(got, want)); diff != "" {
		t.Errorf("after a refused connection (-want +got):\n%s", diff)
	}
	if err := m.Ready(); !errors.Is(err, metrics.ErrAllReplicas) {
		t.Errorf("ready = %v, want %v", err, metrics.ErrAllReplicas)
	}
	o.Generated("local", inference.LaneInline, time.Millisecond, ok, nil)
	if err := m.Ready(); err != nil {
		t.Errorf("after a success, ready = %v, want nil", err)
	}
}

func TestErrorKind(t *testing.T) {
	be := func(kind error, status int) error {
		return fmt.Errorf("generate: %w", &inference.BackendError{Kind: kind, Status: status, Backend: "b"})
	}
	tests := []struct {
		give error
		want string
	}{
		{nil, ""},
		{context.Canceled, ""},
		{sched.ErrClosed, ""},
		{context.DeadlineExceeded, "timeout"},
		{be(inference.ErrTimeout, 0), "timeout"},
		{be(inference.ErrUnreachable, 0), "refused"},
		{be(inference.ErrStalled, 0), "stalled"},
		{be(inference.ErrTruncated, 0), "truncated"},
		{be(inference.ErrMalformed, 200), "garbage"},
		{be(inference.ErrLineTooLong, 200), "garbage"},
		{be(inference.ErrRateLimited, 429), "rate_limited"},
		{be(inference.ErrUnauthorized, 401), "unauthorized"},
		{be(inference.ErrModelNotFound, 404), "model_not_found"},
		{be(inference.ErrBadRequest, 400), "http_4xx"},
		{be(inference.ErrServer, 500), "http_5xx"},
		{be(inference.ErrUnavailable, 503), "http_5xx"},
		{be(inference.ErrContextOverflow, 400), "context_overflow"},
		{be(inference.ErrNoFIM, 400), "unsupported"},
		{errors.New("something else"), "other"},
	}
	for _, tt := range tests {
		if got := metrics.ErrorKind(tt.give); got != tt.want {
			t.Errorf("ErrorKind(%v) = %q, want %q", tt.give, got, tt.want)
		}
	}
}

func TestLabel(t *testing.T) {
	tests := []struct{ give, want string }{
		{"gpu-box", "gpu-box"},
		{"http://127.0.0.1:11434", "http://127.0.0.1:11434"},
		{"https://user:secret@gpu.example:8000/v1?key=abc", "https://gpu.example:8000/v1"},
	}
	for _, tt := range tests {
		if got := metrics.Label(tt.give); got != tt.want {
			t.Errorf("Label(%q) = %q, want %q", tt.give, got, tt.want)
		}
	}
}
