package langctx

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestNearIdents(t *testing.T) {
	tests := []struct {
		name, lang, text string
		above, max       int
		want             []string
	}{
		{name: "cursor line, word typed left out", lang: "go", text: "x := 1\nd := geo.Distance(a, b.Po|", above: 0, max: 8,
			want: []string{"d", "geo", "Distance", "a", "b"}},
		{name: "lines above, keywords out", lang: "go", text: "func f() {\n\tp := geo.Point{}\n\treturn sum(|", above: 1, max: 8,
			want: []string{"p", "geo", "Point", "sum"}},
		{name: "beyond the lines above", lang: "go", text: "far := 1\nnear := 2\nz|", above: 1, max: 8,
			want: []string{"near"}},
		{name: "nearest chosen, text order kept", lang: "go", text: "aa := bb\ncc(dd, |", above: 1, max: 2,
			want: []string{"cc", "dd"}},
		{name: "strings and comments skipped", lang: "python", text: "x = helper('name')  # call other\nret|", above: 1, max: 8,
			want: []string{"x", "helper"}},
		{name: "distinct names", lang: "typescript", text: "foo(foo, bar)|", above: 0, max: 8,
			want: []string{"foo", "bar"}},
		{name: "after the cursor on its line", lang: "go", text: "x := |compute(y)", above: 0, max: 8,
			want: []string{"x", "compute", "y"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cursor := strings.Index(tt.text, "|")
			text := strings.Replace(tt.text, "|", "", 1)
			var got []string
			for _, id := range nearIdents(tt.lang, text, cursor, tt.above, tt.max) {
				if text[id.off:id.off+len(id.name)] != id.name {
					t.Errorf("%s at %d is %q", id.name, id.off, text[id.off:])
				}
				got = append(got, id.name)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("nearIdents (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSignatureIdents(t *testing.T) {
	sig := "func (s *Store) Put(k Key, v Value) error "
	var got []string
	for _, id := range signatureIdents("go", sig, 100, "Put") {
		got = append(got, id.name)
		if sig[id.off-100:id.off-100+len(id.name)] != id.name {
			t.Errorf("%s at wrong offset", id.name)
		}
	}
	want := []string{"s", "Store", "k", "Key", "v", "Value", "error"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("signatureIdents (-want +got):\n%s", diff)
	}
}

func TestSignatureText(t *testing.T) {
	tests := []struct{ give, want string }{
		{"func F(a int) error {\n\treturn nil\n}", "func F(a int) error "},
		{"def f(a: int,\n      b: str) -> None:\n    pass\n", "def f(a: int,\n      b: str) -> None:\n"},
		{"function g(\n  a: A,\n  b: B,\n) {\n}", "function g(\n  a: A,\n  b: B,\n) "},
	}
	for _, tt := range tests {
		if got := signatureText(tt.give); got != tt.want {
			t.Errorf("signatureText(%q) = %q, want %q", tt.give, got, tt.want)
		}
	}
}
