package lang

import "strings"

// Indent is a file's indentation style.
type Indent struct {
	// Tabs reports indentation with tabs.
	Tabs bool
	// Width is the number of columns of one level: the tab width with Tabs,
	// the number of spaces without; 0 when unknown.
	Width int
}

// detectLines is how many lines around the cursor DetectIndent reads.
const detectLines = 200

// DetectIndent guesses the indentation of text from up to a few hundred
// lines around the byte offset at, for a suggestion there: tabs if more
// lines start with a tab than with spaces, otherwise spaces in the most
// common step between successive indentations. Without evidence it uses the
// convention of language id.
func DetectIndent(text string, at int, id string) Indent {
	at = min(max(at, 0), len(text))
	start := lineStart(text, at)
	for i := 0; i < detectLines/2 && start > 0; i++ {
		start = lineStart(text, start-1)
	}
	tabLines, spaceLines := 0, 0
	steps := map[int]int{}
	prev := 0
	for off, i := start, 0; off < len(text) && i < detectLines; i++ {
		e := lineEnd(text, off)
		line := text[off:e]
		off = e
		lead := LeadingSpace(line)
		if rest := line[len(lead):]; rest == "" || rest[0] == '\n' || rest[0] == '\r' {
			continue
		}
		switch {
		case strings.HasPrefix(lead, "\t"):
			tabLines++
		case lead != "":
			spaceLines++
		}
		if !strings.Contains(lead, "\t") {
			if d := len(lead) - prev; d > 0 && d <= 8 {
				steps[d]++
			}
			prev = len(lead)
		}
	}
	if tabLines > spaceLines {
		return Indent{Tabs: true, Width: 4}
	}
	if spaceLines == 0 {
		return Lookup(id).Indent
	}
	best, n := 4, 0
	for _, w := range []int{2, 4, 8, 3} {
		if steps[w] > n {
			best, n = w, steps[w]
		}
	}
	return Indent{Width: best}
}

// DominantIndent returns the indentation most lines of a whole text use, for
// checking an edit against it, and false when no style dominates. One style
// dominates when it indents at least twice as many lines as the other; tabs
// come with Width 0, spaces with a Width of 2 when a fifth of the space
// lines sit at an odd multiple of two, else 4. Lines indented by one space,
// as in the middle of C block comments, do not count.
func DominantIndent(text string) (Indent, bool) {
	var tabLines, spaceLines, twos int
	for _, l := range strings.Split(text, "\n") {
		ws := LeadingSpace(l)
		if ws == "" || len(ws) == len(l) {
			continue
		}
		switch {
		case ws[0] == '\t':
			tabLines++
		case len(ws) >= 2 && !strings.Contains(ws, "\t"):
			spaceLines++
			if len(ws)%4 == 2 {
				twos++
			}
		}
	}
	switch {
	case tabLines > 0 && tabLines >= 2*spaceLines:
		return Indent{Tabs: true}, true
	case spaceLines > 0 && spaceLines >= 2*tabLines:
		if twos*5 >= spaceLines {
			return Indent{Width: 2}, true
		}
		return Indent{Width: 4}, true
	}
	return Indent{}, false
}

// SpaceUnit guesses the spaces per level that lines of a suggestion use:
// the greatest common divisor of their space-only indentations, read as 4
// unless it is 2 or 3.
func SpaceUnit(lines []string) int {
	g := 0
	for _, l := range lines {
		lead := LeadingSpace(l)
		if lead == "" || strings.Contains(lead, "\t") || strings.TrimSpace(l) == "" {
			continue
		}
		g = gcd(g, len(lead))
	}
	if g == 2 || g == 3 {
		return g
	}
	return 4
}

// NarrowestIndent returns the smallest indentation by 2, 4 or 8 spaces among
// lines, or 4: the spaces per level of lines a model added to a diff.
func NarrowestIndent(lines []string) int {
	width := 0
	for _, l := range lines {
		ws := LeadingSpace(l)
		if n := len(ws); (n == 2 || n == 4 || n == 8) && strings.Trim(ws, " ") == "" && (width == 0 || n < width) {
			width = n
		}
	}
	if width == 0 {
		return 4
	}
	return width
}

// ToTabs rewrites indentation made of spaces only, unit spaces a level, as
// tabs; a remainder stays as alignment. Other indentation, and less than
// one level, is returned as it is.
func ToTabs(lead string, unit int) string {
	if unit <= 0 || len(lead) < unit || strings.Trim(lead, " ") != "" {
		return lead
	}
	return strings.Repeat("\t", len(lead)/unit) + strings.Repeat(" ", len(lead)%unit)
}

// ToSpaces rewrites indentation holding tabs as spaces, width a tab; spaces
// among the tabs stay. Indentation without tabs is returned as it is.
func ToSpaces(lead string, width int) string {
	n := strings.Count(lead, "\t")
	if n == 0 {
		return lead
	}
	return strings.Repeat(" ", n*width+len(lead)-n)
}

// LeadingSpace returns the spaces and tabs that start s.
func LeadingSpace(s string) string {
	i := 0
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return s[:i]
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// lineStart returns the offset of the start of the line holding off.
func lineStart(text string, off int) int {
	return strings.LastIndexByte(text[:off], '\n') + 1
}

// lineEnd returns the offset just past the line holding off, including its
// "\n" when it has one.
func lineEnd(text string, off int) int {
	i := strings.IndexByte(text[off:], '\n')
	if i < 0 {
		return len(text)
	}
	return off + i + 1
}
