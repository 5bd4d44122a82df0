package route

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.uber.org/zap/zaptest"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/internal/backendtest"
)

// generate sends req through g and returns the name of the replica that
// answered.
func generate(t *testing.T, g *Group, req *inference.Request) string {
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
			r := NewRouter(RouterConfig{Clock: virtual(), Logger: zaptest.NewLogger(t)})
			g := NewGroup("g", bs, r)
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
			r := NewRouter(RouterConfig{Clock: virtual(), BalanceAbs: tt.balanceAbs, BalanceRel: tt.balanceRel})
			g := NewGroup("g", bs, r)
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

// TestRouterWarm checks that a Group's warm-up teaches the Router.
func TestRouterWarm(t *testing.T) {
	_, bs := servers(2)
	r := NewRouter(RouterConfig{Clock: virtual()})
	g := NewGroup("g", bs, r)
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
