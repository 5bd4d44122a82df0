package diffing

import (
	"strings"

	"github.com/lspilot/lspilot/diffing/lang"
)

// reindenter converts the leading whitespace of new lines to the style of
// the text they go into. The zero reindenter changes nothing.
type reindenter struct {
	style lang.Indent // the text's style
	known bool        // the text has a clear style
	width int         // spaces per tab
}

// newReindenter returns a reindenter for a text of style (known reports a
// clear one), learning the number of spaces per tab from pairs of the
// text's lines (theirs) and the model's rendering of the same lines (ours),
// or else from the model's added lines; style.Width is the text's own width
// of one level of space indentation, or 0.
func newReindenter(style lang.Indent, known bool, theirs, ours, added []string) reindenter {
	r := reindenter{style: style, known: known, width: style.Width}
	for i := range theirs {
		t, o := lang.LeadingSpace(theirs[i]), lang.LeadingSpace(ours[i])
		tabs, spaces := t, o
		if known && !style.Tabs {
			tabs, spaces = o, t
		}
		if tabs != "" && strings.Trim(tabs, "\t") == "" && spaces != "" && strings.Trim(spaces, " ") == "" && len(spaces)%len(tabs) == 0 {
			r.width = len(spaces) / len(tabs)
			break
		}
	}
	if r.width == 0 {
		r.width = lang.NarrowestIndent(added)
	}
	return r
}

// fix rewrites the indentation of s when it uses only the other style.
// Indentation that mixes tabs and spaces stays as it is.
func (r reindenter) fix(s string) string {
	ws := lang.LeadingSpace(s)
	switch {
	case !r.known || ws == "" || len(ws) == len(s):
		return s
	case r.style.Tabs:
		return lang.ToTabs(ws, r.width) + s[len(ws):]
	case strings.Trim(ws, "\t") == "":
		return lang.ToSpaces(ws, r.width) + s[len(ws):]
	}
	return s
}
