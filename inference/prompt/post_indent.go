package prompt

import (
	"strings"
)

// Indent is a file's indentation style.
type Indent struct {
	// Tabs reports indentation with tabs.
	Tabs bool
	// Width is the number of columns of one level: the tab width with Tabs,
	// the number of spaces without.
	Width int
}

const detectLines = 200

// DetectIndent guesses the indentation of the file from up to a few hundred
// lines around the byte offset at: tabs if more lines start with a tab than
// with spaces, otherwise spaces in the most common step between successive
// indentations. Without evidence it uses the language's convention.
func DetectIndent(text string, at int, lang string) Indent {
	at = min(max(at, 0), len(text))
	start := lineStartAt(text, at)
	for i := 0; i < detectLines/2 && start > 0; i++ {
		start = lineStartAt(text, start-1)
	}
	tabs, spaces := 0, 0
	steps := map[int]int{}
	prev := 0
	for off, i := start, 0; off < len(text) && i < detectLines; i++ {
		e := lineEndAt(text, off)
		line := text[off:e]
		off = e
		lead := leadingSpace(line)
		if rest := line[len(lead):]; rest == "" || rest[0] == '\n' || rest[0] == '\r' {
			continue
		}
		switch {
		case strings.HasPrefix(lead, "\t"):
			tabs++
		case lead != "":
			spaces++
		}
		if !strings.Contains(lead, "\t") {
			if d := len(lead) - prev; d > 0 && d <= 8 {
				steps[d]++
			}
			prev = len(lead)
		}
	}
	if tabs > spaces {
		return Indent{Tabs: true, Width: 4}
	}
	if spaces == 0 {
		return languageIndent(lang)
	}
	best, n := 4, 0
	for _, w := range []int{2, 4, 8, 3} {
		if steps[w] > n {
			best, n = w, steps[w]
		}
	}
	return Indent{Width: best}
}

func languageIndent(lang string) Indent {
	switch lang {
	case "go", "makefile":
		return Indent{Tabs: true, Width: 4}
	case "javascript", "javascriptreact", "typescript", "typescriptreact", "json", "jsonc",
		"yaml", "ruby", "lua", "html", "css", "elixir":
		return Indent{Width: 2}
	}
	return Indent{Width: 4}
}

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
	unit := spaceUnit(lines)
	for i, l := range lines {
		if i == 0 && !isBlank(st.linePrefix) {
			continue
		}
		lead := leadingSpace(l)
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
	n := st.cols(leadingSpace(st.prevLine))
	if DecideMode(st.lang, st.prevLine, "") == ModeMultiLine {
		n += st.indent.Width
	}
	return n
}

// restyle rewrites leading whitespace in the file's style: indentation made
// of spaces becomes tabs (unit spaces a level, a remainder kept as
// alignment) in a tab file, and tabs become Width spaces in a space file.
// Spaces after tabs are alignment and stay.
func (st site) restyle(lead string, unit int) string {
	tabs := strings.Count(lead, "\t")
	sp := len(lead) - tabs
	switch {
	case st.indent.Tabs && tabs == 0 && sp >= unit:
		return strings.Repeat("\t", sp/unit) + strings.Repeat(" ", sp%unit)
	case !st.indent.Tabs && tabs > 0:
		return strings.Repeat(" ", tabs*st.indent.Width+sp)
	}
	return lead
}

// spaceUnit guesses the spaces per level a suggestion uses: the greatest
// common divisor of its space-only indentations, read as 4 unless it is 2
// or 3.
func spaceUnit(lines []string) int {
	g := 0
	for _, l := range lines {
		lead := leadingSpace(l)
		if lead == "" || strings.Contains(lead, "\t") || isBlank(l) {
			continue
		}
		g = gcd(g, len(lead))
	}
	if g == 2 || g == 3 {
		return g
	}
	return 4
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}
