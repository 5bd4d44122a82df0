package langctx

import (
	"errors"
	"testing"

	"github.com/lspilot/lspilot/inference/complete"
)

func TestFor(t *testing.T) {
	none := func(string) (string, error) { return "", errors.New("none") }
	outer := New(Config{Root: "/ws", LookPath: none})
	inner := New(Config{Root: "/ws/sub", LookPath: none})
	other := New(Config{Root: "/other", LookPath: none})
	ms := []*Manager{outer, inner, other}
	tests := []struct {
		uri  string
		want *Manager
	}{
		{"file:///ws/a.go", outer},
		{"file:///ws/sub/b.go", inner},
		{"file:///ws/subway/c.go", outer},
		{"file:///other/d.py", other},
		{"file:///elsewhere/e.go", nil},
		{"untitled:Untitled-1", nil},
	}
	for _, tt := range tests {
		if got := For(ms, tt.uri); got != tt.want {
			t.Errorf("For(%s) = %v, want %v", tt.uri, got, tt.want)
		}
	}
}

func TestRegistrySessions(t *testing.T) {
	f := newLookupFixture(t, 0)
	req := f.request("Alpha()")
	f.answer(t, req.URI, "Alpha", 3)
	r := NewRegistry()
	r.Set("s1", []*Manager{f.m})
	tests := []struct {
		session string
		want    int
	}{
		{"s1", 1},
		{"s2", 0},
	}
	for _, tt := range tests {
		req := req
		req.Session = tt.session
		if got := r.Snippets(req); len(got) != tt.want {
			t.Errorf("session %s: %d snippets, want %d", tt.session, len(got), tt.want)
		}
	}
	r.Set("s1", nil)
	req.Session = "s1"
	if got := r.Snippets(req); len(got) != 0 {
		t.Errorf("after the session left: %d snippets", len(got))
	}
	var nilReg *Registry
	if got := nilReg.Snippets(complete.Request{}); got != nil {
		t.Errorf("nil registry: %v", got)
	}
}
