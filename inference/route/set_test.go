package route_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/route"
)

// renamed wraps a backend under another name.
type renamed struct {
	inference.Backend
	name string
}

func (r renamed) Name() string { return r.name }

func TestSetWrap(t *testing.T) {
	goBackend, anyBackend := &fake{name: "go"}, &fake{name: "any"}
	s := route.NewSet(route.Entry{Backend: goBackend, Languages: []string{"go"}}, route.Entry{Backend: anyBackend})
	var seen []int
	w := s.Wrap(func(i int, b inference.Backend) inference.Backend {
		seen = append(seen, i)
		return renamed{b, "wrapped " + b.Name()}
	})
	if got := w.For("go"); len(got) != 2 || got[0].Name() != "wrapped go" || got[1].Name() != "wrapped any" {
		t.Errorf("wrapped For(go) = %v", got)
	}
	if len(seen) != 2 || seen[0] != 0 || seen[1] != 1 {
		t.Errorf("wrap saw indexes %v, want 0 and 1 in order", seen)
	}
	if s.For("go")[0] != goBackend {
		t.Error("Wrap changed the original set")
	}
}

// TestSetWarnsOnFailover: the Set warns once for each backend that failed
// and that it moved on from, and not for a request build could not make.
func TestSetWarnsOnFailover(t *testing.T) {
	buildErr := o.Error(inference.ErrUnreachable, 0, "no model information", nil)
	tests := []struct {
		name     string
		give     []*fake
		buildErr string // the backend whose request cannot be built
		want     []string
		wantText string
	}{
		{name: "first works", give: []*fake{{name: "a"}, {name: "b"}}, wantText: "a"},
		{name: "fails over", give: []*fake{{name: "a", err: unavailable}, {name: "b"}}, want: []string{"a"}, wantText: "b"},
		{name: "fails over twice", give: []*fake{{name: "a", err: unavailable}, {name: "b", err: unavailable}, {name: "c"}},
			want: []string{"a", "b"}, wantText: "c"},
		{name: "no warning for the last failure", give: []*fake{{name: "a", err: unavailable}, {name: "b", err: unavailable}},
			want: []string{"a"}},
		{name: "no failover after text", give: []*fake{{name: "a", err: unavailable, partial: true}, {name: "b"}}, wantText: "half"},
		{name: "no warning when build fails", give: []*fake{{name: "a"}, {name: "b"}}, buildErr: "a", wantText: "b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			core, logs := observer.New(zap.WarnLevel)
			var entries []route.Entry
			for _, f := range tt.give {
				entries = append(entries, route.Entry{Backend: f})
			}
			s := route.NewSet(entries...).WithLogger(zap.New(core))
			build := func(b inference.Backend) (*inference.Request, error) {
				if b.Name() == tt.buildErr {
					return nil, buildErr
				}
				return &inference.Request{Prompt: "p"}, nil
			}
			var text string
			s.Generate(context.Background(), "go", build, func(c inference.Chunk) error { text += c.Text; return nil })
			var got []string
			for _, e := range logs.All() {
				if e.Message != "backend failed, trying the next" {
					t.Errorf("unexpected warning %q", e.Message)
				}
				got = append(got, e.ContextMap()["backend"].(string))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("warned backends (-want +got):\n%s", diff)
			}
			if text != tt.wantText {
				t.Errorf("text = %q, want %q", text, tt.wantText)
			}
		})
	}
}

func TestRoundRobin(t *testing.T) {
	p := &route.RoundRobin{}
	var got [][]int
	for range 4 {
		got = append(got, p.Pick(nil, 3))
	}
	want := [][]int{{1, 2, 0}, {2, 0, 1}, {0, 1, 2}, {1, 2, 0}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("orders (-want +got):\n%s", diff)
	}
}
