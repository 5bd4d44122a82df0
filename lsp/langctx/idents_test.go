package langctx

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestNearIdents(t *testing.T) {
	tests := []struct {
		name, lang, text  string
		above, below, max int
		want              []string
	}{
		{name: "cursor line, word typed left out", lang: "go", text: "x := 1\nd := geo.Distance(a, b.Po|", max: 8,
			want: []string{"b", "a", "Distance", "geo", "d"}},
		{name: "lines above, keywords out", lang: "go", text: "func f() {\n\tp := geo.Point{}\n\treturn sum(|", above: 1, max: 8,
			want: []string{"sum", "Point", "geo", "p"}},
		{name: "beyond the lines above", lang: "go", text: "far := 1\nnear := 2\nz|", above: 1, max: 8,
			want: []string{"near"}},
		{name: "nearest chosen first", lang: "go", text: "aa := bb\ncc(dd, |", above: 1, max: 2,
			want: []string{"dd", "cc"}},
		{name: "strings and comments skipped", lang: "python", text: "x = helper('name')  # call other\nret|", above: 1, max: 8,
			want: []string{"helper", "x"}},
		{name: "distinct names, at the nearest use", lang: "typescript", text: "foo(foo, bar)|", max: 8,
			want: []string{"bar", "foo"}},
		{name: "after the cursor on its line", lang: "go", text: "x := |compute(y)", max: 8,
			want: []string{"compute", "x", "y"}},
		{name: "lines below, farther than above", lang: "go", text: "up := 1\n|\ndown := 2\nfar := 3", above: 1, below: 1, max: 8,
			want: []string{"up", "down"}},
		{name: "below beats far above", lang: "go", text: "a1 := 1\nb2 := 2\nc3 := 3\n|\nd4 := 4", above: 3, below: 1, max: 8,
			want: []string{"c3", "d4", "b2", "a1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cursor := strings.Index(tt.text, "|")
			text := strings.Replace(tt.text, "|", "", 1)
			var got []string
			for _, id := range nearIdents(tt.lang, text, cursor, tt.above, tt.below, tt.max) {
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

func TestFileIdents(t *testing.T) {
	text := "package p\n\nfunc a() { helper(); helper(); other() }\n\nfunc b() { other(); helper() }\n|\n// helper in a comment\nvar s = \"helper\"\n"
	cursor := strings.Index(text, "|")
	text = strings.Replace(text, "|", "", 1)
	var got []string
	for _, id := range fileIdents("go", text, cursor, 3) {
		got = append(got, id.name)
		if text[id.off:id.off+len(id.name)] != id.name {
			t.Errorf("%s at %d is %q", id.name, id.off, text[id.off:])
		}
		if id.name == "helper" && id.off != strings.LastIndex(text[:cursor], "helper") {
			t.Errorf("helper at %d, want its use nearest the cursor", id.off)
		}
	}
	// helper is used three times in code, other twice; of the names used
	// once the nearest (b) comes before s, a and p.
	want := []string{"helper", "other", "b"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("fileIdents (-want +got):\n%s", diff)
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
