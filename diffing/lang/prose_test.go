package lang

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestStripThinking(t *testing.T) {
	tests := []struct{ give, want string }{
		{give: "<think>hmm (</think>code", want: "code"},
		{give: "a<think>x</think>b<think>y</think>c", want: "abc"},
		{give: "code<think>never closed", want: "code"},
		{give: "no thinking", want: "no thinking"},
	}
	for _, tt := range tests {
		if got := StripThinking(tt.give); got != tt.want {
			t.Errorf("StripThinking(%q) = %q, want %q", tt.give, got, tt.want)
		}
	}
}

func TestIsSentence(t *testing.T) {
	tests := []struct {
		give string
		want bool
	}{
		{give: "Here is the fixed code:", want: true},
		{give: "This renames `x` to `y` everywhere.", want: true},
		{give: "Élan vital is what it needs!", want: true},
		{give: "Too short.", want: false},
		{give: "lower case start of a sentence.", want: false},
		{give: "  Indented like code is here.", want: false},
		{give: "It calls f(x) for each item.", want: false},
		{give: "See the note // in the code.", want: false},
		{give: "No sentence end here at all", want: false},
	}
	for _, tt := range tests {
		if got := IsSentence(tt.give); got != tt.want {
			t.Errorf("IsSentence(%q) = %v, want %v", tt.give, got, tt.want)
		}
	}
}

func TestTrimProse(t *testing.T) {
	tests := []struct {
		name         string
		give         string
		want         string
		wantAllProse bool
	}{
		{name: "intro and outro paragraphs", give: "Here is the new version of it.\n\nx := 1\ny := 2\n\nThis sets both values now.",
			want: "x := 1\ny := 2"},
		{name: "intro sentence glued to code", give: "Here is the code for you:\nreturn a + b",
			want: "return a + b"},
		{name: "code only", give: "\n\nf()\n\n", want: "f()"},
		{name: "prose only", give: "I cannot change this code safely.\n\nIt has no tests at all.",
			wantAllProse: true},
		{name: "nothing", give: "\n \n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, allProse := TrimProse(strings.Split(tt.give, "\n"))
			if d := cmp.Diff(tt.want, strings.Join(code, "\n")); d != "" || allProse != tt.wantAllProse {
				t.Errorf("TrimProse allProse %v, want %v (-want +got):\n%s", allProse, tt.wantAllProse, d)
			}
		})
	}
}
