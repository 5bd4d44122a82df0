package suggest

import "strings"

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
