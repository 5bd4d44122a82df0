package sched

import (
	"testing"
	"time"

	"github.com/lspilot/lspilot/inference"
)

func TestQuantiles(t *testing.T) {
	tests := []struct {
		name             string
		give             []time.Duration
		wantP50, wantP95 time.Duration
	}{
		{name: "none"},
		{name: "one", give: []time.Duration{7}, wantP50: 7, wantP95: 7},
		{name: "unsorted", give: []time.Duration{5, 1, 4, 2, 3}, wantP50: 3, wantP95: 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s samples
			for _, d := range tt.give {
				s.add(d)
			}
			if p50, p95 := s.quantiles(); p50 != tt.wantP50 || p95 != tt.wantP95 {
				t.Errorf("quantiles = %v, %v, want %v, %v", p50, p95, tt.wantP50, tt.wantP95)
			}
		})
	}
	t.Run("only the most recent are kept", func(t *testing.T) {
		var s samples
		for i := 1; i <= 300; i++ {
			s.add(time.Duration(i))
		}
		// The ring holds 45..300.
		if p50, p95 := s.quantiles(); p50 != 172 || p95 != 288 {
			t.Errorf("quantiles = %v, %v, want 172ns, 288ns", p50, p95)
		}
	})
}

func TestQueueWaitStats(t *testing.T) {
	f := &fake{hold: true}
	s, v := newTest(t, f, Config{Slots: 1})
	blocker, cs := queueBehind(t, s, f, []arrival{{"late", "a", inference.LaneInline}})
	v.Advance(100 * time.Millisecond)
	close(f.waitCalls(t, 1)[0].gate)
	close(f.waitCalls(t, 2)[1].gate)
	blocker.wait(t)
	cs[0].wait(t)
	got := lane(s, inference.LaneInline)
	if got.WaitP50 != 0 || got.WaitP95 != 100*time.Millisecond || got.Admitted != 2 || got.Started != 2 {
		t.Errorf("inline stats = %+v, want waits 0 and 100ms, 2 admitted and started", got)
	}
}
