package benchmark

import (
	"slices"
	"sync"
	"time"
)

// recorder collects what the editors of one run saw. It is safe for
// concurrent use.
type recorder struct {
	mu         sync.Mutex
	keystrokes int             // guarded by mu
	accepts    int             // guarded by mu
	latencies  []time.Duration // guarded by mu; keystroke to ghost text, per shown suggestion
	lateness   []time.Duration // guarded by mu; how late each keystroke came after its time in the trace
	ended      int             // guarded by mu; editors that typed their whole trace before the run's end
}

func (r *recorder) keystroke() {
	r.mu.Lock()
	r.keystrokes++
	r.mu.Unlock()
}

func (r *recorder) accepted() {
	r.mu.Lock()
	r.accepts++
	r.mu.Unlock()
}

func (r *recorder) shown(latency time.Duration) {
	r.mu.Lock()
	r.latencies = append(r.latencies, latency)
	r.mu.Unlock()
}

func (r *recorder) traceEnded() {
	r.mu.Lock()
	r.ended++
	r.mu.Unlock()
}

// endedEarly counts the editors that typed their whole trace.
func (r *recorder) endedEarly() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.ended
}

func (r *recorder) late(d time.Duration) {
	r.mu.Lock()
	r.lateness = append(r.lateness, d)
	r.mu.Unlock()
}

// lateKeys returns the sorted lateness of the keystrokes.
func (r *recorder) lateKeys() []time.Duration {
	r.mu.Lock()
	defer r.mu.Unlock()
	l := slices.Clone(r.lateness)
	slices.Sort(l)
	return l
}

// snapshot returns the counts and the sorted latencies.
func (r *recorder) snapshot() (keystrokes, accepts int, latencies []time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	l := slices.Clone(r.latencies)
	slices.Sort(l)
	return r.keystrokes, r.accepts, l
}

// quantile returns the q-quantile of sorted durations, 0 for none.
func quantile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(q * float64(len(sorted)-1))
	return sorted[i]
}
