package complete

import (
	"slices"
	"time"
)

// rhythm learns how fast a user types from the gaps between the automatic
// requests of one document, and picks the debounce: long enough that a
// request followed by another keystroke within the user's usual gap never
// reaches the backend, short enough to add little latency at a pause.
type rhythm struct {
	last time.Time
	gaps []time.Duration // recent in-burst gaps, oldest first
}

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

// debounce returns the wait before a request goes to the backend: the 75th
// percentile of recent in-burst gaps, within [lo, hi]; def until enough gaps
// are known.
func (r *rhythm) debounce(lo, def, hi time.Duration) time.Duration {
	if len(r.gaps) < 4 {
		return def
	}
	sorted := slices.Clone(r.gaps)
	slices.Sort(sorted)
	p75 := sorted[len(sorted)*3/4]
	return min(max(p75, lo), hi)
}
