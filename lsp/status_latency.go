package lsp

import (
	"slices"
	"sync"
	"time"
)

// latencyWindow is how many recent samples the latency percentiles cover.
const latencyWindow = 256

// latencies keeps the most recent latencyWindow durations in a ring.
type latencies struct {
	mu      sync.Mutex
	samples [latencyWindow]time.Duration // guarded by mu
	n       int                          // guarded by mu; samples recorded, at most latencyWindow
	next    int                          // guarded by mu; where the next sample goes
}

// add records d, replacing the oldest sample when the window is full.
func (l *latencies) add(d time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.samples[l.next] = d
	l.next = (l.next + 1) % latencyWindow
	l.n = min(l.n+1, latencyWindow)
}

// LatencySummary gives percentiles of the time to first suggestion over the
// most recent suggestions, in milliseconds; zero without samples.
type LatencySummary struct {
	Samples int     `json:"samples"`
	P50Ms   float64 `json:"p50Ms"`
	P95Ms   float64 `json:"p95Ms"`
	P99Ms   float64 `json:"p99Ms"`
}

// summary returns the window's percentiles (nearest rank).
func (l *latencies) summary() LatencySummary {
	l.mu.Lock()
	s := slices.Clone(l.samples[:l.n])
	l.mu.Unlock()
	if len(s) == 0 {
		return LatencySummary{}
	}
	slices.Sort(s)
	at := func(p int) float64 {
		i := (p*len(s)+99)/100 - 1
		return float64(s[max(i, 0)].Microseconds()) / 1000
	}
	return LatencySummary{Samples: len(s), P50Ms: at(50), P95Ms: at(95), P99Ms: at(99)}
}
