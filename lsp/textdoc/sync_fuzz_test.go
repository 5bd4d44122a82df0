package textdoc

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// pieces are the replacement texts of FuzzIncrementalSync: line ends of
// every kind, characters of one to four UTF-8 bytes and two UTF-16 units.
var pieces = []string{"", "a", "\n", "\r", "\r\n", "é", "€", "😀", "x\r\ny", "\n😀\r", "ab\u2028c", "\t}"}

// FuzzIncrementalSync replays a script of incremental didChange events, one
// to three changes each, through Snapshot.Apply, and after every event
// compares the text and every line with a naive reference that re-splits
// the whole text. The script's bytes pick positions near the document
// (sometimes past a line's end or inside a character) and replacements.
func FuzzIncrementalSync(f *testing.F) {
	f.Add("package main\r\n\nfunc 😀() {}\r", []byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, uint8(0))
	f.Add("a\rb\r\nc\n", []byte{1, 0, 1, 0, 2, 200, 17, 3, 3, 3, 3, 3, 3, 3}, uint8(1))
	f.Add("é€😀", []byte{0, 1, 0, 2, 7, 0, 0, 0, 0, 4, 255, 255, 255, 255, 9}, uint8(2))
	f.Add("", []byte{0, 0, 0, 0, 4, 0, 0, 0, 0, 4, 1, 0, 1, 0, 0}, uint8(0))
	f.Fuzz(func(t *testing.T, text string, script []byte, encByte uint8) {
		text = strings.ToValidUTF8(text, "\uFFFD")
		enc := Encoding(encByte % 3)
		s := New("file:///f", "go", 1, text)
		for version := int32(2); len(script) >= 5; version++ {
			var changes []Change
			want := s.Text
			n := 1 + int(script[0]%3)
			script = script[1:]
			for ; n > 0 && len(script) >= 5; n-- {
				r := pickRange(newRef(want), script[:4], enc)
				repl := pieces[int(script[4])%len(pieces)]
				script = script[5:]
				next, err := refApply(want, r, repl, enc)
				if err != nil {
					t.Fatalf("picked range %v is outside %q: %v", r, want, err)
				}
				changes = append(changes, Change{Range: &r, Text: repl})
				want = next
			}
			next, err := s.Apply(version, changes, enc)
			if err != nil {
				t.Fatalf("version %d: %v", version, err)
			}
			sameDoc(t, next, want)
			s = next
		}
	})
}

// pickRange turns four script bytes into a range of d: lines within the
// document, characters up to two past the line's length in enc's units,
// the ends ordered.
func pickRange(d refDoc, b []byte, enc Encoding) Range {
	pos := func(lb, cb byte) Position {
		line := int(lb) % len(d.lines)
		units := 0
		for _, r := range d.lines[line] {
			units += width(r, enc)
		}
		return Position{Line: line, Character: int(cb) % (units + 3)}
	}
	p, q := pos(b[0], b[1]), pos(b[2], b[3])
	po, _ := d.offset(p, enc)
	qo, _ := d.offset(q, enc)
	if qo < po {
		p, q = q, p
	}
	return Range{Start: p, End: q}
}

// sameDoc compares a snapshot with the reference's view of want.
func sameDoc(t *testing.T, s *Snapshot, want string) {
	t.Helper()
	if s.Text != want {
		t.Fatalf("text %q, reference %q", s.Text, want)
	}
	checkIndex(t, s)
	d := newRef(want)
	if s.LineCount() != len(d.lines) {
		t.Fatalf("%d lines, reference %d", s.LineCount(), len(d.lines))
	}
	for i, l := range d.lines {
		if got := s.Line(i); got != string(l) {
			t.Fatalf("line %d is %q, reference %q", i, got, string(l))
		}
	}
}

// FuzzPositions checks position conversion in each encoding against the
// reference: every rune boundary outside a line terminator round-trips
// through Position and Offset; Position is monotonic in the offset; Offset
// clamps a character past the line's end to the line's end and rounds one
// inside a character down to its start; ClampedOffset maps lines before
// the first to 0 and past the last to the end; and a line past the last is
// an error for Offset.
func FuzzPositions(f *testing.F) {
	f.Add("a😀b\r\nxyz\rq\n", 0, 2, uint8(0))
	f.Add("é€😀\n\n\r\r\n", 1, 7, uint8(1))
	f.Add("", 0, 0, uint8(2))
	f.Add("\xff\xfe\r\n😀", 3, -1, uint8(0))
	f.Fuzz(func(t *testing.T, text string, line, char int, encByte uint8) {
		text = strings.ToValidUTF8(text, "\uFFFD")
		if len(text) > 4096 {
			text = text[:4096]
			for !utf8.ValidString(text) {
				text = text[:len(text)-1]
			}
		}
		enc := Encoding(encByte % 3)
		s := New("file:///f", "go", 1, text)
		d := newRef(text)
		checkRoundTrips(t, s, d, enc)
		p := Position{Line: line, Character: char}
		got, err := s.Offset(p, enc)
		want, refErr := d.offset(p, enc)
		if (err == nil) != (refErr == nil) || got != want && err == nil {
			t.Fatalf("Offset(%v) = %d, %v; reference %d, %v", p, got, err, want, refErr)
		}
		clamped := s.ClampedOffset(p, enc)
		switch {
		case line < 0 && clamped != 0:
			t.Fatalf("ClampedOffset(%v) = %d, want 0", p, clamped)
		case line >= len(d.lines) && clamped != len(text):
			t.Fatalf("ClampedOffset(%v) = %d, want the end %d", p, clamped, len(text))
		case line >= 0 && line < len(d.lines):
			if w, _ := d.offset(Position{Line: line, Character: max(char, 0)}, enc); clamped != w {
				t.Fatalf("ClampedOffset(%v) = %d, want %d", p, clamped, w)
			}
		}
	})
}

// checkRoundTrips walks every byte offset of the text.
func checkRoundTrips(t *testing.T, s *Snapshot, d refDoc, enc Encoding) {
	t.Helper()
	var prev Position
	inTerm := terminatorBytes(s.Text)
	for off := 0; off <= len(s.Text); off++ {
		p := s.Position(off, enc)
		if p.Line < prev.Line || p.Line == prev.Line && p.Character < prev.Character {
			t.Fatalf("Position(%d) = %v comes before Position(%d) = %v", off, p, off-1, prev)
		}
		prev = p
		if inTerm[off] || off < len(s.Text) && !utf8.RuneStart(s.Text[off]) {
			continue
		}
		if want := d.position(off, enc); p != want {
			t.Fatalf("Position(%d) = %v, reference %v", off, p, want)
		}
		back, err := s.Offset(p, enc)
		if err != nil || back != off {
			t.Fatalf("Offset(Position(%d) = %v) = %d, %v", off, p, back, err)
		}
		for _, c := range []int{p.Character + 1, p.Character + 1000} {
			q := Position{Line: p.Line, Character: c}
			got, err := s.Offset(q, enc)
			want, _ := d.offset(q, enc)
			if err != nil || got != want || got < off {
				t.Fatalf("Offset(%v) = %d, %v; reference %d, not before %d", q, got, err, want, off)
			}
		}
	}
}

// terminatorBytes marks the offsets that lie after the first byte of a
// line terminator: inside "\r\n" or just past a terminator's first byte
// are not positions of their own.
func terminatorBytes(text string) []bool {
	in := make([]bool, len(text)+1)
	for i := 0; i < len(text); i++ {
		if text[i] == '\r' && i+1 < len(text) && text[i+1] == '\n' {
			in[i+1] = true
		}
	}
	return in
}
