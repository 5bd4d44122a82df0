package prompt

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestRing(t *testing.T) {
	r := NewRing(3)
	a, b, c, d := File{"a.go", "a"}, File{"b.go", "b"}, File{"c.go", "c"}, File{"d.go", "d"}
	tests := []struct {
		give File
		want bool
		held []File
	}{
		{give: a, want: true, held: []File{a}},
		{give: b, want: true, held: []File{a, b}},
		{give: a, want: false, held: []File{a, b}},
		{give: File{"e.go", ""}, want: false, held: []File{a, b}},
		{give: c, want: true, held: []File{a, b, c}},
		{give: d, want: true, held: []File{b, c, d}},
	}
	for i, tt := range tests {
		if got := r.Add(tt.give); got != tt.want {
			t.Errorf("step %d: Add(%v) = %v, want %v", i, tt.give, got, tt.want)
		}
		if diff := cmp.Diff(tt.held, r.Chunks()); diff != "" {
			t.Errorf("step %d: chunks (-want +got):\n%s", i, diff)
		}
		if r.Len() != len(tt.held) {
			t.Errorf("step %d: Len = %d, want %d", i, r.Len(), len(tt.held))
		}
	}
}

func TestChunk(t *testing.T) {
	text := "l1\nl2\nl3\nl4\nl5\nl6\nl7\n"
	tests := []struct {
		name  string
		at    int
		lines int
		want  string
	}{
		{name: "middle", at: 9, lines: 3, want: "l3\nl4\nl5\n"},
		{name: "start", at: 0, lines: 4, want: "l1\nl2\nl3\nl4\n"},
		{name: "end", at: len(text), lines: 4, want: "l6\nl7\n"},
		{name: "one line", at: 4, lines: 1, want: "l2\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Chunk("x.txt", text, tt.at, tt.lines); got.Text != tt.want || got.Path != "x.txt" {
				t.Errorf("Chunk = %+v, want text %q", got, tt.want)
			}
		})
	}
}
