package complete

import (
	"strings"
	"testing"
)

// TestContextPerSession: what one editor session types never becomes
// extra context in another's prompts, so sessions sharing a daemon keep
// their prompt prefixes stable.
func TestContextPerSession(t *testing.T) {
	f := newFake()
	e := newTestEngine(t, f)
	a := at("package a\n\nfunc A() {\n\t|\n}\n")
	b := at("package b\n\nvar secretOfB = 1\n|\n")
	b.Session, b.URI, b.Path = "other", "file:///b.go", "b.go"
	a2 := at("package a\n\nfunc A() {\n\tz|\n}\n")
	for _, req := range []Request{a, b, a2} {
		if _, err := e.Complete(t.Context(), req); err != nil {
			t.Fatal(err)
		}
	}
	if n, _ := f.calls(); n < 3 {
		t.Fatalf("%d backend calls, want 3", n)
	}
	if p := f.prompt(2); strings.Contains(p, "secretOfB") {
		t.Errorf("session a's prompt holds session b's file:\n%s", p)
	}
}
