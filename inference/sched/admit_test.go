package sched

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/lspilot/lspilot/inference"
)

// arrival is one request of a test scenario.
type arrival struct {
	prompt, session string
	lane            inference.Lane
}

// queueBehind fills the scheduler's one slot with a held request, then
// queues the arrivals one at a time, in order. It returns the blocker.
func queueBehind(t *testing.T, s *Scheduler, f *fake, arrivals []arrival) (*caller, []*caller) {
	t.Helper()
	blocker := start(s, req("block", "z", inference.LaneInline))
	f.waitCalls(t, 1)
	var cs []*caller
	for i, a := range arrivals {
		cs = append(cs, start(s, req(a.prompt, a.session, a.lane)))
		eventually(t, func() bool { return queued(s) == i+1 })
	}
	return blocker, cs
}

// serveInTurn lets every call stream to its end, one after the other, and
// returns the prompts in the order the backend received them.
func serveInTurn(t *testing.T, f *fake, n int) []string {
	t.Helper()
	for i := 1; i <= n; i++ {
		calls := f.waitCalls(t, i)
		close(calls[i-1].gate)
	}
	return f.prompts()
}

func TestPriorityOrder(t *testing.T) {
	tests := []struct {
		name string
		give []arrival
		want []string
	}{
		{
			name: "lanes arriving lowest first start highest first",
			give: []arrival{
				{"warm", "a", inference.LaneWarmup}, {"act", "a", inference.LaneAction},
				{"hover", "a", inference.LaneHover}, {"list", "a", inference.LaneList},
				{"inline", "a", inference.LaneInline},
			},
			want: []string{"block", "inline", "list", "hover", "act", "warm"},
		},
		{
			name: "a next edit waits behind inline and list and goes before hover",
			give: []arrival{
				{"hover", "a", inference.LaneHover}, {"next", "a", inference.LaneNextEdit},
				{"list", "a", inference.LaneList}, {"inline", "a", inference.LaneInline},
			},
			want: []string{"block", "inline", "list", "next", "hover"},
		},
		{
			name: "inline overtakes an action from another editor",
			give: []arrival{{"act", "a", inference.LaneAction}, {"inline", "b", inference.LaneInline}},
			want: []string{"block", "inline", "act"},
		},
		{
			name: "one lane and session is first come first served",
			give: []arrival{{"one", "a", inference.LaneHover}, {"two", "a", inference.LaneHover}},
			want: []string{"block", "one", "two"},
		},
		{
			name: "an unknown lane waits behind warm-up",
			give: []arrival{{"odd", "a", inference.Lane(42)}, {"warm", "a", inference.LaneWarmup}},
			want: []string{"block", "odd", "warm"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fake{hold: true}
			s, _ := newTest(t, f, Config{Slots: 1, LaneDeadline: noDeadlines()})
			blocker, cs := queueBehind(t, s, f, tt.give)
			got := serveInTurn(t, f, len(tt.want))
			for _, c := range append(cs, blocker) {
				if r := c.wait(t); r.err != nil {
					t.Errorf("Generate: %v", r.err)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("start order (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFairnessBetweenSessions(t *testing.T) {
	burst := func(session string, n int) []arrival {
		var as []arrival
		for i := range n {
			as = append(as, arrival{session + string(rune('0'+i)), session, inference.LaneInline})
		}
		return as
	}
	tests := []struct {
		name string
		give []arrival
		want []string
	}{
		{
			name: "a single request waits one turn behind a burst of ten",
			give: append(burst("a", 10), burst("b", 1)...),
			want: []string{"block", "a0", "b0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9"},
		},
		{
			name: "three sessions take turns",
			give: append(append(burst("a", 3), burst("b", 2)...), burst("c", 1)...),
			want: []string{"block", "a0", "b0", "c0", "a1", "b1", "a2"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fake{hold: true}
			s, _ := newTest(t, f, Config{Slots: 1, QueueLimit: 16})
			blocker, cs := queueBehind(t, s, f, tt.give)
			got := serveInTurn(t, f, len(tt.want))
			for _, c := range append(cs, blocker) {
				c.wait(t)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("start order (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDeadlineDrop(t *testing.T) {
	tests := []struct {
		name     string
		deadline map[inference.Lane]time.Duration
		lane     inference.Lane
		want     time.Duration // 0: never dropped
	}{
		{name: "inline default", lane: inference.LaneInline, want: 300 * time.Millisecond},
		{name: "list default", lane: inference.LaneList, want: time.Second},
		{name: "next edit default", lane: inference.LaneNextEdit, want: 1500 * time.Millisecond},
		{name: "hover default", lane: inference.LaneHover, want: 2 * time.Second},
		{name: "action default", lane: inference.LaneAction, want: 30 * time.Second},
		{name: "warm-up default", lane: inference.LaneWarmup, want: 500 * time.Millisecond},
		{name: "configured", lane: inference.LaneInline, want: time.Second,
			deadline: map[inference.Lane]time.Duration{inference.LaneInline: time.Second}},
		{name: "negative waits forever", lane: inference.LaneHover,
			deadline: map[inference.Lane]time.Duration{inference.LaneHover: -1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fake{hold: true}
			s, v := newTest(t, f, Config{Slots: 1, LaneDeadline: tt.deadline})
			blocker, cs := queueBehind(t, s, f, []arrival{{"late", "a", tt.lane}})
			if tt.want == 0 {
				v.Advance(time.Hour)
				if got := queued(s); got != 1 {
					t.Fatalf("queued after an hour = %d, want 1", got)
				}
				cs[0].cancel()
			} else {
				v.Advance(tt.want - time.Nanosecond)
				if got := queued(s); got != 1 {
					t.Fatalf("queued just before the deadline = %d, want 1", got)
				}
				v.Advance(time.Nanosecond)
			}
			r := cs[0].wait(t)
			var de *DeadlineError
			if tt.want != 0 && (!errors.As(r.err, &de) || de.Lane != tt.lane || de.Deadline != tt.want) {
				t.Errorf("error = %v, want a DeadlineError for lane %v after %v", r.err, tt.lane, tt.want)
			}
			close(f.waitCalls(t, 1)[0].gate)
			blocker.wait(t)
			wantDropped := int64(1)
			if tt.want == 0 {
				wantDropped = 0
			}
			if got := lane(s, tt.lane).Dropped; got != wantDropped {
				t.Errorf("dropped = %d, want %d", got, wantDropped)
			}
			if diff := cmp.Diff([]string{"block"}, f.prompts()); diff != "" {
				t.Errorf("backend calls (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCancelWhileQueued(t *testing.T) {
	f := &fake{hold: true}
	s, _ := newTest(t, f, Config{Slots: 1})
	blocker, cs := queueBehind(t, s, f, []arrival{{"gone", "a", inference.LaneHover}, {"next", "b", inference.LaneHover}})
	cs[0].cancel()
	if r := cs[0].wait(t); !errors.Is(r.err, context.Canceled) {
		t.Errorf("error = %v, want context.Canceled", r.err)
	}
	if got := lane(s, inference.LaneHover); got.Queued != 1 || got.Cancelled != 1 {
		t.Errorf("hover queued, cancelled = %d, %d, want 1, 1", got.Queued, got.Cancelled)
	}
	got := serveInTurn(t, f, 2)
	blocker.wait(t)
	if r := cs[1].wait(t); r.err != nil {
		t.Errorf("next: %v", r.err)
	}
	if diff := cmp.Diff([]string{"block", "next"}, got); diff != "" {
		t.Errorf("backend calls (-want +got):\n%s", diff)
	}
}

func TestOverload(t *testing.T) {
	tests := []struct {
		name       string
		queue      []arrival
		give       arrival
		wantErrIn  string // prompt that fails with ErrOverloaded
		wantMsg    string
		wantServed []string
	}{
		{
			name:       "a full lane rejects the newcomer",
			queue:      []arrival{{"a", "a", inference.LaneInline}, {"b", "b", inference.LaneInline}},
			give:       arrival{"c", "c", inference.LaneInline},
			wantErrIn:  "c",
			wantMsg:    "fake: backend overloaded: 2 requests are waiting for 1 slot, inline request rejected",
			wantServed: []string{"block", "a", "b"},
		},
		{
			name:       "inline sheds the newest warm-up of the busiest session",
			queue:      []arrival{{"w1", "a", inference.LaneWarmup}, {"w2", "a", inference.LaneWarmup}},
			give:       arrival{"i", "b", inference.LaneInline},
			wantErrIn:  "w2",
			wantMsg:    "fake: backend overloaded: 2 requests are waiting for 1 slot, warmup request rejected",
			wantServed: []string{"block", "i", "w1"},
		},
		{
			name:       "warm-up never sheds a higher lane",
			queue:      []arrival{{"h", "a", inference.LaneHover}, {"w", "a", inference.LaneWarmup}},
			give:       arrival{"w2", "b", inference.LaneWarmup},
			wantErrIn:  "w2",
			wantMsg:    "fake: backend overloaded: 2 requests are waiting for 1 slot, warmup request rejected",
			wantServed: []string{"block", "h", "w"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fake{hold: true}
			s, _ := newTest(t, f, Config{Slots: 1, QueueLimit: 2, LaneDeadline: noDeadlines()})
			blocker, cs := queueBehind(t, s, f, tt.queue)
			cs = append(cs, start(s, req(tt.give.prompt, tt.give.session, tt.give.lane)))
			prompts := append(arrivalPrompts(tt.queue), tt.give.prompt)
			for i, p := range prompts {
				if p != tt.wantErrIn {
					continue
				}
				r := cs[i].wait(t)
				var oe *OverloadError
				if !errors.As(r.err, &oe) || !errors.Is(r.err, ErrOverloaded) {
					t.Fatalf("%s: error = %v, want an OverloadError", p, r.err)
				}
				if !strings.HasPrefix(r.err.Error(), tt.wantMsg) || !strings.Contains(r.err.Error(), "raise the backend's slots") {
					t.Errorf("message = %q, want it to start %q and say what to do", r.err, tt.wantMsg)
				}
				cs = append(cs[:i], cs[i+1:]...)
			}
			got := serveInTurn(t, f, len(tt.wantServed))
			for _, c := range append(cs, blocker) {
				if r := c.wait(t); r.err != nil {
					t.Errorf("Generate: %v", r.err)
				}
			}
			if diff := cmp.Diff(tt.wantServed, got); diff != "" {
				t.Errorf("backend calls (-want +got):\n%s", diff)
			}
			var rejected int64
			for _, l := range s.Stats().Lanes {
				rejected += l.Rejected
			}
			if rejected != 1 {
				t.Errorf("rejected = %d, want 1", rejected)
			}
		})
	}
}

func TestErrStopEndsTheStream(t *testing.T) {
	f := &fake{hold: true}
	s, _ := newTest(t, f, Config{})
	done := make(chan result, 1)
	go func() {
		st, err := s.Generate(context.Background(), req("p", "a", inference.LaneInline), func(inference.Chunk) error {
			return inference.ErrStop
		})
		done <- result{st: st, err: err}
	}()
	c := f.waitCalls(t, 1)[0]
	c.gate <- struct{}{}
	r := <-done
	if r.err != nil || r.st.StopReason != inference.StopClient {
		t.Errorf("Generate = %v, %q, want nil, %q", r.err, r.st.StopReason, inference.StopClient)
	}
	select {
	case <-c.gone:
	default:
		t.Error("the backend stream is still open")
	}
	if got := s.Stats().Running; got != 0 {
		t.Errorf("running = %d, want 0", got)
	}
}

func TestClose(t *testing.T) {
	f := &fake{hold: true}
	s, _ := newTest(t, f, Config{Slots: 1})
	blocker, cs := queueBehind(t, s, f, []arrival{{"q", "a", inference.LaneAction}})
	s.Close()
	for _, c := range append(cs, blocker) {
		if r := c.wait(t); !errors.Is(r.err, ErrClosed) {
			t.Errorf("error = %v, want ErrClosed", r.err)
		}
	}
	if _, err := s.Generate(context.Background(), req("late", "a", inference.LaneInline), nil); !errors.Is(err, ErrClosed) {
		t.Errorf("Generate after Close = %v, want ErrClosed", err)
	}
}

// noDeadlines keeps every request waiting as long as it takes.
func noDeadlines() map[inference.Lane]time.Duration {
	m := make(map[inference.Lane]time.Duration)
	for _, l := range inference.Lanes {
		m[l] = -1
	}
	return m
}

func arrivalPrompts(as []arrival) []string {
	var ps []string
	for _, a := range as {
		ps = append(ps, a.prompt)
	}
	return ps
}
