package complete

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/clock"
	"github.com/lspilot/lspilot/inference/prompt"
	"github.com/lspilot/lspilot/inference/route"
)

// warmingBackend is a fakeBackend that records warm-ups.
type warmingBackend struct {
	*fakeBackend
	mu    sync.Mutex
	warms []*inference.Request
	warmC chan struct{}
}

func (w *warmingBackend) Warm(_ context.Context, req *inference.Request) (inference.Stats, error) {
	w.mu.Lock()
	w.warms = append(w.warms, req)
	w.mu.Unlock()
	w.warmC <- struct{}{}
	return inference.Stats{PromptTokens: 10}, nil
}

func (w *warmingBackend) warmed() []*inference.Request {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]*inference.Request(nil), w.warms...)
}

// waitTimer returns when a goroutine waits on vc, failing after a while.
func waitTimer(t *testing.T, vc *clock.Virtual) time.Time {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if next, ok := vc.Next(); ok {
			return next
		}
	}
	t.Fatal("nothing waits on the clock")
	return time.Time{}
}

// abandon sends an automatic request the editor cancels during its
// debounce, then lets the clock run to the end of the idle wait after it.
func abandon(t *testing.T, e *Engine, vc *clock.Virtual, req Request) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { _, err := e.Complete(ctx, req); done <- err }()
	waitTimer(t, vc) // the debounce
	cancel()         // the editor moved on
	<-done
	vc.AdvanceTo(waitTimer(t, vc))
}

// TestWarmupWhenIdle: a request the editor abandoned before it reached the
// backend leaves the prompt uncached; once the user has been idle, the
// prompt goes out as a warm-up, in the warm-up lane, and only once while
// nothing changes.
func TestWarmupWhenIdle(t *testing.T) {
	vc := clock.NewVirtual(time.Unix(0, 0))
	w := &warmingBackend{fakeBackend: newFake(reply{chunks: []string{"x"}}), warmC: make(chan struct{}, 4)}
	policy := route.NewWarmPolicy(route.WarmConfig{Clock: vc, Idle: 300 * time.Millisecond})
	e := New(single(w), Config{Prompt: prompt.Options{Counter: prompt.Estimate{}}, Clock: vc, Warmup: policy, Eagerness: EagernessLow}, nil)
	t.Cleanup(e.Close)

	var src strings.Builder
	src.WriteString("package p\n\n")
	for i := range 60 {
		fmt.Fprintf(&src, "func f%d() int { return %d }\n", i, i)
	}
	src.WriteString("\nfunc g() {\n\tresu|\n}\n")
	req := at(src.String())

	abandon(t, e, vc, req)
	select {
	case <-w.warmC:
	case <-time.After(5 * time.Second):
		t.Fatal("no warm-up")
	}
	warms := w.warmed()
	if len(warms) != 1 || warms[0].Lane != inference.LaneWarmup {
		t.Fatalf("warm-ups = %+v, want one in the warm-up lane", warms)
	}
	if n, _ := w.calls(); n != 0 {
		t.Errorf("%d generations, want none", n)
	}

	// Idle again with nothing changed: the server has the prompt already.
	abandon(t, e, vc, req)
	time.Sleep(20 * time.Millisecond)
	if n := len(w.warmed()); n != 1 {
		t.Errorf("%d warm-ups after an unchanged idle, want 1", n)
	}
	if got := e.Stats().Warmups; got != 1 {
		t.Errorf("Stats().Warmups = %d, want 1", got)
	}
}

// TestWarmupNotAfterRequest: a prompt that went to the backend is cached
// there already; the idle time after it sends nothing.
func TestWarmupNotAfterRequest(t *testing.T) {
	vc := clock.NewVirtual(time.Unix(0, 0))
	w := &warmingBackend{fakeBackend: newFake(reply{chunks: []string{"lt := 1"}}), warmC: make(chan struct{}, 4)}
	policy := route.NewWarmPolicy(route.WarmConfig{Clock: vc, Idle: 300 * time.Millisecond, MinContext: 1})
	e := New(single(w), Config{Prompt: prompt.Options{Counter: prompt.Estimate{}}, Clock: vc, Warmup: policy, Eagerness: EagernessLow}, nil)
	t.Cleanup(e.Close)
	req := at("package p\n\nfunc g() {\n\tresu|\n}\n")
	req.Invoked = true // no debounce
	if _, err := e.Complete(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	req.Invoked = false
	req.Text = strings.Replace(req.Text, "resu", "resul", 1)
	req.Cursor++
	abandon(t, e, vc, req)
	time.Sleep(20 * time.Millisecond)
	if n := len(w.warmed()); n != 0 {
		t.Errorf("%d warm-ups after a request with the same context, want none", n)
	}
}

// TestWarmupNotAfterClose: a document closed while its warm-up waits is
// not warmed.
func TestWarmupNotAfterClose(t *testing.T) {
	vc := clock.NewVirtual(time.Unix(0, 0))
	w := &warmingBackend{fakeBackend: newFake(), warmC: make(chan struct{}, 4)}
	policy := route.NewWarmPolicy(route.WarmConfig{Clock: vc, Idle: 300 * time.Millisecond, MinContext: 1})
	e := New(single(w), Config{Prompt: prompt.Options{Counter: prompt.Estimate{}}, Clock: vc, Warmup: policy, Eagerness: EagernessLow}, nil)
	t.Cleanup(e.Close)
	req := at("package p\n\nfunc g() {\n\tresu|\n}\n")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { _, err := e.Complete(ctx, req); done <- err }()
	waitTimer(t, vc)
	cancel()
	<-done
	e.Forget(req.Session, req.URI)
	vc.AdvanceTo(waitTimer(t, vc))
	time.Sleep(20 * time.Millisecond)
	if n := len(w.warmed()); n != 0 {
		t.Errorf("%d warm-ups of a closed document, want none", n)
	}
}
