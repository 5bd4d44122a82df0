package textdoc

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// Position is a zero-based line and a character offset on that line, counted
// in the code units of some Encoding. It mirrors the LSP Position.
type Position struct {
	Line, Character int
}

// Range is a half-open span between two positions.
type Range struct {
	Start, End Position
}

// ErrOutOfRange reports a position or range that lies outside the document.
var ErrOutOfRange = errors.New("position out of range")

// Snapshot is one immutable version of a document. Its methods are safe for
// concurrent use; an edit produces a new Snapshot and leaves the old intact.
type Snapshot struct {
	// URI identifies the document, as the client named it.
	URI string
	// LanguageID is the client's language identifier ("go", "python", ...).
	LanguageID string
	// Version is the client's version number of this text.
	Version int32
	// Text is the full content.
	Text string

	// lines holds the byte offset at which each line starts; lines[0] == 0.
	// A line ends at "\n", "\r\n" or a lone "\r", as the LSP specification says.
	lines []int
}

// New returns a snapshot of text.
func New(uri, languageID string, version int32, text string) *Snapshot {
	return &Snapshot{URI: uri, LanguageID: languageID, Version: version, Text: text, lines: lineStarts(text, 0, nil)}
}

// lineStarts appends to starts the start offsets of the lines that begin
// after byte from of text; it assumes a line starts at from.
func lineStarts(text string, from int, starts []int) []int {
	starts = append(starts, from)
	for i := from; i < len(text); i++ {
		switch text[i] {
		case '\n':
			starts = append(starts, i+1)
		case '\r':
			if i+1 < len(text) && text[i+1] == '\n' {
				i++
			}
			starts = append(starts, i+1)
		}
	}
	return starts
}

// LineCount returns the number of lines; an empty text has one empty line.
func (s *Snapshot) LineCount() int { return len(s.lines) }

// Line returns the content of line n without its terminator.
func (s *Snapshot) Line(n int) string {
	start, end := s.lineBounds(n)
	return s.Text[start:end]
}

// lineBounds returns the byte span of line n's content, terminator excluded.
func (s *Snapshot) lineBounds(n int) (start, end int) {
	start = s.lines[n]
	end = len(s.Text)
	if n+1 < len(s.lines) {
		end = s.lines[n+1]
		if end > start && s.Text[end-1] == '\n' {
			end--
		}
		if end > start && s.Text[end-1] == '\r' {
			end--
		}
	}
	return start, end
}

// Offset returns the byte offset of p. A character past the end of its line
// is clamped to the line end, as the specification requires; a line past the
// last one is an error wrapping ErrOutOfRange.
func (s *Snapshot) Offset(p Position, enc Encoding) (int, error) {
	if p.Line < 0 || p.Character < 0 {
		return 0, fmt.Errorf("%w: negative position %d:%d", ErrOutOfRange, p.Line, p.Character)
	}
	if p.Line >= len(s.lines) {
		return 0, fmt.Errorf("%w: line %d, document has %d lines", ErrOutOfRange, p.Line, len(s.lines))
	}
	start, end := s.lineBounds(p.Line)
	return start + enc.byteOffset(s.Text[start:end], p.Character), nil
}

// ClampedOffset is Offset for request positions, where a client may point
// past the end: a line past the last maps to the end of the document.
func (s *Snapshot) ClampedOffset(p Position, enc Encoding) int {
	if p.Line < 0 {
		return 0
	}
	if p.Line >= len(s.lines) {
		return len(s.Text)
	}
	off, _ := s.Offset(Position{Line: p.Line, Character: max(p.Character, 0)}, enc)
	return off
}

// Position returns the position of byte offset off, clamped to the text.
func (s *Snapshot) Position(off int, enc Encoding) Position {
	off = min(max(off, 0), len(s.Text))
	line := sort.Search(len(s.lines), func(i int) bool { return s.lines[i] > off }) - 1
	start, end := s.lineBounds(line)
	off = min(off, end)
	for off > start && off < len(s.Text) && !utf8.RuneStart(s.Text[off]) {
		off--
	}
	return Position{Line: line, Character: enc.count(s.Text[start:off])}
}

// Change is one content change: a Range in some encoding replaced by Text,
// or, when Range is nil, the whole document replaced.
type Change struct {
	Range *Range
	Text  string
}

// Apply returns the snapshot at version produced by applying changes in
// order. A range outside the document fails with ErrOutOfRange and leaves s
// untouched; a range whose end precedes its start is an error too.
func (s *Snapshot) Apply(version int32, changes []Change, enc Encoding) (*Snapshot, error) {
	next := s
	for i, c := range changes {
		var err error
		if next, err = next.apply(c, enc); err != nil {
			return nil, fmt.Errorf("change %d: %w", i, err)
		}
	}
	out := *next
	out.Version = version
	return &out, nil
}

func (s *Snapshot) apply(c Change, enc Encoding) (*Snapshot, error) {
	if c.Range == nil {
		return New(s.URI, s.LanguageID, s.Version, c.Text), nil
	}
	start, err := s.Offset(c.Range.Start, enc)
	if err != nil {
		return nil, err
	}
	end, err := s.Offset(c.Range.End, enc)
	if err != nil {
		return nil, err
	}
	if end < start {
		return nil, fmt.Errorf("%w: range end %v before start %v", ErrOutOfRange, c.Range.End, c.Range.Start)
	}
	var b strings.Builder
	b.Grow(len(s.Text) - (end - start) + len(c.Text))
	b.WriteString(s.Text[:start])
	b.WriteString(c.Text)
	b.WriteString(s.Text[end:])
	return s.replaced(b.String(), start, end, len(c.Text)), nil
}

// replaced builds the snapshot for text, which is s.Text with [start, end)
// replaced by n bytes. Line starts before the edit are kept; those after it
// are shifted rather than rescanned.
func (s *Snapshot) replaced(text string, start, end, n int) *Snapshot {
	// Rescan from the start of the line holding start, one line earlier when
	// the edit may split or join a "\r\n" pair.
	first := sort.Search(len(s.lines), func(i int) bool { return s.lines[i] > start }) - 1
	if first > 0 {
		first--
	}
	// Old lines starting after end (plus one byte for a "\r\n" pair) keep
	// their shape; find where they begin.
	keep := sort.Search(len(s.lines), func(i int) bool { return s.lines[i] > end+1 })
	delta := n - (end - start)
	scanEnd := len(text)
	if keep < len(s.lines) {
		scanEnd = s.lines[keep] + delta
	}
	lines := make([]int, 0, len(s.lines)+strings.Count(text[start:start+n], "\n")+1)
	lines = append(lines, s.lines[:first]...)
	lines = lineStarts(text[:scanEnd], s.lines[first], lines)
	if keep < len(s.lines) {
		// lineStarts recorded scanEnd only if text[:scanEnd] ends a line,
		// which it does: it is the start of an old line.
		if lines[len(lines)-1] != scanEnd {
			lines = append(lines, scanEnd)
		}
		for _, o := range s.lines[keep+1:] {
			lines = append(lines, o+delta)
		}
	}
	return &Snapshot{URI: s.URI, LanguageID: s.LanguageID, Version: s.Version, Text: text, lines: lines}
}
