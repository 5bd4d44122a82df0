package route

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.uber.org/zap/zaptest"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/internal/backendtest"
)

func TestRouterBreaker(t *testing.T) {
	type step struct {
		advance     time.Duration
		r0Err       error
		req         *inference.Request
		want        string
		wantCalls   []int
		wantBreaker []BreakerState
	}
	closed, open, half := BreakerClosed, BreakerOpen, BreakerHalfOpen
	tests := []struct {
		name  string
		steps []step
	}{
		{
			name: "opens, cools down, probe closes",
			steps: []step{
				{r0Err: unavailable, req: file("p", ""), want: "b", wantCalls: []int{1, 1}, wantBreaker: []BreakerState{closed, closed}},
				{r0Err: unavailable, req: file("p", "1"), want: "b", wantCalls: []int{2, 2}, wantBreaker: []BreakerState{open, closed}},
				// Open: a comes last, even for an unrelated prompt.
				{req: file("q", ""), want: "b", wantCalls: []int{2, 3}, wantBreaker: []BreakerState{open, closed}},
				{advance: 5 * time.Second, wantBreaker: []BreakerState{half, closed}},
				// Half-open and forgotten: the unrelated prompt probes a.
				{req: file("r", ""), want: "a", wantCalls: []int{3, 3}, wantBreaker: []BreakerState{closed, closed}},
			},
		},
		{
			name: "a failed probe doubles the cool-down",
			steps: []step{
				{r0Err: unavailable, req: file("p", ""), want: "b", wantCalls: []int{1, 1}},
				{r0Err: unavailable, req: file("p", ""), want: "b", wantCalls: []int{2, 2}, wantBreaker: []BreakerState{open, closed}},
				{advance: 5 * time.Second, r0Err: unavailable, req: file("r", ""), want: "b", wantCalls: []int{3, 3},
					wantBreaker: []BreakerState{open, closed}},
				{advance: 5 * time.Second, wantBreaker: []BreakerState{open, closed}},
				{advance: 5 * time.Second, wantBreaker: []BreakerState{half, closed}},
			},
		},
		{
			name: "errors that are not the replica's fault leave it alone",
			steps: []step{
				{r0Err: badRequest, req: file("p", "")},
				{r0Err: badRequest, req: file("p", "")},
				{r0Err: badRequest, req: file("p", ""), wantCalls: []int{3, 0}, wantBreaker: []BreakerState{closed, closed}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := virtual()
			fakes, bs := servers(2)
			r := NewRouter(RouterConfig{Clock: v, Logger: zaptest.NewLogger(t), Breaker: BreakerConfig{Failures: 2, CoolDown: 5 * time.Second}})
			g := NewGroup("g", bs, r)
			for i, s := range tt.steps {
				v.Advance(s.advance)
				fakes[0].set(func(f *fakeServer) { f.err = s.r0Err })
				if s.req != nil {
					text, _, err := backendtest.Generate(context.Background(), g, s.req)
					if text != s.want || (err != nil) != (s.want == "") {
						t.Errorf("step %d: Generate() = %q, %v; want %q", i, text, err, s.want)
					}
				}
				if s.wantCalls != nil {
					c0, _ := fakes[0].counts()
					c1, _ := fakes[1].counts()
					if diff := cmp.Diff(s.wantCalls, []int{c0, c1}); diff != "" {
						t.Errorf("step %d: calls (-want +got):\n%s", i, diff)
					}
				}
				if s.wantBreaker != nil {
					var got []BreakerState
					for _, st := range r.Stats() {
						got = append(got, st.Breaker)
					}
					if diff := cmp.Diff(s.wantBreaker, got); diff != "" {
						t.Errorf("step %d: breakers (-want +got):\n%s", i, diff)
					}
				}
			}
		})
	}
}

func TestRouterPickWithoutRequest(t *testing.T) {
	v := virtual()
	r := NewRouter(RouterConfig{Clock: v, Breaker: BreakerConfig{Failures: 1}})
	r.Observe(0, inference.Stats{}, unavailable)
	r.Start(2, &inference.Request{Prompt: "busy"})
	if diff := cmp.Diff([]int{1, 2, 0}, r.Pick(nil, 3)); diff != "" {
		t.Errorf("Pick(nil) (-want +got):\n%s", diff)
	}
	r.Observe(0, inference.Stats{}, nil)
	if diff := cmp.Diff([]int{0, 1, 2}, r.Pick(nil, 3)); diff != "" {
		t.Errorf("Pick(nil) after recovery (-want +got):\n%s", diff)
	}
}
