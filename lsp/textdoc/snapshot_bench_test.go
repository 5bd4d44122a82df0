package textdoc

import (
	"fmt"
	"strings"
	"testing"
)

func tenThousandLines() string {
	var b strings.Builder
	for i := range 10000 {
		fmt.Fprintf(&b, "\tvalue%d := compute(%d, \"héllo 😀\") // line %d\n", i, i, i)
	}
	return b.String()
}

// BenchmarkApplyKeystroke measures one didChange keystroke (a one-character
// insertion mid-file) on a 10,000-line document, index maintenance included.
func BenchmarkApplyKeystroke(b *testing.B) {
	s := New("file:///a.go", "go", 0, tenThousandLines())
	b.ReportAllocs()
	b.SetBytes(int64(len(s.Text)))
	for i := 0; b.Loop(); i++ {
		p := Position{Line: 5000, Character: 10}
		next, err := s.Apply(int32(i), []Change{{&Range{p, p}, "x"}}, UTF16)
		if err != nil {
			b.Fatal(err)
		}
		_ = next
	}
}

// BenchmarkPositionMapping measures position to offset and back in UTF-16 on
// a 10,000-line document.
func BenchmarkPositionMapping(b *testing.B) {
	s := New("file:///a.go", "go", 0, tenThousandLines())
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		off, err := s.Offset(Position{Line: i % 10000, Character: 30}, UTF16)
		if err != nil {
			b.Fatal(err)
		}
		_ = s.Position(off, UTF16)
	}
}
