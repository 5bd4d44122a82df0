package textdoc

import (
	"errors"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// refDoc is a naive model of a document for the fuzz targets: the text
// split into lines, each line a slice of runes, positions found by walking
// the runes one by one. It shares no code with Snapshot.
type refDoc struct {
	lines [][]rune // line contents, terminators excluded
	terms []string // terms[i] ends lines[i]: "\n", "\r\n", "\r" or "" for the last
}

var errRef = errors.New("out of range")

// newRef splits text at "\n", "\r\n" and lone "\r". text must be valid UTF-8.
func newRef(text string) refDoc {
	var d refDoc
	var cur []rune
	rs := []rune(text)
	for i := 0; i < len(rs); i++ {
		switch {
		case rs[i] == '\r' && i+1 < len(rs) && rs[i+1] == '\n':
			d.lines, d.terms, cur = append(d.lines, cur), append(d.terms, "\r\n"), nil
			i++
		case rs[i] == '\r' || rs[i] == '\n':
			d.lines, d.terms, cur = append(d.lines, cur), append(d.terms, string(rs[i])), nil
		default:
			cur = append(cur, rs[i])
		}
	}
	d.lines, d.terms = append(d.lines, cur), append(d.terms, "")
	return d
}

// width is the size of r in enc's code units.
func width(r rune, enc Encoding) int {
	switch enc {
	case UTF8:
		return utf8.RuneLen(r)
	case UTF32:
		return 1
	}
	return len(utf16.Encode([]rune{r}))
}

// offset returns the byte offset of p: a character past the line's end is
// the line's end, one inside a character is that character's start.
func (d refDoc) offset(p Position, enc Encoding) (int, error) {
	if p.Line < 0 || p.Character < 0 || p.Line >= len(d.lines) {
		return 0, errRef
	}
	off := 0
	for i := range p.Line {
		off += len(string(d.lines[i])) + len(d.terms[i])
	}
	units := 0
	for _, r := range d.lines[p.Line] {
		if units+width(r, enc) > p.Character {
			return off, nil
		}
		units += width(r, enc)
		off += utf8.RuneLen(r)
	}
	return off, nil
}

// position returns the position of byte offset off, which must be a rune
// boundary outside line terminators.
func (d refDoc) position(off int, enc Encoding) Position {
	for line := range d.lines {
		n := len(string(d.lines[line]))
		if off <= n {
			units := 0
			for _, r := range d.lines[line] {
				if off <= 0 {
					break
				}
				off -= utf8.RuneLen(r)
				units += width(r, enc)
			}
			return Position{Line: line, Character: units}
		}
		off -= n + len(d.terms[line])
	}
	panic("offset past the end")
}

// text joins the lines back.
func (d refDoc) text() string {
	var b strings.Builder
	for i, l := range d.lines {
		b.WriteString(string(l))
		b.WriteString(d.terms[i])
	}
	return b.String()
}

// refApply applies one ranged change to text.
func refApply(text string, r Range, repl string, enc Encoding) (string, error) {
	d := newRef(text)
	start, err := d.offset(r.Start, enc)
	if err != nil {
		return "", err
	}
	end, err := d.offset(r.End, enc)
	if err != nil || end < start {
		return "", errRef
	}
	return text[:start] + repl + text[end:], nil
}
