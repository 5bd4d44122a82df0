package explain

import (
	"strings"
	"testing"
)

func TestSubjectOf(t *testing.T) {
	tests := []struct {
		give   string // | marks the cursor
		want   string
		wantOK bool
	}{
		{give: "a.b.|cde()", want: "a.b.cde", wantOK: true},
		{give: "|foo", want: "foo", wantOK: true},
		{give: "fo|o bar", want: "foo", wantOK: true},
		{give: "héllo|wörld", want: "héllowörld", wantOK: true},
		{give: "x := $ja|x", want: "$jax", wantOK: true},
		{give: "a..|b", want: "b", wantOK: true},
		{give: "(|)"},
		{give: "|return x"},
		{give: "x = |123"},
		{give: "foo |"},
		{give: "foo|"},
	}
	for _, tt := range tests {
		t.Run(tt.give, func(t *testing.T) {
			text := strings.Replace(tt.give, "|", "", 1)
			off := strings.Index(tt.give, "|")
			got, ok := subjectOf(Request{Text: text, Start: off, End: off})
			if ok != tt.wantOK || got.name != tt.want {
				t.Errorf("subjectOf = %q, %v; want %q, %v", got.name, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestCut(t *testing.T) {
	long := strings.Repeat("é", maxLineBytes) // two bytes each
	got := cut(long)
	if !strings.HasSuffix(got, "…") || len(got) > maxLineBytes+len("…") || !strings.HasPrefix(long, strings.TrimSuffix(got, "…")) {
		t.Errorf("cut split a rune or kept too much: %d bytes", len(got))
	}
}
