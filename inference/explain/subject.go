package explain

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// subject is what an explanation is about: a span of the text and its name.
type subject struct {
	start, end int
	name       string // the symbol, or "" for a selection
	line       int    // zero-based line of start
}

// subjectOf finds the subject of req: its selection, or the symbol at its
// cursor with the qualifiers before it (fmt.Println). It reports false for
// a cursor on blank space, punctuation, a number or a keyword.
func subjectOf(req Request) (subject, bool) {
	text := req.Text
	if req.Start < req.End {
		if strings.TrimSpace(text[req.Start:req.End]) == "" {
			return subject{}, false
		}
		return subject{start: req.Start, end: req.End, line: strings.Count(text[:req.Start], "\n")}, true
	}
	start, end := identAt(text, req.Start)
	if start == end {
		return subject{}, false
	}
	word := text[start:end]
	if r, _ := utf8.DecodeRuneInString(word); unicode.IsDigit(r) || keywords[word] && !req.Invoked {
		return subject{}, false
	}
	// Take qualifiers: a.b.c with the cursor on c.
	for start > 1 && text[start-1] == '.' {
		s, e := identAt(text, start-2)
		if s == e {
			break
		}
		start = s
	}
	return subject{start: start, end: end, name: text[start:end], line: strings.Count(text[:start], "\n")}, true
}

// identAt returns the identifier that holds the character at off, or an
// empty span.
func identAt(text string, off int) (int, int) {
	if off >= len(text) {
		return off, off
	}
	if r, _ := utf8.DecodeRuneInString(text[off:]); !isIdent(r) {
		return off, off
	}
	start := off
	for start > 0 {
		r, n := utf8.DecodeLastRuneInString(text[:start])
		if !isIdent(r) {
			break
		}
		start -= n
	}
	end := off
	for end < len(text) {
		r, n := utf8.DecodeRuneInString(text[end:])
		if !isIdent(r) {
			break
		}
		end += n
	}
	return start, end
}

func isIdent(r rune) bool {
	return r == '_' || r == '$' || unicode.IsLetter(r) || unicode.IsDigit(r)
}

// describe names the subject for the prompt and the result.
func (s subject) describe(text string) string {
	if s.name != "" {
		return s.name
	}
	last := s.line + strings.Count(text[s.start:s.end], "\n")
	if strings.HasSuffix(text[s.start:s.end], "\n") {
		last--
	}
	if last <= s.line {
		return fmt.Sprintf("line %d", s.line+1)
	}
	return fmt.Sprintf("lines %d–%d", s.line+1, last+1)
}

// keywords are words too common to explain, across the usual languages.
var keywords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`if else for while do switch case default break continue return
		func function fn def class struct interface type var let const import package from as in of
		true false nil null None True False undefined this self new try catch finally except raise
		throw public private protected static void int string bool float end then elif local and or not
		go defer select range chan map async await yield with pass lambda`) {
		keywords[w] = true
	}
}
