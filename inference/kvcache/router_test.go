package kvcache

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.uber.org/zap/zaptest"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/backends"
	"github.com/lspilot/lspilot/inference/backendtest"
)

// generate sends req through g and returns the name of the replica that
// answered.
func generate(t *testing.T, g *backends.Group, req *inference.Request) string {
	t.Helper()
	text, _, err := backendtest.Generate(context.Background(), g, req)
	if err != nil {
		t.Fatalf("Generate() = %v", err)
	}
	return text
}

func TestRouterAffinity(t *testing.T) {
	tests := []struct {
		name string
		give []*inference.Request
		want []string
	}{
		{
			name: "files spread, then stick",
			give: []*inference.Request{file("alpha", ""), file("beta", ""), file("alpha", "x"), file("beta", "y"),
				file("alpha", "xy"), file("gamma", "")},
			want: []string{"a", "b", "a", "b", "a", "c"},
		},
		{
			name: "chat turns stay together",
			give: []*inference.Request{
				{Messages: []inference.Message{{Role: "system", Content: file("sys", "").Prompt}, {Role: "user", Content: "hi"}}},
				file("other", ""),
				{Messages: []inference.Message{{Role: "system", Content: file("sys", "").Prompt}, {Role: "user", Content: "hi"},
					{Role: "assistant", Content: "hello"}, {Role: "user", Content: "more"}}},
			},
			want: []string{"a", "b", "a"},
		},
		{
			name: "models never share",
			give: []*inference.Request{{Model: "m1", Raw: true, Prompt: file("x", "").Prompt},
				{Model: "m2", Raw: true, Prompt: file("x", "").Prompt}, {Model: "m1", Raw: true, Prompt: file("x", "y").Prompt}},
			want: []string{"a", "b", "a"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, bs := servers(3)
			r := NewRouter(Config{Clock: virtual(), Logger: zaptest.NewLogger(t)})
			g := backends.NewGroup("g", bs, r)
			var got []string
			for _, req := range tt.give {
				got = append(got, generate(t, g, req))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("replicas (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRouterImbalance holds requests in flight on the replica that has
// their prefix until load overrides affinity.
func TestRouterImbalance(t *testing.T) {
	tests := []struct {
		name       string
		balanceAbs int
		balanceRel float64
		give       []string // files
		want       []string
	}{
		// The fourth request finds a three deeper than b's none; the fifth
		// finds the prefix on both and b less loaded.
		{name: "defaults", give: []string{"alpha", "alpha", "alpha", "alpha", "alpha"}, want: []string{"a", "a", "a", "b", "b"}},
		// Any difference is too much: requests alternate.
		{name: "no slack", balanceAbs: -1, balanceRel: 1, give: []string{"alpha", "alpha", "alpha", "alpha", "alpha"},
			want: []string{"a", "b", "a", "b", "a"}},
		{name: "relative slack", balanceAbs: -1, balanceRel: 3, give: []string{"alpha", "beta", "alpha", "alpha", "alpha", "alpha"},
			want: []string{"a", "b", "a", "a", "a", "b"}},
		{name: "relative without slack", balanceAbs: -1, balanceRel: 1, give: []string{"alpha", "beta", "alpha", "alpha"},
			want: []string{"a", "b", "a", "b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fakes, bs := servers(2)
			for _, f := range fakes {
				f.entered, f.release = make(chan struct{}), make(chan struct{})
			}
			r := NewRouter(Config{Clock: virtual(), BalanceAbs: tt.balanceAbs, BalanceRel: tt.balanceRel})
			g := backends.NewGroup("g", bs, r)
			got := make([]string, len(tt.want))
			done := make(chan struct{})
			for i, name := range tt.give {
				go func() {
					defer func() { done <- struct{}{} }()
					got[i], _, _ = backendtest.Generate(context.Background(), g, file(name, ""))
				}()
				select { // wait until it is in flight
				case <-fakes[0].entered:
				case <-fakes[1].entered:
				}
			}
			for _, f := range fakes {
				close(f.release)
			}
			for range tt.give {
				<-done
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("replicas (-want +got):\n%s", diff)
			}
		})
	}
}

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
			r := NewRouter(Config{Clock: v, Logger: zaptest.NewLogger(t), Breaker: BreakerConfig{Failures: 2, CoolDown: 5 * time.Second}})
			g := backends.NewGroup("g", bs, r)
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

func TestRouterAgeing(t *testing.T) {
	p := file("p", "")
	keyLen := len(AppendKey(nil, p))
	tests := []struct {
		name    string
		cfg     Config
		then    []*inference.Request
		advance time.Duration
		want    int
	}{
		{name: "within TTL", advance: 4 * time.Minute, want: keyLen},
		{name: "past TTL", advance: 6 * time.Minute, want: 0},
		{name: "longer TTL", cfg: Config{TTL: time.Hour}, advance: 59 * time.Minute, want: keyLen},
		{name: "forever", cfg: Config{TTL: -1}, advance: 1000 * time.Hour, want: keyLen},
		{name: "the last prompt only", cfg: Config{PromptsPerReplica: 1}, then: []*inference.Request{{Raw: true, Prompt: "other"}},
			want: 1},
		{name: "the last two prompts", cfg: Config{PromptsPerReplica: 2}, then: []*inference.Request{{Raw: true, Prompt: "other"}},
			want: keyLen},
		{name: "size bound", cfg: Config{MaxBytesPerReplica: keyLen * 3 / 2}, then: []*inference.Request{file("q", "")},
			want: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := virtual()
			tt.cfg.Clock = v
			_, bs := servers(1)
			r := NewRouter(tt.cfg)
			g := backends.NewGroup("g", bs, r)
			generate(t, g, p)
			for _, req := range tt.then {
				generate(t, g, req)
			}
			v.Advance(tt.advance)
			if got := r.Held(p); got != tt.want {
				t.Errorf("Held() = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestRouterReuseCollapse(t *testing.T) {
	type event struct {
		Replica             int
		Predicted, Reported float64
	}
	var events []event
	v := virtual()
	r := NewRouter(Config{Clock: v, Logger: zaptest.NewLogger(t), ReuseWindow: 4,
		OnReuseCollapse: func(replica int, predicted, reported float64) {
			events = append(events, event{replica, predicted, reported})
		}})
	fakes, bs := servers(1)
	g := backends.NewGroup("g", bs, r)
	reuse := 0.9
	fakes[0].cache = func(*inference.Request) (int, int) { return int(reuse * 1000), 1000 }
	typed := ""
	send := func(n int) {
		for range n {
			typed += "x"
			generate(t, g, &inference.Request{Raw: true, Prompt: file("p", "").Prompt + typed})
		}
	}
	send(8)
	if len(events) != 0 {
		t.Fatalf("collapse reported while reuse was as predicted: %v", events)
	}
	reuse = 0 // say the template changed: nothing is cached any more
	send(1)
	if len(events) != 0 {
		t.Fatalf("collapse reported after a single miss: %v", events)
	}
	send(4)
	if len(events) != 1 || events[0].Replica != 0 || events[0].Reported >= 0.5*events[0].Predicted {
		t.Fatalf("events = %v, want one collapse", events)
	}
	send(4) // still collapsed: no more calls
	reuse = 0.9
	send(4) // recovered
	reuse = 0
	send(4)
	if len(events) != 2 {
		t.Errorf("got %d collapse events, want 2 (one per collapse)", len(events))
	}
	st := r.Stats()[0]
	if st.Requests != 25 || st.Reported != 25 || st.PredictedReuse < 0.9 || st.ReportedReuse > 0.5 || st.InFlight != 0 {
		t.Errorf("Stats() = %+v", st)
	}
}

func TestRouterPickWithoutRequest(t *testing.T) {
	v := virtual()
	r := NewRouter(Config{Clock: v, Breaker: BreakerConfig{Failures: 1}})
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

// TestRouterWarm checks that a Group's warm-up teaches the Router.
func TestRouterWarm(t *testing.T) {
	_, bs := servers(2)
	r := NewRouter(Config{Clock: virtual()})
	g := backends.NewGroup("g", bs, r)
	generate(t, g, file("busy", ""))
	warm := file("next", "")
	if _, err := g.Warm(context.Background(), warm); err != nil {
		t.Fatal(err)
	}
	if got, want := r.Held(warm), len(AppendKey(nil, warm)); got != want {
		t.Errorf("Held() after warm-up = %d, want %d", got, want)
	}
	if got := generate(t, g, file("next", "x")); got != "b" {
		t.Errorf("request after warm-up went to %q, want the warmed b", got)
	}
}
