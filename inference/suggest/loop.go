package suggest

import (
	"strings"

	"github.com/lspilot/lspilot/diffing/lang"
)

// Bounds of loop detection. A model that falls into a loop repeats a few
// tokens, or a few lines, until a bound stops it; what it wrote before the
// loop may be worth showing, the loop never is.
const (
	loopMaxUnit    = 32 // longest repeated unit within a line, in bytes
	loopMinBytes   = 48 // shortest looping tail of a line
	loopMinRepeats = 4  // fewest copies of the unit in that tail
	loopMaxBlock   = 8  // longest repeated block of lines
	loopMinCopies  = 3  // fewest copies of a block that make a loop
)

// bound bounds the raw text and drops junk (sanitize), then cuts it at the
// first stop or control token. Output with no such token and no final line
// break never ended: when its last line loops, that line goes.
func bound(raw string, stop []string, limit int) string {
	s := sanitize(raw, limit)
	if cut := cutAtTokens(s, stop); cut != s {
		return cut
	}
	return cutRunaway(s)
}

// cutRunaway drops the unfinished last line of s when it ends in a loop.
func cutRunaway(s string) string {
	nl := strings.LastIndexByte(s, '\n')
	if loops(s[nl+1:]) {
		return s[:nl+1]
	}
	return s
}

// loops reports whether line ends by repeating a unit of 2 to loopMaxUnit
// bytes with a letter or digit in it, loopMinRepeats times or more over
// loopMinBytes or more, the last copy possibly cut short: "0.0, 0.0, 0.0,
// ..." until the bound. Runs of one character ("-----", "0xFFFFFFFF") and
// of punctuation are no loop.
func loops(line string) bool {
	for u := 2; u <= loopMaxUnit && 2*u <= len(line); u++ {
		i := len(line) - 1
		for i >= u && line[i] == line[i-u] {
			i--
		}
		start := i + 1 - u
		span := len(line) - start
		unit := line[start : start+u]
		if span >= loopMinBytes && span/u >= loopMinRepeats && hasWord(unit) &&
			strings.Count(unit, unit[:1]) != u {
			return true
		}
	}
	return false
}

// collapseLoops cuts a multi-line suggestion that ends by repeating a block
// of up to loopMaxBlock lines loopMinCopies times or more (the last copy
// possibly cut short) down to the block's first copy. The first line is
// compared with the cursor's indentation in front of it, as the model wrote
// it from there.
func collapseLoops(s string, st site) string {
	lines := strings.Split(s, "\n")
	cmp := append([]string(nil), lines...)
	if isBlank(st.linePrefix) {
		lead := lang.LeadingSpace(cmp[0])
		if st.redundantIndent() {
			lead = ""
		}
		cmp[0] = st.linePrefix + lead + cmp[0][len(lang.LeadingSpace(cmp[0])):]
	}
	for p := 1; p <= loopMaxBlock && loopMinCopies*p <= len(cmp); p++ {
		m := len(cmp)
		if last := cmp[m-1]; last != cmp[m-1-p] && strings.HasPrefix(cmp[m-1-p], last) {
			m--
		}
		i := m - 1
		for i-p >= 0 && cmp[i] == cmp[i-p] {
			i--
		}
		start := i + 1 - p
		if (m-start)/p >= loopMinCopies && hasWord(strings.Join(cmp[start:start+p], "\n")) {
			return strings.Join(lines[:start+p], "\n")
		}
	}
	return s
}
