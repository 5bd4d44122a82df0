package stream_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.uber.org/zap/zaptest"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/internal/stream"
)

var testOrigin = inference.Origin{Backend: "test", Kind: inference.KindOpenAI, URL: "http://127.0.0.1:1"}

// failThen returns an attempt that fails with errs in turn, then streams "ok".
func failThen(calls *int, errs ...error) stream.Attempt {
	return func(ctx context.Context, s *stream.Sink) error {
		*calls++
		if *calls <= len(errs) {
			return errs[*calls-1]
		}
		if err := s.Text("ok"); err != nil {
			return err
		}
		s.End(inference.Stats{Slot: -1})
		return nil
	}
}

func TestRunRetries(t *testing.T) {
	rateLimited := testOrigin.HTTPError(http.StatusTooManyRequests, http.Header{"Retry-After": {"0"}}, "slow down")
	longWait := testOrigin.HTTPError(http.StatusTooManyRequests, http.Header{"Retry-After": {"60"}}, "slow down")
	unavailable := testOrigin.HTTPError(http.StatusServiceUnavailable, nil, "loading model")
	unauthorized := testOrigin.HTTPError(http.StatusUnauthorized, nil, "bad key")
	badGateway := testOrigin.HTTPError(http.StatusBadGateway, nil, "")
	internal := testOrigin.HTTPError(http.StatusInternalServerError, nil, "crash")
	refused := testOrigin.TransportError(errors.New("dial tcp: connection refused"))
	tests := []struct {
		name         string
		give         []error
		wantCalls    int
		wantErr      error
		wantAttempts int
	}{
		{name: "429 then success", give: []error{rateLimited}, wantCalls: 2, wantAttempts: 2},
		{name: "503 twice then success", give: []error{unavailable, unavailable}, wantCalls: 3, wantAttempts: 3},
		{name: "refused then success", give: []error{refused}, wantCalls: 2, wantAttempts: 2},
		{name: "502 then success", give: []error{badGateway}, wantCalls: 2, wantAttempts: 2},
		{name: "retries exhausted", give: []error{unavailable, unavailable, unavailable}, wantCalls: 3,
			wantErr: inference.ErrUnavailable, wantAttempts: 3},
		{name: "401 never retried", give: []error{unauthorized}, wantCalls: 1,
			wantErr: inference.ErrUnauthorized, wantAttempts: 1},
		{name: "500 not retried", give: []error{internal}, wantCalls: 1, wantErr: inference.ErrServer, wantAttempts: 1},
		{name: "Retry-After beyond the bound is not waited for", give: []error{longWait}, wantCalls: 1,
			wantErr: inference.ErrRateLimited, wantAttempts: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &stream.Runner{
				Origin: testOrigin,
				Retry:  stream.RetryPolicy{Retries: 2, Base: time.Millisecond, Max: 2 * time.Millisecond, MaxRetryAfter: time.Second},
				Logger: zaptest.NewLogger(t),
			}
			calls := 0
			var got string
			st, err := r.Run(context.Background(), &inference.Request{Prompt: "p"}, failThen(&calls, tt.give...),
				func(c inference.Chunk) error { got += c.Text; return nil })
			if tt.wantErr == nil && err != nil || !errors.Is(err, tt.wantErr) {
				t.Fatalf("Run() error = %v, want %v", err, tt.wantErr)
			}
			if calls != tt.wantCalls || st.Attempts != tt.wantAttempts {
				t.Errorf("calls = %d, attempts = %d; want %d, %d", calls, st.Attempts, tt.wantCalls, tt.wantAttempts)
			}
			if tt.wantErr == nil && got != "ok" {
				t.Errorf("text = %q, want ok", got)
			}
		})
	}
}

func TestRunNoRetryAfterText(t *testing.T) {
	r := &stream.Runner{Origin: testOrigin, Retry: stream.RetryPolicy{Retries: 3, Base: time.Millisecond, Max: time.Millisecond}}
	calls := 0
	attempt := func(ctx context.Context, s *stream.Sink) error {
		calls++
		if err := s.Text("partial"); err != nil {
			return err
		}
		return testOrigin.HTTPError(http.StatusServiceUnavailable, nil, "went away")
	}
	_, err := r.Run(context.Background(), &inference.Request{Prompt: "p"}, attempt, func(inference.Chunk) error { return nil })
	if !errors.Is(err, inference.ErrUnavailable) || calls != 1 {
		t.Fatalf("Run() = %v after %d calls, want ErrUnavailable after 1", err, calls)
	}
}

// blocked is an attempt that waits for its context, as a server that never
// answers makes it.
func blocked(ctx context.Context, s *stream.Sink) error {
	<-ctx.Done()
	return ctx.Err()
}

func TestRunDeadlines(t *testing.T) {
	tests := []struct {
		name    string
		runner  stream.Runner
		cancel  bool
		wantErr error
	}{
		{name: "idle timeout", runner: stream.Runner{Origin: testOrigin, IdleTimeout: 20 * time.Millisecond}, wantErr: inference.ErrStalled},
		{name: "backend timeout", runner: stream.Runner{Origin: testOrigin, Timeout: 20 * time.Millisecond}, wantErr: inference.ErrTimeout},
		{name: "caller cancels", runner: stream.Runner{Origin: testOrigin}, cancel: true, wantErr: context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tt.cancel {
				time.AfterFunc(10*time.Millisecond, cancel)
			}
			_, err := tt.runner.Run(ctx, &inference.Request{Prompt: "p"}, blocked, func(inference.Chunk) error { return nil })
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Run() error = %v, want %v", err, tt.wantErr)
			}
		})
	}
}

func TestRunIdleTimeoutResetByChunks(t *testing.T) {
	r := &stream.Runner{Origin: testOrigin, IdleTimeout: 200 * time.Millisecond}
	attempt := func(ctx context.Context, s *stream.Sink) error {
		for range 5 {
			time.Sleep(60 * time.Millisecond)
			if err := s.Text("x"); err != nil {
				return err
			}
		}
		s.End(inference.Stats{Slot: -1})
		return nil
	}
	var got string
	_, err := r.Run(context.Background(), &inference.Request{Prompt: "p"}, attempt, func(c inference.Chunk) error { got += c.Text; return nil })
	if err != nil || got != "xxxxx" {
		t.Fatalf("Run() = %q, %v; want xxxxx, nil", got, err)
	}
}

func TestRunInvalidRequest(t *testing.T) {
	tests := []*inference.Request{
		nil,
		{Raw: true, Prompt: "p", Suffix: "s"},
		{Messages: []inference.Message{{Role: "user", Content: "hi"}}, Prompt: "p"},
		{Prompt: "p", Options: inference.Options{Stop: []string{""}}},
	}
	for _, give := range tests {
		var r stream.Runner
		_, err := r.Run(context.Background(), give, blocked, func(inference.Chunk) error { return nil })
		if !errors.Is(err, inference.ErrInvalidRequest) {
			t.Errorf("Run(%+v) error = %v, want ErrInvalidRequest", give, err)
		}
	}
}

func TestRunBatch(t *testing.T) {
	r := &stream.Runner{Origin: testOrigin}
	attempt := func(ctx context.Context, sinks []*stream.Sink) error {
		for _, step := range []struct {
			i    int
			text string
		}{{0, "a"}, {1, "x"}, {0, "b\nc"}, {1, "y"}, {1, "z"}} {
			// ErrStop ends one prompt only; the batch goes on.
			if err := sinks[step.i].Text(step.text); err != nil && !errors.Is(err, inference.ErrStop) {
				return err
			}
		}
		sinks[1].End(inference.Stats{Slot: -1})
		return nil
	}
	got := map[int]string{}
	req := &inference.Request{Prompt: "p", SingleLine: true}
	sts, err := r.RunBatch(context.Background(), req, 2, attempt, func(i int, c inference.Chunk) error {
		got[i] += c.Text
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[int]string{0: "ab", 1: "xyz"}, got); diff != "" {
		t.Errorf("texts (-want +got):\n%s", diff)
	}
	reasons := []inference.StopReason{sts[0].StopReason, sts[1].StopReason}
	if diff := cmp.Diff([]inference.StopReason{inference.StopSingleLine, inference.StopEOS}, reasons); diff != "" {
		t.Errorf("stop reasons (-want +got):\n%s", diff)
	}
}
