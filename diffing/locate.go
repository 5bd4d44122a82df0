package diffing

import (
	"fmt"
	"strings"
)

// MatchMode says how a hunk was found in the text.
type MatchMode int

const (
	// MatchExact: the old lines are at the line the hunk states.
	MatchExact MatchMode = iota + 1
	// MatchDrifted: the old lines are exact, but at another line than the
	// hunk states, or the hunk states none.
	MatchDrifted
	// MatchTrailingSpace: the old lines match once trailing spaces are
	// ignored.
	MatchTrailingSpace
	// MatchLooseSpace: the old lines match once all runs of spaces and tabs
	// count alike, indentation included.
	MatchLooseSpace
)

func (m MatchMode) String() string {
	switch m {
	case MatchExact:
		return "exact"
	case MatchDrifted:
		return "drifted"
	case MatchTrailingSpace:
		return "trailing-space"
	case MatchLooseSpace:
		return "loose-space"
	}
	return fmt.Sprintf("MatchMode(%d)", int(m))
}

// DefaultAmbiguityWindow is the default number of lines around a hunk's
// expected position within which a unique match settles an ambiguity.
const DefaultAmbiguityWindow = 10

// maxCandidates bounds the matches a search collects.
const maxCandidates = 16

// levels of line comparison, from strict to tolerant.
const (
	levelExact = iota
	levelTrailing
	levelLoose
	numLevels
)

// document is a text split into lines, with the lines normalised per level
// on first use.
type document struct {
	text  string
	lines []line
	norm  [numLevels][]string
}

func newDocument(text string) *document {
	return &document{text: text, lines: indexLines(text)}
}

// normLine normalises one line's content for comparison at level.
func normLine(level int, s string) string {
	switch level {
	case levelTrailing:
		return strings.TrimRight(s, " \t\r")
	case levelLoose:
		return strings.Join(strings.Fields(s), " ")
	}
	return s
}

// normalised returns the document's lines normalised for level.
func (d *document) normalised(level int) []string {
	if d.norm[level] == nil {
		n := make([]string, len(d.lines))
		for i, l := range d.lines {
			n[i] = normLine(level, d.text[l.start:l.end])
		}
		d.norm[level] = n
	}
	return d.norm[level]
}

// matchAt reports whether old, normalised for level, occurs at line p.
func (d *document) matchAt(old []string, level, p int) bool {
	lines := d.normalised(level)
	if p < 0 || p+len(old) > len(lines) {
		return false
	}
	for i, o := range old {
		if lines[p+i] != o {
			return false
		}
	}
	return true
}

// find returns up to maxCandidates lines at which old occurs at level.
func (d *document) find(old []string, level int) []int {
	var found []int
	for p := 0; p+len(old) <= len(d.lines) && len(found) < maxCandidates; p++ {
		if d.matchAt(old, level, p) {
			found = append(found, p)
		}
	}
	return found
}

// locateError is why a hunk could not be placed.
type locateError struct {
	reason error
	detail string
}

// locate returns the 0-based line at which a hunk with the given old lines
// applies. stated is the line the hunk names (-1 when it names none) and
// expected is stated corrected by the drift of earlier hunks. It tries the
// levels in turn; at each, a match at the stated or expected line wins, then
// a unique match, then the only match within window lines of expected.
func (d *document) locate(old []string, stated, expected, window int) (int, MatchMode, *locateError) {
	if len(old) == 0 {
		if stated < 0 {
			return 0, 0, &locateError{ErrNoMatch, "no context lines and no line number"}
		}
		if expected < 0 || expected > len(d.lines) {
			return 0, 0, &locateError{ErrNoMatch, fmt.Sprintf("line %d is past the end", expected)}
		}
		return expected, driftMode(stated, expected), nil
	}
	for level := range numLevels {
		norm := make([]string, len(old))
		for i, o := range old {
			norm[i] = normLine(level, o)
		}
		for _, p := range []int{stated, expected} {
			if p >= 0 && d.matchAt(norm, level, p) {
				return p, levelMode(level, stated, p), nil
			}
		}
		found := d.find(norm, level)
		switch {
		case len(found) == 1:
			return found[0], levelMode(level, stated, found[0]), nil
		case len(found) > 1:
			if p, ok := nearest(found, expected, window); stated >= 0 && ok {
				return p, levelMode(level, stated, p), nil
			}
			return 0, 0, &locateError{ErrAmbiguous, "matches at lines " + lineList(found)}
		}
	}
	return 0, 0, &locateError{ErrNoMatch, ""}
}

// nearest returns the only candidate within window lines of expected.
func nearest(found []int, expected, window int) (int, bool) {
	var near []int
	for _, p := range found {
		if p >= expected-window && p <= expected+window {
			near = append(near, p)
		}
	}
	if len(near) != 1 {
		return 0, false
	}
	return near[0], true
}

func levelMode(level, stated, p int) MatchMode {
	switch level {
	case levelTrailing:
		return MatchTrailingSpace
	case levelLoose:
		return MatchLooseSpace
	}
	return driftMode(stated, p)
}

func driftMode(stated, p int) MatchMode {
	if p == stated {
		return MatchExact
	}
	return MatchDrifted
}

// lineList formats 0-based line indices as 1-based line numbers.
func lineList(ps []int) string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = fmt.Sprint(p + 1)
	}
	if len(ps) == maxCandidates {
		s = append(s, "...")
	}
	return strings.Join(s, ", ")
}
