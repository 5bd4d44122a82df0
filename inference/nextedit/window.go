package nextedit

import "strings"

// window is where a suggestion may change the document: the editable
// region around the cursor, and the excerpt around it shown for context.
// All are byte offsets of the document at line starts (or its end).
type window struct {
	excerptStart, regionStart, regionEnd, excerptEnd int
	// firstLine and lines are the region's first line and line count.
	firstLine, lines int
}

// cut returns the window of text around cursor: before and after lines of
// region around the cursor line, and context lines of excerpt around that.
func cut(text string, cursor, before, after, context int) window {
	starts := lineStarts(text)
	line := strings.Count(text[:cursor], "\n")
	at := func(l int) int {
		if l >= len(starts) {
			return len(text)
		}
		return starts[max(0, l)]
	}
	first, last := max(0, line-before), min(len(starts)-1, line+after)
	return window{
		excerptStart: at(first - context), regionStart: at(first),
		regionEnd: at(last + 1), excerptEnd: at(last + 1 + context),
		firstLine: first, lines: last - first + 1,
	}
}

// lineStarts returns the offset of every line of text; a final newline
// starts no line.
func lineStarts(text string) []int {
	starts := []int{0}
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' && i+1 < len(text) {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// sameLines returns the lines of original that stand where lines
// [first, first+n) of current stand, assuming the lines in between the two
// texts' differences moved by their line count difference: the region as it
// was before the change being typed.
func sameLines(original, current string, first, n int) string {
	if original == current {
		return ""
	}
	lines := strings.SplitAfter(original, "\n")
	delta := strings.Count(original, "\n") - strings.Count(current, "\n")
	lo := min(first, len(lines))
	hi := min(len(lines), max(lo, first+n+delta))
	return strings.Join(lines[lo:hi], "")
}
