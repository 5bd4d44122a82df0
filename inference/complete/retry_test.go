package complete

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/prompt"
)

// TestRetryAfterFailedGeneration asks at a place whose generation failed,
// then asks again at the same place, the text unchanged: the failure is no
// answer, so the second request reaches the backend and gets its
// suggestion.
func TestRetryAfterFailedGeneration(t *testing.T) {
	tests := []struct {
		name  string
		first reply
	}{
		{name: "backend error", first: reply{err: errors.New("backend down")}},
		{name: "stalled past the engine's timeout", first: reply{chunks: []string{"never"}, hold: make(chan struct{})}},
		{name: "error after streaming", first: reply{chunks: []string{"ret", "urn 1"}, hold: make(chan struct{}), holdAfter: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(tt.first, reply{chunks: []string{"return 42"}})
			e := New(single(f), Config{Timeout: 50 * time.Millisecond, Prompt: prompt.Options{Counter: prompt.Estimate{}}}, nil)
			e.sleep = func(ctx context.Context, _ time.Duration) error { return ctx.Err() }
			t.Cleanup(e.Close)
			req := at("func f() int {\n\t|\n}\n")
			if got, err := e.Complete(t.Context(), req); err == nil || len(got) != 0 {
				t.Fatalf("first Complete = %q, %v; want the failure", texts(got), err)
			}
			got, err := e.Complete(t.Context(), req)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]string{"return 42"}, texts(got)); diff != "" {
				t.Errorf("retry at the same place (-want +got):\n%s", diff)
			}
			if n, _ := f.calls(); n != 2 {
				t.Errorf("backend calls = %d, want 2", n)
			}
		})
	}
}

// TestFinishedGenerationAnswersItsCursor keeps what works: asking again at
// the place of a generation that succeeded is answered without generating
// the suggestion again. (Asking again also samples alternatives, which here
// say nothing new.)
func TestFinishedGenerationAnswersItsCursor(t *testing.T) {
	f := newFake(reply{chunks: []string{"return 42"}})
	e := newTestEngine(t, f)
	req := at("func f() int {\n\t|\n}\n")
	for range 2 {
		got, err := e.Complete(t.Context(), req)
		if err != nil || len(got) != 1 || got[0].Text != "return 42" {
			t.Fatalf("Complete = %q, %v", texts(got), err)
		}
	}
	if n := f.greedyCalls(); n != 1 {
		t.Errorf("backend calls for the suggestion = %d, want 1", n)
	}
}

// flakyInfo is a backend whose model inspection fails a given number of
// times before it works.
type flakyInfo struct {
	*fakeBackend
	mu    sync.Mutex
	fails int
	asked int
}

func (f *flakyInfo) ModelInfo(ctx context.Context, model string) (inference.ModelInfo, error) {
	f.mu.Lock()
	f.asked++
	fail := f.asked <= f.fails
	f.mu.Unlock()
	if fail {
		return inference.ModelInfo{}, errors.New("inspection failed")
	}
	return f.fakeBackend.ModelInfo(ctx, model)
}

func (f *flakyInfo) inspections() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.asked
}

// TestInspectionBackoff keeps the short wait after a failed model
// inspection for requests made while typing, and skips it for a request the
// user invoked.
func TestInspectionBackoff(t *testing.T) {
	f := &flakyInfo{fakeBackend: newFake(reply{chunks: []string{"return 42"}}), fails: 1}
	e := New(single(f), Config{Prompt: prompt.Options{Counter: prompt.Estimate{}}}, nil)
	e.sleep = func(ctx context.Context, _ time.Duration) error { return ctx.Err() }
	t.Cleanup(e.Close)
	req := at("func f() int {\n\t|\n}\n")
	if _, err := e.Complete(t.Context(), req); err == nil {
		t.Fatal("no error from a failed inspection")
	}
	if _, err := e.Complete(t.Context(), req); err == nil || f.inspections() != 1 {
		t.Fatalf("typing again = %v after %d inspections; want the remembered failure", err, f.inspections())
	}
	req.Invoked = true
	got, err := e.Complete(t.Context(), req)
	if err != nil || len(got) != 1 || got[0].Text != "return 42" {
		t.Fatalf("invoked Complete = %q, %v; want the suggestion", texts(got), err)
	}
}
