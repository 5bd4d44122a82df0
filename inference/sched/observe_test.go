package sched

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/lspilot/lspilot/inference"
)

// generated is one call of an Observer.
type generated struct {
	Backend string
	Lane    inference.Lane
	Prompt  int
	Err     string
}

// recordingObserver records what it hears.
type recordingObserver struct {
	mu  sync.Mutex
	got []generated
}

func (o *recordingObserver) Generated(backend string, lane inference.Lane, _ time.Duration, st inference.Stats, err error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	g := generated{Backend: backend, Lane: lane, Prompt: st.PromptTokens}
	if err != nil {
		g.Err = err.Error()
	}
	o.got = append(o.got, g)
}

func (o *recordingObserver) list() []generated {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]generated(nil), o.got...)
}

// TestObserverAndRequestID checks that the observer hears of each
// generation sent to the backend, once however many callers share it, and
// that the backend sees the request id of the caller that asked first.
func TestObserverAndRequestID(t *testing.T) {
	f := &fake{hold: true, fail: map[string]error{"bad": errors.New("boom")}}
	obs := &recordingObserver{}
	s, _ := newTest(t, f, Config{Observer: obs, CacheTTL: -1})

	run := func(rid, prompt string, lane inference.Lane) chan error {
		done := make(chan error, 1)
		go func() {
			ctx := inference.WithRequestID(context.Background(), rid)
			_, err := s.Generate(ctx, req(prompt, "a", lane), func(inference.Chunk) error { return nil })
			done <- err
		}()
		return done
	}
	first := run("rid-1", "p", inference.LaneInline)
	c := f.waitCalls(t, 1)[0]
	second := run("rid-2", "p", inference.LaneInline) // joins the flight of the first
	eventually(t, func() bool { return lane(s, inference.LaneInline).Joined == 1 })
	close(c.gate)
	for _, done := range []chan error{first, second} {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	bad := run("rid-3", "bad", inference.LaneHover)
	close(f.waitCalls(t, 2)[1].gate)
	if err := <-bad; err == nil {
		t.Fatal("the failing generation succeeded")
	}

	var rids []string
	for _, c := range f.callList() {
		rids = append(rids, c.rid)
	}
	if diff := cmp.Diff([]string{"rid-1", "rid-3"}, rids); diff != "" {
		t.Errorf("request ids the backend saw (-want +got):\n%s", diff)
	}
	want := []generated{
		{Backend: "fake", Lane: inference.LaneInline, Prompt: 7},
		{Backend: "fake", Lane: inference.LaneHover, Err: "boom"},
	}
	if diff := cmp.Diff(want, obs.list()); diff != "" {
		t.Errorf("observed (-want +got):\n%s", diff)
	}
}
