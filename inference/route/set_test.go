package route_test

import (
	"testing"

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
