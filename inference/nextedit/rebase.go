package nextedit

import (
	"strings"
	"unicode/utf8"

	"github.com/lspilot/lspilot/diffing"
)

// rebaseState says what became of an offer once the document changed.
type rebaseState int

const (
	rebaseStale rebaseState = iota // the user changed something else
	rebaseOK                       // the rest of the edit still applies
	rebaseDone                     // the user typed the whole edit
)

// rebase returns what remains of o once the user changed o.text into text:
// the same edit when the text did not change, and the rest of it when the
// user typed its beginning, at its start, into the range it replaces.
func rebase(o *offer, text string) (diffing.Edit, rebaseState) {
	if text == o.text {
		return diffing.Edit{Start: o.start, End: o.end, New: o.new}, rebaseOK
	}
	// The user's change as one replacement of o.text[p:q] by text[p:r].
	p := commonPrefix(o.text, text)
	s := commonSuffix(o.text[p:], text[p:])
	q, r := len(o.text)-s, len(text)-s
	if p < o.start || q > o.end {
		return diffing.Edit{}, rebaseStale
	}
	typed := text[o.start:r]
	if !strings.HasPrefix(o.new, typed) {
		return diffing.Edit{}, rebaseStale
	}
	e := diffing.Edit{Start: r, End: o.end + len(text) - len(o.text), New: o.new[len(typed):]}
	e = trim(text, e)
	if e.Start == e.End && e.New == "" {
		return diffing.Edit{}, rebaseDone
	}
	return e, rebaseOK
}

// trim drops from e what text already holds at its ends.
func trim(text string, e diffing.Edit) diffing.Edit {
	old := text[e.Start:e.End]
	n := commonPrefix(old, e.New)
	e.Start, old, e.New = e.Start+n, old[n:], e.New[n:]
	m := commonSuffix(old, e.New)
	e.End, e.New = e.End-m, e.New[:len(e.New)-m]
	return e
}

// commonSuffix returns the length of the longest common suffix of a and b
// that starts with a rune.
func commonSuffix(a, b string) int {
	n := 0
	for n < min(len(a), len(b)) && a[len(a)-1-n] == b[len(b)-1-n] {
		n++
	}
	for n > 0 && !utf8.RuneStart(a[len(a)-n]) {
		n--
	}
	return n
}
