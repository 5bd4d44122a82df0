package complete

import "strings"

// shown is a suggestion the engine answered with, kept to serve the
// keystrokes that type into it.
type shown struct {
	before string // document text before the cursor when it was made
	after  string // document text after the cursor
	text   string // the suggestion
	id     string
}

// typeThrough returns what is left of s when the document now reads
// before+typed+after at the cursor, typed being a prefix of the suggestion.
// ok is false when the document does not match.
func (s *shown) typeThrough(text string, cursor int) (rest string, ok bool) {
	if s == nil || cursor < len(s.before) || !strings.HasPrefix(text, s.before) || text[cursor:] != s.after {
		return "", false
	}
	typed := text[len(s.before):cursor]
	if typed == "" || !strings.HasPrefix(s.text, typed) || len(typed) == len(s.text) {
		return "", false
	}
	return s.text[len(typed):], true
}
