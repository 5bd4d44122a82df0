package gpusim

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// TestTokenizePrefixStable checks that every prefix of a text tokenizes to a
// prefix of the text's tokens, but for its own last token, and that pieces
// spell the text in valid UTF-8.
func TestTokenizePrefixStable(t *testing.T) {
	tests := []string{
		"func add(a, b int) int {\n\treturn a + b\n}\n",
		"héllo wörld, 世界, 🙂 done",
		"abc",
		"",
	}
	for _, text := range tests {
		full := Tokenize(text)
		for cut := 0; cut <= len(text); cut++ {
			got := Tokenize(text[:cut])
			if len(got) == 0 {
				continue
			}
			if diff := cmp.Diff(full[:len(got)-1], got[:len(got)-1]); diff != "" {
				t.Errorf("Tokenize(%q[:%d]) is not a prefix of the full tokens (-full +prefix):\n%s", text, cut, diff)
			}
		}
		pieces := Pieces(text)
		if got := strings.Join(pieces, ""); got != text {
			t.Errorf("Pieces(%q) spell %q", text, got)
		}
		for _, p := range pieces {
			if !utf8.ValidString(p) || len(p) == 0 {
				t.Errorf("Pieces(%q) holds %q", text, p)
			}
		}
		if len(pieces) != len(full) {
			t.Errorf("Pieces(%q) = %d pieces, Tokenize gives %d tokens", text, len(pieces), len(full))
		}
	}
}

func TestPlanOutput(t *testing.T) {
	tests := []struct {
		name      string
		give      string
		maxTokens int
		stops     []string
		want      []string
		wantWhy   finish
		wantWord  string
	}{
		{name: "ends by itself", give: "return a\n", maxTokens: -1,
			want: []string{"retu", "rn a", "\n", ""}, wantWhy: finishEOS},
		{name: "token limit", give: "return a\n", maxTokens: 2,
			want: []string{"retu", "rn a"}, wantWhy: finishLength},
		{name: "limit at the end of text leaves out the end token", give: "return a\n", maxTokens: 3,
			want: []string{"retu", "rn a", "\n"}, wantWhy: finishLength},
		{name: "no tokens", give: "return a\n", maxTokens: 0, want: nil, wantWhy: finishLength},
		{name: "stop inside a token is generated but not shown", give: "return a\n}\n", maxTokens: -1, stops: []string{"\n}"},
			want: []string{"retu", "rn a", ""}, wantWhy: finishStop, wantWord: "\n}"},
		{name: "earliest stop wins", give: "ab;cd\nef", maxTokens: -1, stops: []string{"\n", ";"},
			want: []string{"ab"}, wantWhy: finishStop, wantWord: ";"},
		{name: "limit before the stop", give: "abcdefgh;", maxTokens: 1, stops: []string{";"},
			want: []string{"abcd"}, wantWhy: finishLength},
		{name: "stop absent", give: "abcd", maxTokens: -1, stops: []string{"x"},
			want: []string{"abcd", ""}, wantWhy: finishEOS},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := planOutput(tt.give, tt.maxTokens, tt.stops)
			if diff := cmp.Diff(tt.want, o.deltas, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("deltas (-want +got):\n%s", diff)
			}
			if o.reason != tt.wantWhy || o.stopWord != tt.wantWord || len(o.ids) != len(o.deltas) {
				t.Errorf("reason %v %q with %d ids, want %v %q", o.reason, o.stopWord, len(o.ids), tt.wantWhy, tt.wantWord)
			}
		})
	}
}

func TestDefaultGenerateIsDeterministic(t *testing.T) {
	a, b := DefaultGenerate("func f() {", "}"), DefaultGenerate("func f() {", "}")
	if a != b || a == "" || !strings.HasSuffix(a, "\n") {
		t.Errorf("DefaultGenerate gave %q then %q", a, b)
	}
	if c := DefaultGenerate("func g() {", "}"); c == a {
		t.Errorf("different prompts gave the same text %q", c)
	}
}
