package complete

import (
	"context"
	"errors"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/sched"
)

// sample is one generation seen by the pace: its first-chunk wait, whether
// it streamed, and how it ended.
type sample struct {
	wait  time.Duration
	first bool
	err   error
}

func steadyWaits(wait time.Duration, n int) []sample {
	out := make([]sample, n)
	for i := range out {
		out[i] = sample{wait: wait, first: true}
	}
	return out
}

// superseded returns n generations superseded 5 ms into their wait for a
// first chunk.
func superseded(n int) []sample {
	out := make([]sample, n)
	for i := range out {
		out[i] = sample{wait: 5 * time.Millisecond, err: context.Canceled}
	}
	return out
}

// interleave takes from a and b in turn, b's surplus last.
func interleave(a, b []sample) []sample {
	var out []sample
	for i := range max(len(a), len(b)) {
		if i < len(a) {
			out = append(out, a[i])
		}
		if i < len(b) {
			out = append(out, b[i])
		}
	}
	return out
}

func TestPaceLevel(t *testing.T) {
	ms := time.Millisecond
	tests := []struct {
		name     string
		samples  []sample
		min, max float64
	}{
		{"nothing seen", nil, 0, 0},
		{"steady idle backend", steadyWaits(20*ms, 50), 0, 0},
		{"jitter near the floor", append(steadyWaits(20*ms, 10), steadyWaits(28*ms, 40)...), 0, 0},
		{"first chunks at 3 times the floor", append(steadyWaits(20*ms, 10), steadyWaits(90*ms, 40)...), 0.5, 0.7},
		{"first chunks far beyond the floor", append(steadyWaits(20*ms, 10), steadyWaits(400*ms, 40)...), 0.99, 1},
		{"load passed", append(append(steadyWaits(20*ms, 10), steadyWaits(400*ms, 40)...), steadyWaits(22*ms, 40)...), 0, 0.01},
		{"one cold prompt", append(append(steadyWaits(20*ms, 10), sample{wait: 300 * ms, first: true}), steadyWaits(20*ms, 2)...), 0.1, 0.2},
		{"superseded early: no news", append(steadyWaits(20*ms, 10), sample{wait: 5 * ms}), 0, 0},
		{"superseded after a long wait", append(steadyWaits(20*ms, 10), sample{wait: 400 * ms}), 0.19, 0.21},
		{"an unstarted one before any floor", []sample{{wait: 400 * ms}}, 0, 0},
		{"a few superseded before their first chunk", append(steadyWaits(20*ms, 10), superseded(5)...), 0, 0},
		{"a backend too slow for the typing", superseded(60), 1.9, 2},
		{"half superseded", interleave(steadyWaits(20*ms, 40), superseded(40)), 0, 0.2},
		{"most superseded", interleave(steadyWaits(20*ms, 10), superseded(40)), 0.5, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p pace
			now := time.Unix(0, 0)
			for _, s := range tt.samples {
				p.observe(s.wait, s.first, now, s.err)
				now = now.Add(50 * time.Millisecond)
			}
			if got := p.at(now); got < tt.min || got > tt.max {
				t.Errorf("level = %.3f, want within [%.2f, %.2f]", got, tt.min, tt.max)
			}
		})
	}
}

// TestPaceRefusal: a refusal holds its level, the server's overload
// MaxLoadLevel and the scheduler's lack of room 1, then the level decays to
// what the first-chunk waits say.
func TestPaceRefusal(t *testing.T) {
	tests := []struct {
		err  error
		held float64
	}{
		{&inference.BackendError{Kind: inference.ErrRateLimited, Err: errors.New("429")}, MaxLoadLevel},
		{&inference.BackendError{Kind: inference.ErrUnavailable, Err: errors.New("503")}, MaxLoadLevel},
		{fmt.Errorf("wrapped: %w", &sched.OverloadError{Backend: "b", Slots: 1}), 1},
		{&sched.DeadlineError{Backend: "b"}, 1},
		{&inference.BackendError{Kind: inference.ErrBadRequest, Err: errors.New("400")}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.err.Error(), func(t *testing.T) {
			var p pace
			t0 := time.Unix(0, 0)
			p.observe(20*time.Millisecond, true, t0, nil)
			p.observe(time.Millisecond, false, t0, tt.err)
			for _, c := range []struct {
				after time.Duration
				want  float64
			}{{0, tt.held}, {refusalHold, tt.held}, {refusalHold * 3 / 2, tt.held / 2}, {2 * refusalHold, 0}, {time.Minute, 0}} {
				if got := p.at(t0.Add(c.after)); math.Abs(got-c.want) > 0.01 {
					t.Errorf("%v after: level %.3f, want %.2f", c.after, got, c.want)
				}
			}
		})
	}
	t.Run("retried", func(t *testing.T) {
		var p pace
		p.retried(time.Unix(0, 0))
		if got := p.at(time.Unix(1, 0)); got != 1 {
			t.Errorf("level %.3f after a retry, want 1", got)
		}
	})
	t.Run("a lesser refusal does not lower a greater", func(t *testing.T) {
		var p pace
		t0 := time.Unix(0, 0)
		p.observe(time.Millisecond, false, t0, &inference.BackendError{Kind: inference.ErrUnavailable, Err: errors.New("503")})
		p.observe(time.Millisecond, false, t0.Add(time.Second), &sched.DeadlineError{Backend: "b"})
		if got := p.at(t0.Add(2 * time.Second)); got != MaxLoadLevel {
			t.Errorf("level %.3f, want %v", got, MaxLoadLevel)
		}
	})
}

// TestPaceFloorLifts: a backend that became slower for good stops reading
// as loaded once the floor's memory has passed; until then it reads as
// loaded.
func TestPaceFloorLifts(t *testing.T) {
	var p pace
	now := time.Unix(0, 0)
	for _, s := range steadyWaits(20*time.Millisecond, 10) {
		p.observe(s.wait, s.first, now, nil)
	}
	slow := func(d time.Duration) {
		for end := now.Add(d); now.Before(end); now = now.Add(100 * time.Millisecond) {
			p.observe(200*time.Millisecond, true, now, nil)
		}
	}
	slow(time.Minute)
	if got := p.at(now); got < 0.99 {
		t.Errorf("level %.3f a minute after the backend became slow, want 1", got)
	}
	slow(floorPeriod * floorBuckets)
	if got := p.at(now); got > 0.01 {
		t.Errorf("level %.3f once the floor's memory passed, want 0", got)
	}
}

func TestWaitAtLevel(t *testing.T) {
	cfg := Config{}.withDefaults()
	r := &rhythm{} // rhythm unknown: Debounce at a boundary, DebounceWord in a word
	tests := []struct {
		before string
		level  float64
		want   time.Duration
	}{
		{"x := fo", 0, 0},
		{"x := ", 0, 0},
		{"x := fo", 0.25, cfg.DebounceWord / 2},
		{"x := ", 0.25, 0},
		{"x := fo", 0.5, cfg.DebounceWord},
		{"x := ", 0.5, cfg.Debounce / 2},
		{"x := fo", 1, cfg.DebounceWord},
		{"x := ", 1, cfg.Debounce},
	}
	for _, tt := range tests {
		if got := r.waitAt(tt.before, "", cfg, tt.level); got != tt.want {
			t.Errorf("waitAt(%q, level %.2f) = %v, want %v", tt.before, tt.level, got, tt.want)
		}
	}
}

func TestEagerness(t *testing.T) {
	for _, tt := range []struct {
		name string
		want float64
	}{{"", 0}, {EagernessHigh, 0}, {EagernessMedium, 0.5}, {EagernessLow, 1}} {
		if got := eagerness(tt.name); got != tt.want {
			t.Errorf("eagerness(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestEngineLoadLevel: the engine's level is the more reserved of its
// eagerness and the load its generations show.
func TestEngineLoadLevel(t *testing.T) {
	for _, tt := range []struct {
		eagerness string
		refused   bool
		want      float64
	}{
		{"", false, 0}, {EagernessMedium, false, 0.5}, {EagernessLow, false, 1}, {EagernessHigh, true, MaxLoadLevel},
	} {
		e := New(single(newFake()), Config{Eagerness: tt.eagerness}, nil)
		if tt.refused {
			now := e.now()
			e.observeLoad(now, time.Time{}, inference.Stats{}, &inference.BackendError{Kind: inference.ErrUnavailable, Err: errors.New("503")})
		}
		if got := e.Stats().LoadLevel; got != tt.want {
			t.Errorf("eagerness %q, refused %v: level %v, want %v", tt.eagerness, tt.refused, got, tt.want)
		}
		e.Close()
	}
}

// TestEngineLevelFallsWithRoom: an engine whose generations stream at once
// after a refusal comes down to 0, or to its eagerness.
func TestEngineLevelFallsWithRoom(t *testing.T) {
	for _, tt := range []struct {
		eagerness string
		want      float64
	}{{"", 0}, {EagernessMedium, 0.5}, {EagernessLow, 1}} {
		e := New(single(newFake()), Config{Eagerness: tt.eagerness}, nil)
		now := e.now()
		e.pace.level = 1
		for i := range 50 {
			at := now.Add(time.Duration(i) * 100 * time.Millisecond)
			e.observeLoad(at, at.Add(20*time.Millisecond), inference.Stats{Attempts: 1}, nil)
		}
		if got := e.Stats().LoadLevel; got < tt.want || got > tt.want+0.01 {
			t.Errorf("eagerness %q: level %.3f after 50 quick generations, want %v", tt.eagerness, got, tt.want)
		}
		e.Close()
	}
}

func TestAdmit(t *testing.T) {
	tests := []struct {
		level float64
		low   bool
		want  int // admitted of 64, or one fewer
	}{
		{0, true, 64}, {1, true, 64}, {1, false, 64}, {1.01, true, 0},
		{1 + shedHalving, false, 32}, {1 + 2*shedHalving, false, 16}, {MaxLoadLevel, false, 1},
	}
	for _, tt := range tests {
		var p pace
		n := 0
		for range 64 {
			if p.admit(tt.level, tt.low) {
				n++
			}
		}
		if n < tt.want-1 || n > tt.want { // the credit may fall a hair short
			t.Errorf("level %.2f, low %v: %d admitted of 64, want %d", tt.level, tt.low, n, tt.want)
		}
	}
}

// TestPaceDecays: a level no generation has reported on for a while falls,
// as a user who pauses makes no requests to report load.
func TestPaceDecays(t *testing.T) {
	var p pace
	t0 := time.Unix(0, 0)
	p.observe(20*time.Millisecond, true, t0, nil)
	for range 20 {
		p.observe(400*time.Millisecond, false, t0, context.Canceled)
	}
	start := p.at(t0)
	for _, c := range []struct {
		after time.Duration
		want  float64
	}{{decayAfter, start}, {decayAfter + decayHalfLife, start / 2}, {decayAfter + 4*decayHalfLife, start / 16}} {
		if got := p.at(t0.Add(c.after)); math.Abs(got-c.want) > 0.01 {
			t.Errorf("%v after: level %.3f, want %.3f", c.after, got, c.want)
		}
	}
}

// TestRequeuedAfterQueueDeadline: a request the scheduler dropped unstarted
// goes once more while it is still the document's newest; a second drop is
// the answer.
func TestRequeuedAfterQueueDeadline(t *testing.T) {
	dropped := reply{err: &sched.DeadlineError{Backend: "b", Lane: inference.LaneInline, Deadline: 300 * time.Millisecond}}
	tests := []struct {
		name    string
		replies []reply
		want    string
		calls   int
	}{
		{"dropped once", []reply{dropped, {chunks: []string{"x := 1"}}}, "x := 1", 2},
		{"dropped twice", []reply{dropped, dropped, {chunks: []string{"x := 1"}}}, "", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(tt.replies...)
			e := newTestEngine(t, f)
			got, err := e.Complete(context.Background(), at("package p\n\nfunc f() {\n\t|\n}\n"))
			text := ""
			if len(got) > 0 {
				text = got[0].Text
			}
			if text != tt.want || (tt.want == "") != (err != nil) {
				t.Errorf("Complete = %q, %v; want %q", text, err, tt.want)
			}
			if n, _ := f.calls(); n != tt.calls {
				t.Errorf("%d backend calls, want %d", n, tt.calls)
			}
			if r := e.Stats().Requeued; r != 1 {
				t.Errorf("requeued %d, want 1", r)
			}
		})
	}
}
