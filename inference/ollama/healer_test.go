package ollama_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/zap/zaptest"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/ollama"
)

// fakeServer is an IdleUnloader whose model behaves as mode says once the
// stalled request is given up: "wedged" goes idle at once, "busy" stays in
// another client's use, "loading" reports a mark that moves with the clock,
// "absent" is not loaded.
type fakeServer struct {
	mode string

	mu      sync.Mutex
	held    time.Time // the mark while the model is in use
	idleAt  time.Time // when the request was given up; zero before
	loaded  bool
	calls   int
	unloads int
}

const keepAlive = 5 * time.Minute

func newFakeServer(mode string) *fakeServer {
	return &fakeServer{mode: mode, held: time.Now().Add(keepAlive - time.Minute), loaded: mode != "absent"}
}

func (f *fakeServer) IdleMark(ctx context.Context, model string) (time.Time, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	switch {
	case !f.loaded:
		return time.Time{}, false, nil
	case f.mode == "loading":
		return time.Now().Add(keepAlive), true, nil
	case f.mode == "wedged" && !f.idleAt.IsZero():
		return f.idleAt.Add(keepAlive), true, nil
	}
	return f.held, true, nil
}

func (f *fakeServer) Unload(ctx context.Context, model string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.unloads++
	f.loaded = false
	return nil
}

// giveUp drops the stalled requests once n watches have looked at the
// server.
func (f *fakeServer) giveUp(t *testing.T, n int) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(time.Millisecond) {
		f.mu.Lock()
		calls := f.calls
		if calls >= n {
			f.idleAt = time.Now()
		}
		f.mu.Unlock()
		if calls >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d watches looked at the server", calls, n)
		}
	}
}

var (
	testOrigin = inference.Origin{Backend: "test", Kind: inference.KindOpenAI, URL: "http://127.0.0.1:1"}
	errStalled = testOrigin.Error(inference.ErrStalled, 0, "", nil)
)

func TestHealer(t *testing.T) {
	tests := []struct {
		mode        string
		wantHeal    bool
		wantUnloads int
	}{
		{mode: "wedged", wantHeal: true, wantUnloads: 1},
		{mode: "busy"},
		{mode: "loading"},
		{mode: "absent"},
	}
	for _, tt := range tests {
		t.Run(tt.mode, func(t *testing.T) {
			f := newFakeServer(tt.mode)
			h := ollama.NewHealer(f, 40*time.Millisecond, zaptest.NewLogger(t))
			w := h.Watch("coder")
			defer w.Stop()
			f.giveUp(t, 1)
			if got := w.Heal(context.Background(), errStalled, inference.Stats{}); got != tt.wantHeal {
				t.Errorf("Heal() = %v, want %v", got, tt.wantHeal)
			}
			if f.unloads != tt.wantUnloads {
				t.Errorf("%d unloads, want %d", f.unloads, tt.wantUnloads)
			}
		})
	}
}

// TestHealerOnce: requests that stalled together unload the model once and
// are all sent again.
func TestHealerOnce(t *testing.T) {
	f := newFakeServer("wedged")
	h := ollama.NewHealer(f, 40*time.Millisecond, zaptest.NewLogger(t))
	ws := []*ollama.Watch{h.Watch("coder"), h.Watch("coder"), h.Watch("coder")}
	f.giveUp(t, len(ws))
	var wg sync.WaitGroup
	healed := make([]bool, len(ws))
	for i, w := range ws {
		wg.Go(func() {
			defer w.Stop()
			healed[i] = w.Heal(context.Background(), errStalled, inference.Stats{})
		})
	}
	wg.Wait()
	for i, ok := range healed {
		if !ok {
			t.Errorf("request %d is not sent again", i)
		}
	}
	if f.unloads != 1 {
		t.Errorf("%d unloads, want 1", f.unloads)
	}
}

// TestHealerLeavesOthersAlone: a request that succeeded, failed otherwise,
// got text, or ended before it was suspect never looks at the server.
func TestHealerLeavesOthersAlone(t *testing.T) {
	tests := []struct {
		name string
		err  error
		st   inference.Stats
		text bool
	}{
		{name: "success"},
		{name: "other error", err: testOrigin.Error(inference.ErrServer, 500, "", nil)},
		{name: "stalled after text", err: errStalled, st: inference.Stats{TimeToFirstChunk: time.Millisecond}},
		{name: "canceled", err: context.Canceled},
		{name: "text arrived", text: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeServer("wedged")
			h := ollama.NewHealer(f, time.Hour, zaptest.NewLogger(t))
			w := h.Watch("coder")
			if tt.text {
				w.Text()
			}
			if w.Heal(context.Background(), tt.err, tt.st) {
				t.Error("Heal() = true")
			}
			w.Stop()
			if f.calls != 0 || f.unloads != 0 {
				t.Errorf("%d looks and %d unloads", f.calls, f.unloads)
			}
		})
	}
}

func TestNilHealer(t *testing.T) {
	if h := ollama.NewHealer(nil, time.Second, nil); h != nil {
		t.Fatalf("NewHealer(nil) = %v", h)
	}
	if h := ollama.NewHealer(newFakeServer("wedged"), 0, nil); h != nil {
		t.Fatalf("NewHealer without an idle timeout = %v", h)
	}
	var h *ollama.Healer
	w := h.Watch("coder")
	w.Text()
	if w.Heal(context.Background(), errStalled, inference.Stats{}) {
		t.Error("a nil watch heals")
	}
	w.Stop()
}

// TestHealerRun: Run sends a request that stalled on a wedged model once
// more, and only unloads the model when the caller has given up.
func TestHealerRun(t *testing.T) {
	tests := []struct {
		name     string
		err      error
		cancel   bool
		wantRuns int
	}{
		{name: "stalled", err: errStalled, wantRuns: 2},
		{name: "deadline of the backend", err: testOrigin.Error(inference.ErrTimeout, 0, "", context.DeadlineExceeded), wantRuns: 2},
		{name: "the caller gave up", err: context.Canceled, cancel: true, wantRuns: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeServer("wedged")
			h := ollama.NewHealer(f, 40*time.Millisecond, zaptest.NewLogger(t))
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			runs := 0
			st, err := h.Run(ctx, "coder", func(w *ollama.Watch) (inference.Stats, error) {
				if runs++; runs > 1 {
					if w != nil {
						t.Error("the second run is watched")
					}
					return inference.Stats{Attempts: 1, TimeToFirstChunk: time.Millisecond}, nil
				}
				f.giveUp(t, 1)
				if tt.cancel {
					cancel()
				}
				return inference.Stats{Attempts: 3}, tt.err
			})
			if runs != tt.wantRuns || f.unloads != 1 {
				t.Fatalf("%d runs and %d unloads, want %d and 1", runs, f.unloads, tt.wantRuns)
			}
			if tt.wantRuns == 2 && (err != nil || st.Attempts != 4) {
				t.Errorf("Run() = %+v, %v; want the second run's answer after 4 attempts", st, err)
			}
			if tt.wantRuns == 1 && !errors.Is(err, context.Canceled) {
				t.Errorf("Run() error = %v, want the caller's", err)
			}
		})
	}
}

// TestHealerBusyWithOurOwn: a request that waited while another request to
// the model streamed text was queued behind it, and the model is not
// wedged, even if the other request ends just as this one is given up.
func TestHealerBusyWithOurOwn(t *testing.T) {
	f := newFakeServer("wedged")
	h := ollama.NewHealer(f, 40*time.Millisecond, zaptest.NewLogger(t))
	waiting := h.Watch("coder")
	streaming := h.Watch("coder")
	f.giveUp(t, 2)
	streaming.Text()
	streaming.Stop()
	if waiting.Heal(context.Background(), errStalled, inference.Stats{}) || f.unloads != 0 {
		t.Errorf("unloaded a model that streamed text meanwhile (%d unloads)", f.unloads)
	}
}

// BenchmarkHealerRun is what the healer adds to a request that streams:
// a watch, its timer and the notes of ten chunks.
func BenchmarkHealerRun(b *testing.B) {
	h := ollama.NewHealer(newFakeServer("busy"), 30*time.Second, nil)
	ctx := context.Background()
	for b.Loop() {
		h.Run(ctx, "coder", func(w *ollama.Watch) (inference.Stats, error) {
			for range 10 {
				w.Text()
			}
			return inference.Stats{TimeToFirstChunk: time.Millisecond}, nil
		})
	}
}
