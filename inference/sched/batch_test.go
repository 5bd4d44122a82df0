package sched

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/lspilot/lspilot/inference"
)

func newBatchFake(hold bool) *batchFake {
	return &batchFake{fake{hold: hold, kind: inference.KindOpenAI, caps: inference.Capabilities{PromptBatches: true}}}
}

func TestBatching(t *testing.T) {
	on := BatchConfig{Enabled: true}
	tests := []struct {
		name        string
		batch       BatchConfig
		give        []arrival
		advance     time.Duration // after every request arrived
		want        []string      // backend calls; a batch joins its prompts with "+"
		wantBatched int64
	}{
		{
			name:    "three within the window go out as one batch",
			batch:   on,
			give:    []arrival{{"a", "s", inference.LaneInline}, {"b", "t", inference.LaneInline}, {"c", "s", inference.LaneInline}},
			advance: DefaultBatchWindow,
			want:    []string{"a+b+c"}, wantBatched: 3,
		},
		{
			name:  "a full batch leaves before the window ends",
			batch: BatchConfig{Enabled: true, MaxPrompts: 3},
			give:  []arrival{{"a", "s", inference.LaneInline}, {"b", "s", inference.LaneInline}, {"c", "s", inference.LaneInline}},
			want:  []string{"a+b+c"}, wantBatched: 3,
		},
		{
			name:    "lanes are batched apart and a lone request goes out plain",
			batch:   on,
			give:    []arrival{{"a", "s", inference.LaneInline}, {"h", "s", inference.LaneHover}, {"b", "s", inference.LaneInline}},
			advance: DefaultBatchWindow,
			want:    []string{"a+b", "h"}, wantBatched: 2,
		},
		{
			name: "off by default: one call each",
			give: []arrival{{"a", "s", inference.LaneInline}, {"b", "s", inference.LaneInline}, {"c", "s", inference.LaneInline}},
			want: []string{"a", "b", "c"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newBatchFake(false)
			s, v := newTest(t, f, Config{Slots: 4, Batch: tt.batch})
			var cs []*caller
			for i, a := range tt.give {
				cs = append(cs, start(s, req(a.prompt, a.session, a.lane)))
				eventually(t, func() bool { return admitted(s) == int64(i+1) })
			}
			v.Advance(tt.advance)
			for i, c := range cs {
				r := c.wait(t)
				if want := tt.give[i].prompt + ":done"; r.err != nil || r.text != want {
					t.Errorf("%s: Generate = %q, %v, want %q", tt.give[i].prompt, r.text, r.err, want)
				}
			}
			// Separate calls run concurrently, in any order.
			if diff := cmp.Diff(tt.want, f.prompts(), cmpopts.SortSlices(func(a, b string) bool { return a < b })); diff != "" {
				t.Errorf("backend calls (-want +got):\n%s", diff)
			}
			var batched int64
			for _, l := range s.Stats().Lanes {
				batched += l.Batched
			}
			if batched != tt.wantBatched {
				t.Errorf("batched = %d, want %d", batched, tt.wantBatched)
			}
		})
	}
}

func TestBatchCallerLeavesAlone(t *testing.T) {
	f := newBatchFake(true)
	s, v := newTest(t, f, Config{Batch: BatchConfig{Enabled: true}})
	var cs []*caller
	for i, p := range []string{"a", "b", "c"} {
		cs = append(cs, start(s, req(p, "s", inference.LaneInline)))
		eventually(t, func() bool { return admitted(s) == int64(i+1) })
	}
	v.Advance(DefaultBatchWindow)
	call := f.waitCalls(t, 1)[0]
	cs[1].cancel()
	if r := cs[1].wait(t); !errors.Is(r.err, context.Canceled) {
		t.Errorf("b: error = %v, want context.Canceled", r.err)
	}
	close(call.gate)
	for _, i := range []int{0, 2} {
		if r := cs[i].wait(t); r.err != nil || r.text != call.prompts[i]+":done" {
			t.Errorf("%s: Generate = %q, %v", call.prompts[i], r.text, r.err)
		}
	}
	select {
	case <-call.gone:
		t.Error("the whole batch was cancelled for one caller")
	default:
	}
}

func TestBatchAllCallersLeave(t *testing.T) {
	f := newBatchFake(true)
	s, _ := newTest(t, f, Config{Batch: BatchConfig{Enabled: true}})
	var cs []*caller
	for i, p := range []string{"a", "b"} {
		cs = append(cs, start(s, req(p, "s", inference.LaneInline)))
		eventually(t, func() bool { return admitted(s) == int64(i+1) })
	}
	for _, c := range cs {
		c.cancel()
		if r := c.wait(t); !errors.Is(r.err, context.Canceled) {
			t.Errorf("error = %v, want context.Canceled", r.err)
		}
	}
	if n := len(f.callList()); n != 0 {
		t.Errorf("backend calls = %d, want 0", n)
	}
	if got := lane(s, inference.LaneInline).Cancelled; got != 2 {
		t.Errorf("cancelled = %d, want 2", got)
	}
}

// admitted returns the requests admitted over every lane.
func admitted(s *Scheduler) int64 {
	var n int64
	for _, l := range s.Stats().Lanes {
		n += l.Admitted
	}
	return n
}
