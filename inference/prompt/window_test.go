package prompt

import (
	"fmt"
	"strings"
	"testing"
)

func numberedLines(n int) string {
	var sb strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&sb, "\tvalue%05d := compute(%d) // note\n", i, i)
	}
	return sb.String()
}

// TestPrefixStartMovesInSteps types one new line after another and checks
// that the prefix window keeps its start for runs of lines, moving by grid
// steps, while always fitting the budget.
func TestPrefixStartMovesInSteps(t *testing.T) {
	text := numberedLines(3000)
	const budget = 300
	c := Estimate{}
	first := nthLine(text, 1000)
	lineLen := lineEndAt(text, first) - first
	moves, prev := 0, -1
	for i, end := 0, first; i < 200; i, end = i+1, lineEndAt(text, end) {
		s := prefixStart(text, end, budget, c)
		if n := c.Count(text[s:end]); n > budget || n < budget*3/4-lineLen {
			t.Fatalf("window of %d tokens ending at %d, want within %d..%d", n, end, budget*3/4-lineLen, budget)
		}
		if s != 0 && text[s-1] != '\n' {
			t.Fatalf("window start %d is not a line start", s)
		}
		if prev >= 0 && s != prev {
			moves++
		}
		prev = s
	}
	// A quarter of a 1050-byte budget, rounded down to 256 bytes, per move:
	// 200 lines of 37 bytes make about 29 moves, against 200 for a window
	// that slides with every line.
	if moves > 200*lineLen/256+2 {
		t.Errorf("window start moved %d times over 200 new lines, want at most %d", moves, 200*lineLen/256+2)
	}
}

func TestSuffixEnd(t *testing.T) {
	text := numberedLines(100)
	c := Estimate{}
	tests := []struct {
		name   string
		begin  int
		budget int
	}{
		{name: "middle", begin: nthLine(text, 10), budget: 50},
		{name: "near the end", begin: nthLine(text, 98), budget: 500},
		{name: "at the end", begin: len(text), budget: 50},
		{name: "no budget", begin: 0, budget: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := suffixEnd(text, tt.begin, tt.budget, c)
			if n := c.Count(text[tt.begin:e]); n > tt.budget {
				t.Errorf("suffix of %d tokens, budget %d", n, tt.budget)
			}
			if e != len(text) && e > 0 && text[e-1] != '\n' {
				t.Errorf("suffix end %d is not a line end", e)
			}
			if e < len(text) && c.Count(text[tt.begin:lineEndAt(text, e)]) <= tt.budget-40 {
				t.Errorf("suffix end %d leaves more than a line of budget unused", e)
			}
		})
	}
}

// nthLine returns the offset of the start of line n (0-based).
func nthLine(text string, n int) int {
	off := 0
	for i := 0; i < n; i++ {
		off = lineEndAt(text, off)
	}
	return off
}
