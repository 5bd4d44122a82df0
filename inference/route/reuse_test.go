package route

import (
	"testing"
	"time"

	"go.uber.org/zap/zaptest"

	"github.com/lspilot/lspilot/inference"
)

func TestRouterAgeing(t *testing.T) {
	p := file("p", "")
	keyLen := len(AppendKey(nil, p))
	tests := []struct {
		name    string
		cfg     RouterConfig
		then    []*inference.Request
		advance time.Duration
		want    int
	}{
		{name: "within TTL", advance: 4 * time.Minute, want: keyLen},
		{name: "past TTL", advance: 6 * time.Minute, want: 0},
		{name: "longer TTL", cfg: RouterConfig{TTL: time.Hour}, advance: 59 * time.Minute, want: keyLen},
		{name: "forever", cfg: RouterConfig{TTL: -1}, advance: 1000 * time.Hour, want: keyLen},
		{name: "the last prompt only", cfg: RouterConfig{PromptsPerReplica: 1}, then: []*inference.Request{{Raw: true, Prompt: "other"}},
			want: 1},
		{name: "the last two prompts", cfg: RouterConfig{PromptsPerReplica: 2}, then: []*inference.Request{{Raw: true, Prompt: "other"}},
			want: keyLen},
		{name: "size bound", cfg: RouterConfig{MaxBytesPerReplica: keyLen * 3 / 2}, then: []*inference.Request{file("q", "")},
			want: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := virtual()
			tt.cfg.Clock = v
			_, bs := servers(1)
			r := NewRouter(tt.cfg)
			g := NewGroup("g", bs, r)
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
	r := NewRouter(RouterConfig{Clock: v, Logger: zaptest.NewLogger(t), ReuseWindow: 4,
		OnReuseCollapse: func(replica int, predicted, reported float64) {
			events = append(events, event{replica, predicted, reported})
		}})
	fakes, bs := servers(1)
	g := NewGroup("g", bs, r)
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
