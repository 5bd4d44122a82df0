package edit

import (
	"fmt"
	"sort"
	"strings"

	"github.com/lspilot/lspilot/diffing/lang"
)

// lineIndex holds where the lines of a text start.
type lineIndex struct {
	text   string
	starts []int // starts[i] is the offset of line i; the last may be len(text)
}

func newLineIndex(text string) lineIndex {
	starts := make([]int, 1, strings.Count(text, "\n")+1)
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' {
			starts = append(starts, i+1)
		}
	}
	return lineIndex{text: text, starts: starts}
}

// count returns the number of lines; a final line end starts no line.
func (l lineIndex) count() int {
	n := len(l.starts)
	if n > 1 && l.starts[n-1] == len(l.text) {
		n--
	}
	return n
}

// lineOf returns the line holding offset off.
func (l lineIndex) lineOf(off int) int {
	return sort.Search(len(l.starts), func(i int) bool { return l.starts[i] > off }) - 1
}

// start returns the offset of line i.
func (l lineIndex) start(i int) int {
	return l.starts[min(i, len(l.starts)-1)]
}

// end returns the offset just past line i and its line end.
func (l lineIndex) end(i int) int {
	if i+1 < len(l.starts) {
		return l.starts[i+1]
	}
	return len(l.text)
}

// line returns line i without its line end.
func (l lineIndex) line(i int) string {
	return strings.TrimRight(l.text[l.start(i):l.end(i)], "\r\n")
}

// span is a range of whole lines, first to last inclusive.
type span struct{ first, last int }

// linesOf returns the lines the selection [start, end) touches; a selection
// that ends at a line start does not touch that line.
func (l lineIndex) linesOf(start, end int) span {
	first, last := l.lineOf(start), l.lineOf(end)
	if end > start && end == l.start(last) {
		last--
	}
	return span{first, max(first, last)}
}

// offsets returns the byte range of s, line ends included.
func (l lineIndex) offsets(s span) (int, int) {
	return l.start(s.first), l.end(s.last)
}

// describe names s for people, 1-based.
func (s span) describe() string {
	if s.first == s.last {
		return fmt.Sprintf("line %d", s.first+1)
	}
	return fmt.Sprintf("lines %d–%d", s.first+1, s.last+1)
}

// window widens s by whole lines on both sides while the shown text stays
// within budget bytes; s itself is always shown.
func (l lineIndex) window(s span, budget int) span {
	a, b := l.offsets(s)
	left := budget - (b - a)
	w := s
	grow := func(share int) {
		for w.first > 0 && l.start(w.first)-l.start(w.first-1) <= share {
			share -= l.start(w.first) - l.start(w.first-1)
			left -= l.start(w.first) - l.start(w.first-1)
			w.first--
		}
	}
	grow(left / 2)
	for w.last+1 < l.count() && l.end(w.last+1)-l.end(w.last) <= left {
		left -= l.end(w.last+1) - l.end(w.last)
		w.last++
	}
	grow(left)
	return w
}

// showFile renders the lines w of the document as a fenced block, saying
// which lines they are.
func showFile(l lineIndex, w span, path, language string) string {
	a, b := l.offsets(w)
	var sb strings.Builder
	fmt.Fprintf(&sb, "%s", describe(path))
	if language != "" {
		fmt.Fprintf(&sb, " (%s)", language)
	}
	if w.first == 0 && w.last == l.count()-1 {
		fmt.Fprintf(&sb, ", all %d lines:\n", l.count())
	} else {
		fmt.Fprintf(&sb, ", %s of %d:\n", w.describe(), l.count())
	}
	sb.WriteString(codeBlock(language, l.text[a:b]))
	return sb.String()
}

// codeBlock fences text for the prompt with LF line ends, using a fence
// longer than any run of backticks in it.
func codeBlock(language, text string) string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	return lang.FenceFor(lang.Tag(language), text).Wrap(text) + "\n"
}
