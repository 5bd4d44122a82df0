package diffing

import (
	"testing"

	"github.com/lspilot/lspilot/diffing/lang"
)

func TestReindenter(t *testing.T) {
	tests := []struct {
		name         string
		text         string // the document, whose style the lines take
		theirs, ours []string
		added        []string
		give, want   string
	}{
		{name: "spaces to tabs, width from the added lines", text: "f {\n\ta\n}\n",
			added: []string{"  x", "    y"}, give: "    y", want: "\t\ty"},
		{name: "width learned from a pair", text: "f {\n\ta\n}\n",
			theirs: []string{"\ta"}, ours: []string{"   a"}, give: "      b", want: "\t\tb"},
		{name: "tabs to spaces", text: "f:\n    a\n    b\n", give: "\t\tx", want: "        x"},
		{name: "mixed indentation stays in a space file", text: "f:\n    a\n    b\n", give: "\t  x", want: "\t  x"},
		{name: "no clear style: unchanged", text: "a\n\tb\n    c\n", give: "    x", want: "    x"},
		{name: "blank line unchanged", text: "f {\n\ta\n}\n", give: "    ", want: "    "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			style, known := lang.DominantIndent(tt.text)
			r := newReindenter(style, known, tt.theirs, tt.ours, tt.added)
			if got := r.fix(tt.give); got != tt.want {
				t.Errorf("fix(%q) = %q, want %q", tt.give, got, tt.want)
			}
		})
	}
	if got := (reindenter{}).fix("    x"); got != "    x" {
		t.Errorf("zero reindenter changed %q", got)
	}
}
