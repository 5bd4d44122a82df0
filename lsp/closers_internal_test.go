package lsp

import (
	"strings"
	"testing"
)

// TestClosersAfter checks which text after the cursor a suggestion
// replaces: the rest of the line when it is only closers, else nothing.
func TestClosersAfter(t *testing.T) {
	tests := []struct {
		name     string
		give     string // <CURSOR> marks the cursor
		wantRest string
		wantEnd  int // bytes past the cursor
	}{
		{name: "end of text", give: "f(<CURSOR>"},
		{name: "end of line", give: "f(<CURSOR>\nx)"},
		{name: "a bracket the editor closed", give: "f(<CURSOR>)\n", wantRest: ")", wantEnd: 1},
		{name: "brackets, quotes and a semicolon", give: "f(\"<CURSOR>\")];\r\n", wantRest: "\")];", wantEnd: 4},
		{name: "spaces and tabs count as closers", give: "a[<CURSOR> \t]", wantRest: " \t]", wantEnd: 3},
		{name: "code after the cursor", give: "f(<CURSOR>x)\n"},
		{name: "a closer then code", give: "f(<CURSOR>) + 1\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			off := strings.Index(tt.give, "<CURSOR>")
			text := tt.give[:off] + tt.give[off+len("<CURSOR>"):]
			rest, end := closersAfter(text, off)
			if rest != tt.wantRest || end != off+tt.wantEnd {
				t.Errorf("closersAfter = %q, %d; want %q, %d", rest, end, tt.wantRest, off+tt.wantEnd)
			}
		})
	}
}
