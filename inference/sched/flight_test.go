package sched

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/lspilot/lspilot/inference"
)

// buffered returns the number of chunks the flight for r has streamed.
func buffered(s *Scheduler, r *inference.Request) int {
	s.mu.Lock()
	f := s.flights[s.keys.of(r, true)]
	s.mu.Unlock()
	if f == nil {
		return 0
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.chunks)
}

func TestDedupe(t *testing.T) {
	const full = "p:done"
	tests := []struct {
		name        string
		cancel      []int // callers that leave after the first chunk
		want        []string
		wantAborted bool
	}{
		{name: "three callers share one stream", want: []string{full, full, full}},
		{name: "the first caller leaves, the others finish", cancel: []int{0},
			want: []string{"canceled", full, full}},
		{name: "a later caller leaves", cancel: []int{2}, want: []string{full, full, "canceled"}},
		{name: "everyone leaves and the stream is cancelled", cancel: []int{0, 1, 2},
			want: []string{"canceled", "canceled", "canceled"}, wantAborted: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fake{hold: true}
			s, _ := newTest(t, f, Config{})
			// Sessions and lanes differ: they are not part of what is asked.
			reqs := []*inference.Request{
				req("p", "a", inference.LaneInline), req("p", "b", inference.LaneInline), req("p", "c", inference.LaneList),
			}
			cs := []*caller{start(s, reqs[0])}
			call := f.waitCalls(t, 1)[0]
			call.gate <- struct{}{}
			eventually(t, func() bool { return buffered(s, reqs[0]) == 1 })
			cs = append(cs, start(s, reqs[1]), start(s, reqs[2]))
			eventually(t, func() bool {
				return lane(s, inference.LaneInline).Joined+lane(s, inference.LaneList).Joined == 2
			})
			got := make([]string, len(cs))
			for _, i := range tt.cancel {
				cs[i].cancel()
				r := cs[i].wait(t)
				if !errors.Is(r.err, context.Canceled) {
					t.Errorf("caller %d: error = %v, want context.Canceled", i, r.err)
				}
				got[i] = "canceled"
			}
			if tt.wantAborted {
				select {
				case <-call.gone:
				default:
					t.Error("the backend stream is still open after every caller left")
				}
			} else {
				close(call.gate)
			}
			for i, c := range cs {
				if got[i] != "" {
					continue
				}
				r := c.wait(t)
				if r.err != nil {
					t.Errorf("caller %d: %v", i, r.err)
				}
				if late := i > 0; r.st.Replayed != late {
					t.Errorf("caller %d: Replayed = %v, want %v: only callers that joined a streaming flight replay", i, r.st.Replayed, late)
				}
				got[i] = r.text
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("texts (-want +got):\n%s", diff)
			}
			if n := len(f.callList()); n != 1 {
				t.Errorf("backend calls = %d, want 1", n)
			}
		})
	}
}

func TestDedupeKeepsDifferentRequestsApart(t *testing.T) {
	f := &fake{hold: true}
	s, _ := newTest(t, f, Config{Slots: 2})
	hot := 0.7
	a := req("p", "a", inference.LaneInline)
	b := req("p", "a", inference.LaneInline)
	b.Options.Temperature = &hot
	ca, cb := start(s, a), start(s, b)
	for _, c := range f.waitCalls(t, 2) {
		close(c.gate)
	}
	for _, c := range []*caller{ca, cb} {
		if r := c.wait(t); r.err != nil || r.text != "p:done" {
			t.Errorf("Generate = %q, %v", r.text, r.err)
		}
	}
}
