package textdoc

import (
	"testing"
	"unicode/utf8"
)

// FuzzApply checks that no change crashes Apply, that a refused change leaves
// the snapshot as it was, that the line index always matches the text, and,
// for UTF-8 text, that Apply refuses what the naive reference refuses and
// otherwise produces the same text.
func FuzzApply(f *testing.F) {
	f.Add("hello\r\nworld", 0, 2, 1, 1, "x\r", uint8(0))
	f.Add("😀\n", 0, 1, 0, 2, "", uint8(1))
	f.Add("a\rb", 0, 1, 1, 0, "\n", uint8(0))
	f.Add("é😀\r\n", 0, 3, 0, 99, "\r", uint8(2))
	f.Fuzz(func(t *testing.T, text string, l1, c1, l2, c2 int, repl string, encByte uint8) {
		enc := Encoding(encByte % 3)
		s := New("file:///f", "go", 1, text)
		r := Range{Position{l1, c1}, Position{l2, c2}}
		next, err := s.Apply(2, []Change{{&r, repl}}, enc)
		if s.Text != text {
			t.Fatal("Apply modified its receiver")
		}
		if utf8.ValidString(text) {
			want, refErr := refApply(text, r, repl, enc)
			if (err == nil) != (refErr == nil) {
				t.Fatalf("Apply error %v, reference error %v", err, refErr)
			}
			if err == nil && next.Text != want {
				t.Fatalf("Apply gave %q, reference %q", next.Text, want)
			}
		}
		if err != nil {
			return
		}
		checkIndex(t, next)
	})
}

// checkIndex compares the snapshot's line index with a full rescan.
func checkIndex(t *testing.T, s *Snapshot) {
	t.Helper()
	want := lineStarts(s.Text, 0, nil)
	if len(want) != len(s.lines) {
		t.Fatalf("index has %d lines, want %d", len(s.lines), len(want))
	}
	for i := range want {
		if want[i] != s.lines[i] {
			t.Fatalf("line %d starts at %d, want %d", i, s.lines[i], want[i])
		}
	}
}
