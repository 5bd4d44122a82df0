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

// typeThrough returns what is left of the suggestion on screen, or of an
// alternative offered with it, when the document now reads as if the user
// typed its start; the suggestion keeps its id. It holds mu.
func (ds *docState) typeThrough(text string, cursor int) (Suggestion, bool) {
	if rest, ok := ds.last.typeThrough(text, cursor); ok {
		return Suggestion{Text: rest, ID: ds.last.id}, true
	}
	if l := ds.alts; l != nil {
		for _, it := range l.items {
			s := shown{before: l.before, after: l.after, text: it.Text, id: it.ID}
			if rest, ok := s.typeThrough(text, cursor); ok {
				return Suggestion{Text: rest, ID: it.ID}, true
			}
		}
	}
	return Suggestion{}, false
}
