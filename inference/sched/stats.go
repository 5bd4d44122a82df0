package sched

import (
	"slices"
	"sync/atomic"
	"time"

	"github.com/lspilot/lspilot/inference"
)

// Stats is a snapshot of a Scheduler's work.
type Stats struct {
	// Backend is the backend's name.
	Backend string `json:"backend"`
	// Slots is the concurrency in force; Running the generations running
	// now, a batch counting once.
	Slots   int `json:"slots"`
	Running int `json:"running"`
	// Lanes holds one entry per lane, in priority order.
	Lanes []LaneStats `json:"lanes"`
}

// LaneStats counts the requests of one lane since the Scheduler started.
type LaneStats struct {
	// Lane is the lane.
	Lane inference.Lane `json:"lane"`
	// Admitted counts requests that reached the queue or started at once.
	Admitted int64 `json:"admitted"`
	// Started counts requests whose backend generation started.
	Started int64 `json:"started"`
	// Dropped counts requests dropped unstarted at the lane's deadline.
	Dropped int64 `json:"dropped"`
	// Rejected counts requests refused, or shed from the queue, because it
	// was full.
	Rejected int64 `json:"rejected"`
	// Cancelled counts requests whose callers all left while they waited.
	Cancelled int64 `json:"cancelled"`
	// Joined counts requests answered by an identical generation already
	// queued or streaming.
	Joined int64 `json:"joined"`
	// CacheHits counts requests answered from the response cache.
	CacheHits int64 `json:"cacheHits"`
	// Batched counts requests sent in a batch of two prompts or more.
	Batched int64 `json:"batched"`
	// Queued is the number of admission units waiting now; a batch counts
	// once.
	Queued int `json:"queued"`
	// WaitP50 and WaitP95 are quantiles of the queue wait of recent
	// admissions, zero waits of idle slots included.
	WaitP50 time.Duration `json:"waitP50"`
	WaitP95 time.Duration `json:"waitP95"`
}

// counters are the running totals of one lane.
type counters struct {
	admitted, started, dropped, rejected, cancelled atomic.Int64
	joined, cacheHits, batched                      atomic.Int64
}

// samples keeps the most recent queue waits of one lane.
type samples struct {
	ring [256]time.Duration
	n    int // total added; the ring holds the last min(n, len(ring))
}

func (s *samples) add(d time.Duration) {
	s.ring[s.n%len(s.ring)] = d
	s.n++
}

// quantiles returns the 50th and 95th percentiles, nearest rank.
func (s *samples) quantiles() (p50, p95 time.Duration) {
	n := min(s.n, len(s.ring))
	if n == 0 {
		return 0, 0
	}
	sorted := slices.Clone(s.ring[:n])
	slices.Sort(sorted)
	rank := func(p int) time.Duration { return sorted[(p*n+99)/100-1] }
	return rank(50), rank(95)
}

// Stats returns a snapshot of the scheduler's counters and queues.
func (s *Scheduler) Stats() Stats {
	st := Stats{Backend: s.inner.Name(), Lanes: make([]LaneStats, numLanes)}
	a := s.adm
	a.mu.Lock()
	st.Slots, st.Running = a.slots(), a.running
	for i := range st.Lanes {
		l := inference.Lane(i)
		st.Lanes[i].Lane, st.Lanes[i].Queued = l, a.q.laneLen(l)
		st.Lanes[i].WaitP50, st.Lanes[i].WaitP95 = a.waits[i].quantiles()
	}
	a.mu.Unlock()
	for i := range st.Lanes {
		c, ls := &s.counts[i], &st.Lanes[i]
		ls.Admitted, ls.Started, ls.Dropped = c.admitted.Load(), c.started.Load(), c.dropped.Load()
		ls.Rejected, ls.Cancelled, ls.Joined = c.rejected.Load(), c.cancelled.Load(), c.joined.Load()
		ls.CacheHits, ls.Batched = c.cacheHits.Load(), c.batched.Load()
	}
	return st
}
