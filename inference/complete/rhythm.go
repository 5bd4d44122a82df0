package complete

import (
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// rhythm learns how fast a user types from the gaps between the automatic
// requests of one document, and picks the wait before a request goes to the
// backend. Where a suggestion pays (after a space, punctuation or a line
// start) the wait is short: only the user's fastest gaps fall inside it, so
// a request is rarely overtaken by the next keystroke. Inside a word a
// request buys little, as the next boundary is a few keystrokes away; there
// it waits until the user has clearly stopped, longer than nearly all of
// their gaps while typing. So does a request a few characters after the
// last one on the same line: the user typed past that suggestion, and the
// model deserves more of the line before it is asked again.
type rhythm struct {
	last time.Time
	gaps []time.Duration // recent in-burst gaps, oldest first

	haveAsked bool
	askedAt   int    // where the line of the last backend request starts
	askedLine string // that line up to the cursor
}

// retryBytes is how much of a line must be typed after a backend request
// before the next one on that line goes out at a boundary without waiting
// for a pause.
const retryBytes = 16

const (
	rhythmWindow = 32                     // gaps remembered
	burstGap     = 600 * time.Millisecond // a longer gap is a pause, not typing
)

// observe records a request at t.
func (r *rhythm) observe(t time.Time) {
	if !r.last.IsZero() {
		if gap := t.Sub(r.last); gap > 0 && gap < burstGap {
			if len(r.gaps) == rhythmWindow {
				r.gaps = r.gaps[1:]
			}
			r.gaps = append(r.gaps, gap)
		}
	}
	r.last = t
}

// wait returns how long an automatic request waits with the cursor after
// before: at a word boundary the 10th percentile of recent in-burst gaps
// within [c.DebounceMin, c.Debounce]; inside a word twice the 99th
// percentile within [c.DebounceMax, c.DebounceWord]. Until enough gaps are known it
// is c.Debounce at a boundary and c.DebounceWord inside a word.
func (r *rhythm) wait(before, after string, c Config) time.Duration {
	word := r.lowValue(before, after)
	if len(r.gaps) < 4 {
		if word {
			return c.DebounceWord
		}
		return c.Debounce
	}
	sorted := slices.Clone(r.gaps)
	slices.Sort(sorted)
	at := func(q float64) time.Duration { return sorted[min(int(q*float64(len(sorted))), len(sorted)-1)] }
	if word {
		return min(max(2*at(0.99), c.DebounceMax), c.DebounceWord)
	}
	return min(max(at(0.10), c.DebounceMin), c.Debounce)
}

// waitAt returns the wait of wait scaled to the load level: none at 0,
// where the backend has room for a request at every keystroke, all of it at
// 1 and beyond. Requests inside a word, which pay least, back off first:
// fully by 0.5, when those at a boundary begin to.
func (r *rhythm) waitAt(before, after string, c Config, level float64) time.Duration {
	full := float64(r.wait(before, after, c))
	if r.lowValue(before, after) {
		return time.Duration(full * ramp(level, 0, 0.5))
	}
	return time.Duration(full * ramp(level, 0.25, 0.75))
}

// lowValue reports whether a suggestion with the cursor after before pays
// little: inside a word, at the end of a finished statement, or soon after
// the last request on the same line.
func (r *rhythm) lowValue(before, after string) bool {
	return inWord(before) || endsLine(before, after) || r.soonAfterAsking(before)
}

// asked records a backend request with the cursor after before.
func (r *rhythm) asked(before string) {
	r.haveAsked = true
	r.askedAt = strings.LastIndexByte(before, '\n') + 1
	r.askedLine = before[r.askedAt:]
}

// soonAfterAsking reports whether the cursor after before is on the line of
// the last backend request, less than retryBytes past it.
func (r *rhythm) soonAfterAsking(before string) bool {
	start := strings.LastIndexByte(before, '\n') + 1
	line := before[start:]
	return r.haveAsked && start == r.askedAt && len(line) > len(r.askedLine) && len(line)-len(r.askedLine) < retryBytes &&
		strings.HasPrefix(line, r.askedLine)
}

// endsLine reports whether the cursor sits at the end of a line that a
// statement terminator or a closing brace ends: the next text goes on a new
// line, which a single-line suggestion does not show.
func endsLine(before, after string) bool {
	rest, _, _ := strings.Cut(after, "\n")
	line := strings.TrimSpace(before[strings.LastIndexByte(before, '\n')+1:])
	return strings.TrimSpace(rest) == "" && line != "" && strings.ContainsAny(line[len(line)-1:], ";}")
}

// inWord reports whether the cursor after before sits right after a letter,
// digit or underscore.
func inWord(before string) bool {
	r, _ := utf8.DecodeLastRuneInString(before)
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)
}
