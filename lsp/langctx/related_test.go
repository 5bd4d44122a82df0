package langctx

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestNameWords(t *testing.T) {
	tests := []struct {
		name string
		want []string
	}{
		{name: "rewriteValueMIPS", want: []string{"mips", "rewrite", "value"}},
		{name: "parseHTTPRequest2", want: []string{"http", "parse", "request"}},
		{name: "sys_reserve_v2", want: []string{"reserve", "sys"}},
		{name: "pcdatavalue1", want: []string{"pcdatavalue"}},
		{name: "getID", want: []string{"get"}},
		{name: "x", want: nil},
		{name: "ÉtatCivil", want: []string{"civil", "état"}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, nameWords(tt.name)); diff != "" {
			t.Errorf("nameWords(%q) (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestWordsAround(t *testing.T) {
	text := "farAway := 1\n" + strings.Repeat("\n", relatedAbove-2) +
		"// lowerValue is set per arch.\nc.lowerBlock = rewriteBlockMIPS\nc.low|\n" +
		strings.Repeat("\n", relatedBelow) + "beyondBelow := 2\n"
	cursor := strings.Index(text, "|")
	text = strings.Replace(text, "|", "", 1)
	got := wordsAround(text, cursor)
	for _, w := range []string{"lower", "value", "set", "per", "arch", "block", "rewrite", "mips"} {
		if !got[w] {
			t.Errorf("no %q in %v", w, got)
		}
	}
	for _, w := range []string{"low", "beyond", "below", "far", "away"} {
		if got[w] {
			t.Errorf("%q in %v: the word typed, or beyond the lines around", w, got)
		}
	}
}

func TestRelated(t *testing.T) {
	ids := func(names ...string) []ident {
		out := make([]ident, len(names))
		for i, n := range names {
			out[i] = ident{name: n}
		}
		return out
	}
	names := func(ids []ident) []string {
		var out []string
		for _, id := range ids {
			out = append(out, id.name)
		}
		return out
	}
	// Most used first: ties keep that order.
	x := newWordIndex(ids("getValue", "rewriteValueMIPS", "rewriteValueARM", "rewriteBlockMIPS", "sysReserve", "Value", "lowerValue"))
	tests := []struct {
		name  string
		words []string
		limit int
		want  []string
	}{
		{name: "all its words, rare ones first", words: []string{"rewrite", "value", "mips", "block"}, limit: 2,
			want: []string{"rewriteBlockMIPS", "rewriteValueMIPS"}},
		{name: "a word not around counts against", words: []string{"rewrite", "value", "mips", "block"}, limit: 8,
			want: []string{"rewriteBlockMIPS", "rewriteValueMIPS", "Value", "rewriteValueARM"}},
		{name: "a common word alone tells little", words: []string{"value"}, limit: 8,
			want: []string{"Value"}},
		{name: "a name mostly of other words is left out", words: []string{"sys"}, limit: 8,
			want: []string{"sysReserve"}},
		{name: "nothing in common", words: []string{"unrelated"}, limit: 8, want: nil},
		{name: "limit", words: []string{"rewrite", "value", "mips"}, limit: 1, want: []string{"rewriteValueMIPS"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			words := map[string]bool{}
			for _, w := range tt.words {
				words[w] = true
			}
			if diff := cmp.Diff(tt.want, names(x.related(words, tt.limit))); diff != "" {
				t.Errorf("related (-want +got):\n%s", diff)
			}
		})
	}
	var none *wordIndex
	if got := none.related(map[string]bool{"value": true}, 8); len(got) != 0 {
		t.Errorf("a nil index gave %v", got)
	}
}

// BenchmarkRelated measures related on the keystroke path: the words of
// 18 lines against the names of a directory as large as Go's runtime.
func BenchmarkRelated(b *testing.B) {
	// 8000 names of two words each: a first word of 16 shared by 500 names,
	// a second of 250 shared by 32, as common as a word may be to count.
	parts := []string{"get", "set", "span", "lock", "alloc", "free", "heap", "size", "page", "mark", "sweep", "trace", "proc", "stack", "frame", "sched"}
	var ids []ident
	for i := range 8000 {
		ids = append(ids, ident{name: parts[i%16] + "_" + benchWord(i%250)})
	}
	x := newWordIndex(ids)
	var text string
	for i := range 18 {
		text += fmt.Sprintf("\tspan.lock(%s, %s, %s) // %s %s\n", benchWord(i), benchWord(i+20), benchWord(i+40), benchWord(i+60), benchWord(i+80))
	}
	cursor := len(text) / 2
	b.ReportAllocs()
	for b.Loop() {
		x.related(wordsAround(text, cursor), 16)
	}
}

// benchWord returns a word of letters for n.
func benchWord(n int) string {
	return string([]byte{'q', byte('a' + n/26%26), byte('a' + n%26)})
}
