package route

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/lspilot/lspilot/inference"
)

func TestSlotPinner(t *testing.T) {
	type step struct {
		session    string
		req        *inference.Request
		keep       bool // leave the slot busy
		serverSlot int  // the slot the server reports, when set
		want       int
	}
	one := 1
	tests := []struct {
		name  string
		steps []step
	}{
		{
			name: "sessions get slots of their own, least recently used goes first",
			steps: []step{
				{session: "s1", req: file("alpha", ""), want: 0},
				{session: "s2", req: file("beta", ""), want: 1},
				{session: "s1", req: file("alpha", "x"), want: 0},
				{session: "s2", req: file("beta", "y"), want: 1},
				{session: "s3", req: file("gamma", ""), want: 0}, // takes s1's slot, used longest ago
				{session: "s1", req: file("alpha", "xy"), want: 1},
			},
		},
		{
			name: "a longer prefix elsewhere beats the pin",
			steps: []step{
				{session: "s1", req: file("alpha", ""), want: 0},
				{session: "s2", req: file("beta", ""), want: 1},
				{session: "s1", req: file("beta", "z"), want: 1},
				{session: "s2", req: file("beta", "w"), want: 1},
			},
		},
		{
			name: "slots busy with other sessions are skipped",
			steps: []step{
				{session: "s1", req: file("alpha", ""), keep: true, want: 0},
				{session: "s2", req: file("alpha", ""), keep: true, want: 1},
				{session: "s1", req: file("alpha", "x"), want: 0},
			},
		},
		{
			name: "every slot busy",
			steps: []step{
				{session: "s1", req: file("alpha", ""), keep: true, want: 0},
				{session: "s2", req: file("beta", ""), keep: true, want: 1},
				{session: "s3", req: file("beta", "x"), want: 1},
			},
		},
		{
			name: "requests without a session",
			steps: []step{
				{req: file("alpha", ""), want: 0},
				{req: file("alpha", "x"), want: 0},
				{req: file("beta", ""), want: 1},
			},
		},
		{
			name: "the server's slot wins",
			steps: []step{
				{session: "s1", req: file("alpha", ""), serverSlot: 2, want: 0},
				{session: "s2", req: file("alpha", "x"), want: 1},
			},
		},
		{
			name: "a named slot is kept",
			steps: []step{
				{session: "s1", req: &inference.Request{Prompt: "p", Slot: &one}, want: 1},
				{session: "s1", req: &inference.Request{Prompt: "p"}, want: 1},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := virtual()
			p := NewSlotPinner(v, []int{2})
			var got, want []int
			for _, s := range tt.steps {
				v.Advance(time.Second)
				req := *s.req
				req.Session = s.session
				slot := p.Slot(0, &req)
				got, want = append(got, slot), append(want, s.want)
				if !s.keep {
					sent := req
					sent.Slot = &slot
					p.Release(0, &sent, inference.Stats{Slot: s.serverSlot - 1})
				}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("slots (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSlotPinnerAssign(t *testing.T) {
	p := NewSlotPinner(virtual(), []int{2, 0})
	req := &inference.Request{Prompt: "p", Session: "s"}
	sent := p.Assign(0, req)
	if sent == req || sent.Slot == nil || *sent.Slot != 0 || req.Slot != nil {
		t.Errorf("Assign(0) = %+v; want a copy on slot 0, the original untouched", sent)
	}
	if got := p.Assign(1, req); got != req {
		t.Errorf("Assign on a replica without slots = %+v, want the request itself", got)
	}
	if s, ok := p.Pinned(0, "s"); !ok || s != 0 {
		t.Errorf("Pinned() = %d, %t; want 0", s, ok)
	}
	p.Forget(0)
	if _, ok := p.Pinned(0, "s"); ok {
		t.Error("Pinned() after Forget found a pin")
	}
}

// TestRouterSlots runs sessions through a Group whose Router pins slots.
func TestRouterSlots(t *testing.T) {
	v := virtual()
	fakes, bs := servers(1)
	pinner := NewSlotPinner(v, []int{2})
	r := NewRouter(RouterConfig{Clock: v, Slots: pinner})
	g := NewGroup("g", bs, r)
	for _, s := range []struct{ session, name, typed string }{
		{"s1", "alpha", ""}, {"s2", "beta", ""}, {"s1", "alpha", "x"}, {"s2", "beta", "y"}, {"s1", "alpha", "xy"},
	} {
		v.Advance(time.Second)
		req := file(s.name, s.typed)
		req.Session = s.session
		generate(t, g, req)
		if req.Slot != nil {
			t.Fatal("the caller's request was given a slot")
		}
	}
	if diff := cmp.Diff([]int{0, 1, 0, 1, 0}, fakes[0].slots); diff != "" {
		t.Errorf("slots sent (-want +got):\n%s", diff)
	}
	if st := r.Stats()[0]; st.InFlight != 0 || st.Requests != 5 {
		t.Errorf("Stats() = %+v", st)
	}
}
