package suggest

import (
	"strings"

	"github.com/lspilot/lspilot/diffing/lang"
)

// cols returns the columns that leading whitespace takes, a tab counting as
// one indentation level of the file.
func (st site) cols(lead string) int {
	n := 0
	for i := 0; i < len(lead); i++ {
		if lead[i] == '\t' {
			n += st.indent.Width
		} else {
			n++
		}
	}
	return n
}

// fixIndent puts the suggestion in the file's indentation style. It drops
// leading whitespace from the first line when the cursor already stands at
// the indentation the line needs (models often indent again what the editor
// indented), and converts the other lines between tabs and spaces, keeping
// their levels.
func fixIndent(s string, st site) string {
	lines := strings.Split(s, "\n")
	if st.redundantIndent() {
		lines[0] = strings.TrimLeft(lines[0], " \t")
	}
	unit := lang.SpaceUnit(lines)
	for i, l := range lines {
		if i == 0 && !isBlank(st.linePrefix) {
			continue
		}
		lead := lang.LeadingSpace(l)
		lines[i] = st.restyle(lead, unit) + l[len(lead):]
	}
	return strings.Join(lines, "\n")
}

// redundantIndent reports whether leading whitespace on a suggestion's first
// line would indent it twice: the cursor line is blank up to the cursor and
// already stands at the indentation the line needs.
func (st site) redundantIndent() bool {
	return isBlank(st.linePrefix) && st.linePrefix != "" && st.cols(st.linePrefix) >= st.expectedCols()
}

// expectedCols is the indentation the cursor line needs: that of the line
// above, one level deeper after a block opener.
func (st site) expectedCols() int {
	n := st.cols(lang.LeadingSpace(st.prevLine))
	if DecideMode(st.language, st.prevLine, "") == ModeMultiLine {
		n += st.indent.Width
	}
	return n
}

// restyle rewrites leading whitespace in the file's style: indentation made
// of spaces becomes tabs (unit spaces a level, a remainder kept as
// alignment) in a tab file, and tabs become Width spaces in a space file.
// Spaces after tabs are alignment and stay.
func (st site) restyle(lead string, unit int) string {
	if st.indent.Tabs {
		return lang.ToTabs(lead, unit)
	}
	return lang.ToSpaces(lead, st.indent.Width)
}
