package prompt

import "strings"

// lexer tells code from strings and comments, well enough to count brackets:
// it knows the quotes of most languages, line comments and C block comments.
type lexer struct {
	comment string // line-comment opener, "" if none usable
	block   bool   // the language has /* */ comments
	apos    byte   // how "'" behaves: 's' string, 'c' Rust char, 0 not a quote
	quote   byte   // the quote of the string being read, 0 outside strings
	inLine  bool   // inside a line comment
	inBlock bool   // inside a block comment
}

func newLexer(lang string) *lexer {
	lx := &lexer{comment: lineComment(lang), apos: 's'}
	if lx.comment == "\"" {
		lx.comment = ""
	}
	lx.block = lx.comment == "//" || lang == "css"
	switch lang {
	case "rust":
		lx.apos = 'c'
	case "lisp", "commonlisp", "clojure", "scheme", "racket", "elisp", "fennel", "ocaml", "haskell":
		lx.apos = 0
	}
	return lx
}

// next reads the token at s[i] and returns its length and whether it is
// code, that is not inside a string or a comment.
func (lx *lexer) next(s string, i int) (int, bool) {
	c := s[i]
	switch {
	case lx.inLine:
		lx.inLine = c != '\n'
		return 1, false
	case lx.inBlock:
		if strings.HasPrefix(s[i:], "*/") {
			lx.inBlock = false
			return 2, false
		}
		return 1, false
	case lx.quote != 0:
		switch {
		case c == '\\':
			return min(2, len(s)-i), false
		case c == lx.quote, c == '\n' && lx.quote != '`':
			lx.quote = 0
		}
		return 1, false
	case lx.comment != "" && strings.HasPrefix(s[i:], lx.comment):
		lx.inLine = true
		return len(lx.comment), false
	case lx.block && strings.HasPrefix(s[i:], "/*"):
		lx.inBlock = true
		return 2, false
	case c == '"' || c == '`':
		lx.quote = c
		return 1, false
	case c == '\'' && lx.opensChar(s, i):
		lx.quote = c
		return 1, false
	}
	return 1, true
}

// opensChar reports whether the "'" at s[i] starts a string or character
// literal rather than a Rust lifetime or a Lisp quote.
func (lx *lexer) opensChar(s string, i int) bool {
	switch lx.apos {
	case 's':
		return true
	case 'c':
		return strings.HasPrefix(s[i+1:], "\\") || strings.IndexByte(s[i+1:min(len(s), i+6)], '\'') > 0
	}
	return false
}

// inCode reports whether the lexer stands in code after what it read.
func (lx *lexer) inCode() bool { return lx.quote == 0 && !lx.inLine && !lx.inBlock }

var pairOf = map[byte]byte{')': '(', ']': '[', '}': '{'}
var closerOf = map[byte]byte{'(': ')', '[': ']', '{': '}'}

// openers returns the brackets left open by the cursor line's text before
// the cursor, and false when the cursor stands in a string or comment.
func openers(prefix, lang string) ([]byte, bool) {
	lx := newLexer(lang)
	var stack []byte
	for i := 0; i < len(prefix); {
		n, code := lx.next(prefix, i)
		c := prefix[i]
		switch {
		case !code:
		case closerOf[c] != 0:
			stack = append(stack, c)
		case pairOf[c] != 0 && len(stack) > 0 && stack[len(stack)-1] == pairOf[c]:
			stack = stack[:len(stack)-1]
		}
		i += n
	}
	return stack, lx.inCode()
}

// closedAfter counts the brackets open before the cursor that the document
// closes after it: closers on the rest of the cursor line, and in multi-line
// mode the closer that starts the next line at the cursor line's indentation.
func closedAfter(st site, open []byte) int {
	lx := newLexer(st.lang)
	depth, n := 0, 0
	for i := 0; i < len(st.lineRest); {
		k, code := lx.next(st.lineRest, i)
		c := st.lineRest[i]
		switch {
		case !code:
		case closerOf[c] != 0:
			depth++
		case pairOf[c] != 0 && depth > 0:
			depth--
		case pairOf[c] != 0:
			n++
		}
		i += k
	}
	if st.mode == ModeMultiLine && n < len(open) {
		next := firstNonBlank(st.after)
		if leadingSpace(next) == st.lineIndent && strings.HasPrefix(strings.TrimLeft(next, " \t"),
			string(closerOf[open[len(open)-1-n]])) {
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
	open, ok := openers(st.prevLine, st.lang)
	p := strings.TrimRight(st.prevLine, " \t")
	if !ok || len(open) == 0 || p[len(p)-1] != open[len(open)-1] {
		return nil
	}
	next := firstNonBlank(st.after)
	if next != "" && (st.cols(leadingSpace(next)) > st.cols(leadingSpace(st.prevLine)) ||
		strings.HasPrefix(strings.TrimLeft(next, " \t"), string(closerOf[open[len(open)-1]]))) {
		return nil
	}
	return open
}

// closesUnclosed reports whether line closes the block that unclosedAbove
// found: closers only, at the opening line's indentation.
func (st site) closesUnclosed(line string) bool {
	t := strings.TrimLeft(line, " \t")
	return len(st.unclosed) > 0 && onlyClosers(t) && t != "" &&
		t[0] == closerOf[st.unclosed[len(st.unclosed)-1]] &&
		st.cols(leadingSpace(line)) == st.cols(leadingSpace(st.prevLine))
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
	open, ok := openers(st.linePrefix, st.lang)
	if !ok || s == "" {
		return s
	}
	closed := closedAfter(st, open)
	if len(st.unclosed) > 0 {
		open, closed = st.unclosed, 0
	}
	lx := newLexer(st.lang)
	var own []byte
	top, lastBalanced := len(open), -1
	for i := 0; i < len(s); {
		n, code := lx.next(s, i)
		c := s[i]
		switch {
		case !code:
		case closerOf[c] != 0:
			own = append(own, c)
		case pairOf[c] != 0 && len(own) > 0:
			if own[len(own)-1] != pairOf[c] {
				return cutAt(s, i)
			}
			own = own[:len(own)-1]
		case pairOf[c] != 0:
			if top == 0 || open[top-1] != pairOf[c] || top <= closed {
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
	case isBlank(st.lineRest) && lx.inCode() && !endsWithOpener(s):
		for i := len(own) - 1; i >= 0; i-- {
			s += string(closerOf[own[i]])
		}
	}
	return s
}

// endsWithOpener reports a suggestion that ends by opening a bracket: the
// block goes on below, so its closer is not for this line.
func endsWithOpener(s string) bool {
	t := strings.TrimRight(s, " \t")
	return t != "" && closerOf[t[len(t)-1]] != 0
}

// cutAt cuts s before i and drops the whitespace left at the end.
func cutAt(s string, i int) string {
	return strings.TrimRight(s[:i], " \t\n")
}
