package route

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.uber.org/zap/zaptest"
)

func TestHealthCheck(t *testing.T) {
	closed, open := BreakerClosed, BreakerOpen
	steps := []struct {
		advance     time.Duration
		pingErr     error
		wantPings   []int
		wantBreaker []BreakerState
	}{
		{pingErr: unavailable, wantPings: []int{1, 1}, wantBreaker: []BreakerState{closed, closed}},
		// Any failed ping counts, even one the server refused.
		{pingErr: badRequest, wantPings: []int{2, 2}, wantBreaker: []BreakerState{open, closed}},
		// Cooling down: a is left alone.
		{wantPings: []int{2, 3}, wantBreaker: []BreakerState{open, closed}},
		// The ping after the cool-down is the probe.
		{advance: 5 * time.Second, wantPings: []int{3, 4}, wantBreaker: []BreakerState{closed, closed}},
	}
	v := virtual()
	fakes, bs := servers(2)
	r := NewRouter(RouterConfig{Clock: v, Logger: zaptest.NewLogger(t), Breaker: BreakerConfig{Failures: 2, CoolDown: 5 * time.Second}})
	h := NewHealth(r, bs, HealthConfig{Logger: zaptest.NewLogger(t)})
	for i, s := range steps {
		v.Advance(s.advance)
		fakes[0].set(func(f *fakeServer) { f.pingErr = s.pingErr })
		h.Check(context.Background())
		_, p0 := fakes[0].counts()
		_, p1 := fakes[1].counts()
		if diff := cmp.Diff(s.wantPings, []int{p0, p1}); diff != "" {
			t.Errorf("step %d: pings (-want +got):\n%s", i, diff)
		}
		var got []BreakerState
		for _, st := range r.Stats() {
			got = append(got, st.Breaker)
		}
		if diff := cmp.Diff(s.wantBreaker, got); diff != "" {
			t.Errorf("step %d: breakers (-want +got):\n%s", i, diff)
		}
	}
}

// TestHealthTimeout checks that a ping that hangs is cut off by the clock.
func TestHealthTimeout(t *testing.T) {
	v := virtual()
	fakes, bs := servers(1)
	fakes[0].pingErr = errHang
	fakes[0].pinged = make(chan string)
	r := NewRouter(RouterConfig{Clock: v, Breaker: BreakerConfig{Failures: 1}})
	h := NewHealth(r, bs, HealthConfig{Timeout: time.Second})
	done := make(chan struct{})
	go func() {
		defer close(done)
		h.Check(context.Background())
	}()
	<-fakes[0].pinged
	v.Advance(time.Second)
	<-done
	if got := r.Stats()[0].Breaker; got != BreakerOpen {
		t.Errorf("breaker after a hung ping = %v, want open", got)
	}
}

// TestHealthStartStop runs the background loop for one round.
func TestHealthStartStop(t *testing.T) {
	v := virtual()
	fakes, bs := servers(2)
	pinged := make(chan string, 2)
	for _, f := range fakes {
		f.pinged = pinged
	}
	r := NewRouter(RouterConfig{Clock: v})
	h := NewHealth(r, bs, HealthConfig{Interval: 10 * time.Second})
	h.Start(context.Background())
	h.Start(context.Background()) // already running: nothing happens
	waitForTimer(v)
	v.Advance(10 * time.Second)
	got := []string{<-pinged, <-pinged}
	h.Stop()
	h.Stop()
	if diff := cmp.Diff([]string{"a", "b"}, got); diff != "" {
		t.Errorf("pings (-want +got):\n%s", diff)
	}

	ctx, cancel := context.WithCancel(context.Background())
	h.Start(ctx)
	cancel()
	h.Stop()
}

// waitForTimer waits until a goroutine has set a timer on v.
func waitForTimer(v interface{ Next() (time.Time, bool) }) {
	for {
		if _, ok := v.Next(); ok {
			return
		}
		time.Sleep(time.Millisecond)
	}
}
