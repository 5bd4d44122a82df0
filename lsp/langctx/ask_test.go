package langctx

import (
	"slices"
	"testing"
)

func TestIsFuncOrType(t *testing.T) {
	tests := []struct {
		decl string
		want bool
	}{
		{"func Join(elem ...string) string { ... }", true},
		{"func (b *Builder) String() string { ... }", true},
		{"type Point struct { ... }", true},
		{"def area(w, h): ...", true},
		{"async def fetch(url): ...", true},
		{"class Store: ...", true},
		{"export default class View { ... }", true},
		{"export async function load(): Promise<void> { ... }", true},
		{"export interface Shape { ... }", true},
		{"declare const enum Kind { ... }", true},
		{"pub(crate) unsafe fn raw() { ... }", true},
		{"pub struct Config { ... }", true},
		{"var DefaultClient = &Client{}", false},
		{"const Zero = 0", false},
		{"Name string // the name", false},
		{"export const handler = () => { ... }", false},
		{"limit = 3", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := isFuncOrType(tt.decl); got != tt.want {
			t.Errorf("isFuncOrType(%q) = %v, want %v", tt.decl, got, tt.want)
		}
	}
}

func TestCheapFirst(t *testing.T) {
	at := func(name, u string) ident { return ident{name: name, at: &elsewhere{uri: u}} }
	ids := []ident{
		{name: "own"},
		at("other", "file:///w/q/b.go"),
		at("sibling", "file:///w/p/b.go"),
		at("sub", "file:///w/p/sub/c.go"),
		{name: "own2"},
	}
	var got []string
	for _, id := range cheapFirst(ids, "file:///w/p/a.go") {
		got = append(got, id.name)
	}
	want := []string{"own", "sibling", "own2", "other", "sub"}
	if !slices.Equal(got, want) {
		t.Errorf("cheapFirst = %q, want %q", got, want)
	}
}
