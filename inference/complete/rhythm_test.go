package complete

import (
	"testing"
	"time"
)

func TestRhythmWait(t *testing.T) {
	cfg := Config{}.withDefaults()
	steady := func(gap time.Duration) *rhythm {
		r := &rhythm{}
		at := time.Unix(0, 0)
		for range 20 {
			r.observe(at)
			at = at.Add(gap)
		}
		return r
	}
	tests := []struct {
		name          string
		r             *rhythm
		before, after string
		want          time.Duration
	}{
		{"boundary, rhythm unknown", &rhythm{}, "x := ", "", cfg.Debounce},
		{"word, rhythm unknown", &rhythm{}, "x := fo", "", cfg.DebounceWord},
		{"boundary, slow typist", steady(180 * time.Millisecond), "x := f(", "", cfg.Debounce},
		{"boundary, fast typist", steady(40 * time.Millisecond), "x := f(", "", 40 * time.Millisecond},
		{"boundary, very fast typist", steady(5 * time.Millisecond), "x.", "", cfg.DebounceMin},
		{"word, slow typist", steady(180 * time.Millisecond), "x := fo", "", 360 * time.Millisecond},
		{"word, fast typist", steady(40 * time.Millisecond), "x := fo", ")", cfg.DebounceMax},
		{"word, pauses", steady(550 * time.Millisecond), "x := fo", "", cfg.DebounceWord},
		{"line start", steady(180 * time.Millisecond), "f()\n\t", "", cfg.Debounce},
		{"after a statement ends", steady(180 * time.Millisecond), "\tx = 1;", "\n", 360 * time.Millisecond},
		{"after a block closes", steady(180 * time.Millisecond), "\t}", "", 360 * time.Millisecond},
		{"closing paren at line end", steady(180 * time.Millisecond), "\tf(x)", "", cfg.Debounce},
		{"semicolon mid-line", steady(180 * time.Millisecond), "for i := 0;", " i < n", cfg.Debounce},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.r.wait(tt.before, tt.after, cfg); got != tt.want {
				t.Errorf("wait(%q, %q) = %v, want %v", tt.before, tt.after, got, tt.want)
			}
		})
	}
}

// TestRhythmRetry: after a backend request, a boundary a few characters on
// along the same line waits as a word does; further on, or on another line,
// it does not.
func TestRhythmRetry(t *testing.T) {
	cfg := Config{}.withDefaults()
	r := &rhythm{}
	line := "\tresult := compute(a, "
	r.asked("package p\n" + line)
	tests := []struct {
		before string
		word   bool
	}{
		{"package p\n" + line, false},                 // the same place: a new ask is a restart
		{"package p\n" + line + "b, ", true},          // 3 bytes on
		{"package p\n" + line + "b, c, d, e, ", true}, // 12 bytes on
		{"package p\n" + line + "b, c, d, e, f, g, ", false},
		{"package p\n\tother := ", false},        // the line was rewritten
		{"package p\n" + line + "b)\n\t", false}, // a new line
	}
	for _, tt := range tests {
		want := cfg.Debounce
		if tt.word {
			want = cfg.DebounceWord
		}
		if got := r.wait(tt.before, "", cfg); got != want {
			t.Errorf("wait(%q) = %v, want %v", tt.before, got, want)
		}
	}
}
