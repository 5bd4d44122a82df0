package prompt

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// Windows are first sized in bytes from the token budget with a generous
// bytes-per-token bound, then shrunk in windowSteps steps until the Counter
// says they fit. Every function here looks only at the window it returns and
// the line it starts or ends on, never at the whole file.
const (
	maxBytesPerToken = 8
	windowSteps      = 16
	minStep          = 64
)

// lineStartAt returns the offset of the start of the line holding off.
func lineStartAt(text string, off int) int {
	return strings.LastIndexByte(text[:off], '\n') + 1
}

// lineEndAt returns the offset just past the line holding off, including
// its "\n" when it has one.
func lineEndAt(text string, off int) int {
	i := strings.IndexByte(text[off:], '\n')
	if i < 0 {
		return len(text)
	}
	return off + i + 1
}

// nextLineStart returns the first line start at or after off.
func nextLineStart(text string, off int) int {
	if off <= 0 {
		return 0
	}
	if text[off-1] == '\n' {
		return off
	}
	return lineEndAt(text, off)
}

// lastLineEnd returns the end of the last whole line of text[begin:hi].
func lastLineEnd(text string, begin, hi int) int {
	if hi >= len(text) {
		return len(text)
	}
	return begin + strings.LastIndexByte(text[begin:hi], '\n') + 1
}

func windowSpan(budget int) (span, step int) {
	span = budget * maxBytesPerToken
	return span, max(span/windowSteps, minStep)
}

// prefixStart returns where the prefix window ending at end (a line start)
// begins: a line start such that text[start:end] fits the budget.
//
// The candidate starts lie on a grid counted from the start of the file, a
// quarter of the budget apart (in bytes, rounded down to a power of two so
// the grid does not drift with the text). The window start therefore stays
// put while lines are added at its end, and jumps a grid step forward when
// the window outgrows its budget: typing one new line after another keeps
// the prompt's prefix byte-identical for about a quarter of the budget.
func prefixStart(text string, end, budget int, c Counter) int {
	if end == 0 || budget <= 0 {
		return end
	}
	sample := max(end-budget*maxBytesPerToken, 0)
	budgetBytes := budget * (end - sample) / max(c.Count(text[sample:end]), 1)
	step := max(floorPow2(budgetBytes/4), minStep)
	lo := max(end-2*budgetBytes, 0) / step * step
	candidate := func(k int) int { return min(nextLineStart(text, lo+k*step), end) }
	n := (end-lo)/step + 1
	k := sort.Search(n, func(k int) bool { return c.Count(text[candidate(k):end]) <= budget })
	if k == n {
		return end
	}
	return candidate(k)
}

// floorPow2 returns the largest power of two not above n (1 for n < 1).
func floorPow2(n int) int {
	p := 1
	for p*2 <= n {
		p *= 2
	}
	return p
}

// suffixEnd returns where the suffix window starting at begin (a line start)
// ends: a line end such that text[begin:end] fits the budget. Candidates are
// counted from begin, so the window holds the same lines while the user types
// on the line before it.
func suffixEnd(text string, begin, budget int, c Counter) int {
	if begin >= len(text) || budget <= 0 {
		return begin
	}
	span, step := windowSpan(budget)
	candidate := func(k int) int { return lastLineEnd(text, begin, begin+span-k*step) }
	n := span/step + 1
	k := sort.Search(n, func(k int) bool { return c.Count(text[begin:candidate(k)]) <= budget })
	if k == n {
		return begin
	}
	return candidate(k)
}

// linePrefixStart bounds the cursor line's text before the cursor to limit
// bytes. A longer line is cut at a point counted from the line start in
// quarter-limit steps, so the cut moves rarely while the user types.
func linePrefixStart(text string, lineStart, cursor, limit int) int {
	over := cursor - lineStart - limit
	if over <= 0 {
		return lineStart
	}
	step := max(limit/4, 1)
	s := lineStart + (over+step-1)/step*step
	for s < cursor && !utf8.RuneStart(text[s]) {
		s++
	}
	return s
}

// lineRestEnd bounds the cursor line's text after the cursor to limit bytes.
func lineRestEnd(text string, cursor, lineEnd, limit int) int {
	if lineEnd-cursor <= limit {
		return lineEnd
	}
	e := cursor + limit
	for e > cursor && !utf8.RuneStart(text[e]) {
		e--
	}
	return e
}

// Chunk cuts lines lines of text centred on the byte offset at (fewer where
// the text is shorter), for use as extra context (a region around a recent edit, the visible part of
// another buffer). It looks only at the lines it returns.
func Chunk(path, text string, at, lines int) File {
	at = min(max(at, 0), len(text))
	start, taken := lineStartAt(text, at), 1
	for ; taken <= lines/2 && start > 0; taken++ {
		start = lineStartAt(text, start-1)
	}
	end := lineEndAt(text, at)
	for ; taken < lines && end < len(text); taken++ {
		end = lineEndAt(text, end)
	}
	return File{Path: path, Text: text[start:end]}
}
