package diffing

import "testing"

func TestOnRuneBoundary(t *testing.T) {
	text := "a扉\x80b"
	want := []bool{true, true, false, false, true, true, true}
	for i, w := range want {
		if got := onRuneBoundary(text, i); got != w {
			t.Errorf("onRuneBoundary(%q, %d) = %v, want %v", text, i, got, w)
		}
	}
}

func TestIndexLines(t *testing.T) {
	got := indexLines("a\r\nb\nc")
	want := []line{{0, 1, 3}, {3, 4, 5}, {5, 6, 6}}
	if len(got) != len(want) {
		t.Fatalf("indexLines = %+v, want %+v", got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("line %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	if n := len(indexLines("")); n != 0 {
		t.Errorf("indexLines(\"\") has %d lines", n)
	}
}

func TestDetectEOL(t *testing.T) {
	tests := []struct{ give, want string }{
		{give: "", want: "\n"},
		{give: "a\nb\n", want: "\n"},
		{give: "a\r\nb\r\n", want: "\r\n"},
		{give: "a\r\nb\nc\r\n", want: "\r\n"},
		{give: "a\r\nb\nc\n", want: "\n"},
	}
	for _, tt := range tests {
		if got := detectEOL(tt.give); got != tt.want {
			t.Errorf("detectEOL(%q) = %q, want %q", tt.give, got, tt.want)
		}
	}
}
