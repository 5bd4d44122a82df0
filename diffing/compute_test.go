package diffing

import (
	"fmt"
	"strings"
	"testing"
)

// TestDiffBeyondSearchLimit: changes scattered over a text, more than one
// search of go-udiff's lcs resolves, still come out one by one rather than as
// one replaced middle.
func TestDiffBeyondSearchLimit(t *testing.T) {
	const n, step = 3000, 10
	lines := make([]string, n)
	for i := range lines {
		lines[i] = fmt.Sprintf("line %d\n", i)
	}
	tests := []struct {
		name   string
		change func(i int, line string) []string
	}{
		{name: "replaced", change: func(i int, line string) []string { return []string{"changed " + line} }},
		{name: "inserted", change: func(i int, line string) []string { return []string{line, "new\n"} }},
		{name: "deleted", change: func(int, string) []string { return nil }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var after []string
			for i, l := range lines {
				if i%step == step/2 {
					after = append(after, tt.change(i, l)...)
					continue
				}
				after = append(after, l)
			}
			changes := diffLines(lines, after)
			if len(changes) != n/step {
				t.Fatalf("%d changes, want %d", len(changes), n/step)
			}
			for _, c := range changes {
				if c.a1-c.a0 > 1 || c.b1-c.b0 > 1 {
					t.Fatalf("change %+v spans more than one line", c)
				}
			}
			before, want := strings.Join(lines, ""), strings.Join(after, "")
			if got, err := Apply(before, ComputeLineEdits(before, want)); err != nil || got != want {
				t.Fatalf("Apply(ComputeLineEdits) = %v, equal %v", err, got == want)
			}
		})
	}
}

// TestRuneEditsBeyondSearchLimit: the same holds for runes in one long line.
func TestRuneEditsBeyondSearchLimit(t *testing.T) {
	before := strings.Repeat("abcdefghij", 300)
	b := []byte(before)
	for i := 5; i < len(b); i += 20 {
		b[i] = 'X'
	}
	after := string(b)
	edits := runeEdits(before, after)
	if want := len(before) / 20; len(edits) != want {
		t.Fatalf("%d edits, want %d", len(edits), want)
	}
	for _, e := range edits {
		if e.End-e.Start != 1 || e.New != "X" {
			t.Fatalf("edit %+v is not one rune", e)
		}
	}
}
