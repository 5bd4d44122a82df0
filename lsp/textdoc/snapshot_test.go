package textdoc

import (
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestOffset(t *testing.T) {
	// "a😀b" has a surrogate pair in UTF-16 and four bytes in UTF-8.
	const text = "a😀b\r\nxyz\rq\n"
	tests := []struct {
		name string
		give Position
		enc  Encoding
		want int
	}{
		{"start", Position{0, 0}, UTF16, 0},
		{"utf16 after emoji", Position{0, 3}, UTF16, 5},
		{"utf16 inside surrogate pair rounds down", Position{0, 2}, UTF16, 1},
		{"utf8 after emoji", Position{0, 5}, UTF8, 5},
		{"utf8 inside sequence rounds down", Position{0, 3}, UTF8, 1},
		{"utf32 after emoji", Position{0, 2}, UTF32, 5},
		{"past line end clamps before CRLF", Position{0, 99}, UTF16, 6},
		{"second line", Position{1, 1}, UTF16, 9},
		{"lone CR ends a line", Position{2, 1}, UTF16, 13},
		{"last empty line", Position{3, 0}, UTF16, 14},
	}
	s := New("file:///a", "go", 1, text)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Offset(tt.give, tt.enc)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("Offset(%v, %v) = %d, want %d", tt.give, tt.enc, got, tt.want)
			}
		})
	}
}

func TestOffsetOutOfRange(t *testing.T) {
	s := New("file:///a", "go", 1, "one\ntwo")
	for _, p := range []Position{{2, 0}, {-1, 0}, {0, -5}, {1 << 30, 0}} {
		if _, err := s.Offset(p, UTF16); !errors.Is(err, ErrOutOfRange) {
			t.Errorf("Offset(%v) error = %v, want ErrOutOfRange", p, err)
		}
	}
	if got := s.ClampedOffset(Position{1 << 30, 7}, UTF16); got != 7 {
		t.Errorf("ClampedOffset past end = %d, want 7", got)
	}
	if got := s.ClampedOffset(Position{0, 1 << 30}, UTF16); got != 3 {
		t.Errorf("ClampedOffset past line end = %d, want 3", got)
	}
}

func TestPositionRoundTrip(t *testing.T) {
	const text = "héllo 😀 wörld\r\n\ttab\n\rend"
	s := New("file:///a", "go", 1, text)
	for _, enc := range []Encoding{UTF8, UTF16, UTF32} {
		for off := 0; off <= len(text); off++ {
			p := s.Position(off, enc)
			back, err := s.Offset(p, enc)
			if err != nil {
				t.Fatalf("%v: Offset(Position(%d)=%v): %v", enc, off, p, err)
			}
			// Offsets inside a character or a line terminator map to the
			// character start or line end: back never exceeds off.
			if back > off {
				t.Errorf("%v: offset %d -> %v -> %d", enc, off, p, back)
			}
		}
	}
}

func TestApply(t *testing.T) {
	tests := []struct {
		name    string
		give    string
		changes []Change
		want    string
	}{
		{"insert", "hello\nworld\n", []Change{{rng(0, 5, 0, 5), ","}}, "hello,\nworld\n"},
		{"join lines", "a\nb\nc", []Change{{rng(0, 1, 1, 0), ""}}, "ab\nc"},
		{"split CRLF pair", "a\r\nb", []Change{{rng(0, 1, 0, 1), "x"}}, "ax\r\nb"},
		{"insert between CR and LF via lone CR", "a\rb", []Change{{rng(1, 0, 1, 0), "\n"}}, "a\r\nb"},
		{"whole document", "old", []Change{{nil, "new\ntext"}}, "new\ntext"},
		{"sequence", "abc", []Change{{rng(0, 0, 0, 0), "1"}, {rng(0, 4, 0, 4), "2"}}, "1abc2"},
		{"emoji utf16", "x😀y", []Change{{rng(0, 1, 0, 3), ""}}, "xy"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := New("file:///a", "go", 1, tt.give)
			got, err := s.Apply(2, tt.changes, UTF16)
			if err != nil {
				t.Fatal(err)
			}
			if got.Text != tt.want || got.Version != 2 {
				t.Errorf("Apply = %q v%d, want %q v2", got.Text, got.Version, tt.want)
			}
			if diff := cmp.Diff(New("", "", 0, tt.want).lines, got.lines); diff != "" {
				t.Errorf("line index mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestApplyRefusesBadRange(t *testing.T) {
	s := New("file:///a", "go", 1, "one\ntwo\n")
	for _, c := range []Change{{rng(5, 0, 5, 1), "x"}, {rng(1, 2, 0, 1), "x"}} {
		if _, err := s.Apply(2, []Change{c}, UTF16); !errors.Is(err, ErrOutOfRange) {
			t.Errorf("Apply(%v) error = %v, want ErrOutOfRange", *c.Range, err)
		}
	}
	if s.Text != "one\ntwo\n" || s.Version != 1 {
		t.Error("a refused change modified the snapshot")
	}
}

// TestApplyIncrementalIndex checks the incrementally maintained line index
// against a full rescan over many random edits of mixed line endings.
func TestApplyIncrementalIndex(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	pieces := []string{"a", "bc", "\n", "\r\n", "\r", "😀", "é", "", "x\ny", "\r\r\n\n"}
	s := New("file:///a", "go", 0, "start\r\nof\rthe\ntext\n")
	for i := range 5000 {
		a, b := r.IntN(len(s.Text)+1), r.IntN(len(s.Text)+1)
		a, b = min(a, b), max(a, b)
		pa, pb := s.Position(a, UTF8), s.Position(b, UTF8)
		next, err := s.Apply(int32(i), []Change{{&Range{pa, pb}, pieces[r.IntN(len(pieces))]}}, UTF8)
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		if diff := cmp.Diff(lineStarts(next.Text, 0, nil), next.lines); diff != "" {
			t.Fatalf("step %d: index mismatch for %q (-want +got):\n%s", i, next.Text, diff)
		}
		s = next
		if len(s.Text) > 400 {
			s = New(s.URI, s.LanguageID, s.Version, strings.Repeat("ab\r\n", 5))
		}
	}
}

func rng(l1, c1, l2, c2 int) *Range {
	return &Range{Position{l1, c1}, Position{l2, c2}}
}
