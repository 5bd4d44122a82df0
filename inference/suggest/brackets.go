package suggest

import (
	"strings"

	"github.com/lspilot/lspilot/diffing/lang"
)

// closedAfter counts the brackets open before the cursor that the document
// closes after it: closers on the rest of the cursor line, and in multi-line
// mode the closer that starts the next line at the cursor line's indentation.
func closedAfter(st site, open []byte) int {
	lx := lang.NewLexer(st.syntax)
	depth, n := 0, 0
	for i := 0; i < len(st.lineRest); {
		k, code := lx.Next(st.lineRest, i)
		c := st.lineRest[i]
		switch {
		case !code:
		case lang.Closer(c) != 0:
			depth++
		case lang.Opener(c) != 0 && depth > 0:
			depth--
		case lang.Opener(c) != 0:
			n++
		}
		i += k
	}
	if st.mode == ModeMultiLine && n < len(open) {
		next := firstNonBlank(st.after)
		if lang.LeadingSpace(next) == st.lineIndent && strings.HasPrefix(strings.TrimLeft(next, " \t"),
			string(lang.Closer(open[len(open)-1-n]))) {
			n++
		}
	}
	return n
}

// unclosedAbove returns the brackets left open by the line above an empty
// cursor line when that line ends by opening a block the document does not
// close: nothing follows, or the next non-blank line is no deeper than the
// opening line and does not start with the closer. This is a block typed
// without an editor that inserts closers, often at the end of a file; the
// suggestion may then close it.
func unclosedAbove(st site) []byte {
	if !isBlank(st.linePrefix) || !isBlank(st.lineRest) || st.prevLine == "" {
		return nil
	}
	open, ok := lang.OpenBrackets(st.syntax, st.prevLine)
	p := strings.TrimRight(st.prevLine, " \t")
	if !ok || len(open) == 0 || p[len(p)-1] != open[len(open)-1] {
		return nil
	}
	next := firstNonBlank(st.after)
	if next != "" && (st.cols(lang.LeadingSpace(next)) > st.cols(lang.LeadingSpace(st.prevLine)) ||
		strings.HasPrefix(strings.TrimLeft(next, " \t"), string(lang.Closer(open[len(open)-1])))) {
		return nil
	}
	return open
}

// closesUnclosed reports whether line closes the block that unclosedAbove
// found: closers only, at the opening line's indentation.
func (st site) closesUnclosed(line string) bool {
	t := strings.TrimLeft(line, " \t")
	return len(st.unclosed) > 0 && onlyClosers(t) && t != "" &&
		t[0] == lang.Closer(st.unclosed[len(st.unclosed)-1]) &&
		st.cols(lang.LeadingSpace(line)) == st.cols(lang.LeadingSpace(st.prevLine))
}

// balance keeps the suggestion's brackets consistent with the document. It
// cuts the suggestion at a closer that matches nothing, at a closer of the
// wrong kind, and at a closer of a bracket opened before the cursor that the
// document already closes after it (the model writes "x)" where ")" follows).
// On an empty line below a block the document leaves open (unclosedAbove),
// the suggestion may close that block. A single-line suggestion at the end
// of its line that leaves brackets open gets them closed; a multi-line one
// is cut back to its last balanced line.
func balance(s string, st site) string {
	open, ok := lang.OpenBrackets(st.syntax, st.linePrefix)
	if !ok || s == "" {
		return s
	}
	closed := closedAfter(st, open)
	if len(st.unclosed) > 0 {
		open, closed = st.unclosed, 0
	}
	lx := lang.NewLexer(st.syntax)
	var own []byte
	top, lastBalanced := len(open), -1
	for i := 0; i < len(s); {
		n, code := lx.Next(s, i)
		c := s[i]
		switch {
		case !code:
		case lang.Closer(c) != 0:
			own = append(own, c)
		case lang.Opener(c) != 0 && len(own) > 0:
			if own[len(own)-1] != lang.Opener(c) {
				return cutAt(s, i)
			}
			own = own[:len(own)-1]
		case lang.Opener(c) != 0:
			if top == 0 || open[top-1] != lang.Opener(c) || top <= closed {
				return cutAt(s, i)
			}
			top--
		}
		if c == '\n' && len(own) == 0 {
			lastBalanced = i
		}
		i += n
	}
	switch {
	case len(own) == 0:
		return s
	case strings.Contains(s, "\n"):
		if lastBalanced > 0 {
			return cutAt(s, lastBalanced)
		}
		return s
	case isBlank(st.lineRest) && lx.InCode() && !endsWithOpener(s):
		for i := len(own) - 1; i >= 0; i-- {
			s += string(lang.Closer(own[i]))
		}
	}
	return s
}

// endsWithOpener reports a suggestion that ends by opening a bracket: the
// block goes on below, so its closer is not for this line.
func endsWithOpener(s string) bool {
	t := strings.TrimRight(s, " \t")
	return t != "" && lang.Closer(t[len(t)-1]) != 0
}

// cutAt cuts s before i and drops the whitespace left at the end.
func cutAt(s string, i int) string {
	return strings.TrimRight(s[:i], " \t\n")
}
