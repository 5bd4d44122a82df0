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
	accepts    int             // guarded by mu; suggestions taken whole
	partials   int             // guarded by mu; suggestions taken in part
	typedChars int             // guarded by mu; characters the keystrokes inserted
	accChars   int             // guarded by mu; characters that came from suggestions taken
	latencies  []time.Duration // guarded by mu; keystroke to ghost text, per shown suggestion
	lateness   []time.Duration // guarded by mu; how late each keystroke came after its time in the trace
	ended      int             // guarded by mu; editors that typed their whole trace before the run's end
	next       nextCounts      // guarded by mu
}

// nextCounts are what the editors of a run on edit traces saw of next
// edits.
type nextCounts struct {
	// asked counts next-edit requests, answered those answered while the
	// document was unchanged, with their latencies.
	asked     int
	latencies []time.Duration
	// shown counts answers with an edit that went on screen, accepted
	// those taken, acceptedChars the characters they wrote.
	shown, accepted, acceptedChars int
	// steps counts the trace steps made, byNext those next edits made.
	steps, byNext int
}

func (r *recorder) nextAsked() {
	r.mu.Lock()
	r.next.asked++
	r.mu.Unlock()
}

func (r *recorder) nextAnswered(latency time.Duration) {
	r.mu.Lock()
	r.next.latencies = append(r.next.latencies, latency)
	r.mu.Unlock()
}

func (r *recorder) nextShown() {
	r.mu.Lock()
	r.next.shown++
	r.mu.Unlock()
}

// nextAccepted records a next edit taken that wrote chars characters.
func (r *recorder) nextAccepted(chars int) {
	r.mu.Lock()
	r.next.accepted++
	r.next.acceptedChars += chars
	r.accChars += chars
	r.mu.Unlock()
}

// stepMade records a step of an edit trace made, by a next edit or not.
func (r *recorder) stepMade(byNext bool) {
	r.mu.Lock()
	r.next.steps++
	if byNext {
		r.next.byNext++
	}
	r.mu.Unlock()
}

// nextSnapshot returns the next-edit counts with sorted latencies.
func (r *recorder) nextSnapshot() nextCounts {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := r.next
	n.latencies = slices.Clone(n.latencies)
	slices.Sort(n.latencies)
	return n
}

// keystroke records one change the user made that inserted typed
// characters of their own (none for a backspace or a bare accept).
func (r *recorder) keystroke(typed int) {
	r.mu.Lock()
	r.keystrokes++
	r.typedChars += typed
	r.mu.Unlock()
}

// accepted records a suggestion taken, whole or in part, that inserted
// chars characters.
func (r *recorder) accepted(chars int, partial bool) {
	r.mu.Lock()
	if partial {
		r.partials++
	} else {
		r.accepts++
	}
	r.accChars += chars
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

// typing is what the users of a run did.
type typing struct {
	keystrokes int
	// accepts counts suggestions taken whole, partials those taken in
	// part (up to a word where they went wrong).
	accepts, partials int
	// typedChars counts the characters keystrokes inserted, acceptedChars
	// those that accepting suggestions inserted.
	typedChars, acceptedChars int
}

// snapshot returns the counts and the sorted latencies.
func (r *recorder) snapshot() (typing, []time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	l := slices.Clone(r.latencies)
	slices.Sort(l)
	return typing{r.keystrokes, r.accepts, r.partials, r.typedChars, r.accChars}, l
}

// quantile returns the q-quantile of sorted durations, 0 for none.
func quantile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(q * float64(len(sorted)-1))
	return sorted[i]
}
