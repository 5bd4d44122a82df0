package textdoc

import (
	"testing"
)

// FuzzApply checks that no change crashes Apply, that a refused change leaves
// the snapshot as it was, and that the line index always matches the text.
func FuzzApply(f *testing.F) {
	f.Add("hello\r\nworld", 0, 2, 1, 1, "x\r", uint8(0))
	f.Add("😀\n", 0, 1, 0, 2, "", uint8(1))
	f.Fuzz(func(t *testing.T, text string, l1, c1, l2, c2 int, repl string, encByte uint8) {
		enc := Encoding(encByte % 3)
		s := New("file:///f", "go", 1, text)
		next, err := s.Apply(2, []Change{{&Range{Position{l1, c1}, Position{l2, c2}}, repl}}, enc)
		if s.Text != text {
			t.Fatal("Apply modified its receiver")
		}
		if err != nil {
			return
		}
		want := lineStarts(next.Text, 0, nil)
		if len(want) != len(next.lines) {
			t.Fatalf("index has %d lines, want %d", len(next.lines), len(want))
		}
		for i := range want {
			if want[i] != next.lines[i] {
				t.Fatalf("line %d starts at %d, want %d", i, next.lines[i], want[i])
			}
		}
	})
}
