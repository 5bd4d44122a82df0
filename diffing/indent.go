package diffing

import "strings"

// indentStyle is how a text indents its lines.
type indentStyle int

const (
	indentUnknown indentStyle = iota
	indentTabs
	indentSpaces
)

// detectIndent returns the indentation style most lines of text use, and for
// spaces the width of one level. Lines indented by one space, as in the
// middle of C block comments, do not count.
func detectIndent(text string) (indentStyle, int) {
	var tabs, spaces, twos int
	for _, l := range strings.Split(text, "\n") {
		ws := leadingSpace(l)
		if ws == "" || len(ws) == len(l) {
			continue
		}
		switch {
		case ws[0] == '\t':
			tabs++
		case len(ws) >= 2 && !strings.Contains(ws, "\t"):
			spaces++
			if len(ws)%4 == 2 {
				twos++
			}
		}
	}
	switch {
	case tabs > 0 && tabs >= 2*spaces:
		return indentTabs, 0
	case spaces > 0 && spaces >= 2*tabs:
		if twos*5 >= spaces {
			return indentSpaces, 2
		}
		return indentSpaces, 4
	}
	return indentUnknown, 0
}

// reindenter converts the leading whitespace of new lines to the style of
// the text they go into.
type reindenter struct {
	style indentStyle
	width int // spaces per tab
}

// newReindenter returns a reindenter for a text in style, learning the
// number of spaces per tab from pairs of the text's lines (theirs) and the
// model's rendering of the same lines (ours), or else from the model's added
// lines; unit is the text's own width of one level of space indentation, or
// 0.
func newReindenter(style indentStyle, unit int, theirs, ours, added []string) reindenter {
	r := reindenter{style: style, width: unit}
	for i := range theirs {
		t, o := leadingSpace(theirs[i]), leadingSpace(ours[i])
		tabs, spaces := t, o
		if style == indentSpaces {
			tabs, spaces = o, t
		}
		if tabs != "" && strings.Trim(tabs, "\t") == "" && spaces != "" && strings.Trim(spaces, " ") == "" && len(spaces)%len(tabs) == 0 {
			r.width = len(spaces) / len(tabs)
			break
		}
	}
	if r.width == 0 {
		r.width = guessWidth(added)
	}
	return r
}

// guessWidth returns the smallest indentation by 2, 4 or 8 spaces among
// lines, or 4.
func guessWidth(lines []string) int {
	width := 0
	for _, l := range lines {
		ws := leadingSpace(l)
		if n := len(ws); (n == 2 || n == 4 || n == 8) && strings.Trim(ws, " ") == "" && (width == 0 || n < width) {
			width = n
		}
	}
	if width == 0 {
		return 4
	}
	return width
}

// fix rewrites the indentation of s when it uses only the other style.
func (r reindenter) fix(s string) string {
	ws := leadingSpace(s)
	switch {
	case ws == "" || len(ws) == len(s):
		return s
	case r.style == indentTabs && strings.Trim(ws, " ") == "" && len(ws) >= r.width:
		return strings.Repeat("\t", len(ws)/r.width) + strings.Repeat(" ", len(ws)%r.width) + s[len(ws):]
	case r.style == indentSpaces && strings.Trim(ws, "\t") == "":
		return strings.Repeat(" ", len(ws)*r.width) + s[len(ws):]
	}
	return s
}
