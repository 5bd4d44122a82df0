package sched

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/lspilot/lspilot/inference"
)

func TestQueue(t *testing.T) {
	tk := func(session string, lane inference.Lane) *ticket {
		return &ticket{session: session, lane: lane}
	}
	tests := []struct {
		name   string
		give   []*ticket
		remove []int // indexes into give, removed before popping
		want   []int // indexes into give, in pop order
	}{
		{
			name: "strict priority between lanes",
			give: []*ticket{tk("a", inference.LaneWarmup), tk("a", inference.LaneHover), tk("a", inference.LaneInline)},
			want: []int{2, 1, 0},
		},
		{
			name: "sessions take turns inside a lane",
			give: []*ticket{tk("a", 0), tk("a", 0), tk("a", 0), tk("b", 0), tk("c", 0)},
			want: []int{0, 3, 4, 1, 2},
		},
		{
			name:   "a removed ticket leaves its session's turn",
			give:   []*ticket{tk("a", 0), tk("b", 0), tk("a", 0)},
			remove: []int{1},
			want:   []int{0, 2},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var q queue
			for _, x := range tt.give {
				q.push(x)
			}
			for _, i := range tt.remove {
				if !q.remove(tt.give[i]) {
					t.Errorf("remove(%d) found nothing", i)
				}
			}
			var got []int
			for x := q.pop(); x != nil; x = q.pop() {
				for i, g := range tt.give {
					if g == x {
						got = append(got, i)
					}
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("pop order (-want +got):\n%s", diff)
			}
			if q.len() != 0 {
				t.Errorf("len = %d after draining", q.len())
			}
		})
	}
}
