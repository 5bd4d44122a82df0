package nextedit

import (
	"maps"
	"sync"
	"sync/atomic"
)

// counters are the engine's running totals.
type counters struct {
	requests, cacheHits, rebased, typedThrough, noEditCached, modelCalls atomic.Int64
	prefetches, prefetchHits, prefetchSkipped, offered, noEdit           atomic.Int64
	shown, accepted, rejected, ignored, refused, errors                  atomic.Int64
	noHistory                                                            atomic.Int64

	mu       sync.Mutex
	refusals map[string]int64 // guarded by mu; by reason
}

// refuse counts a refusal.
func (c *counters) refuse(reason string) {
	c.refused.Add(1)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.refusals == nil {
		c.refusals = make(map[string]int64)
	}
	c.refusals[reason]++
}

// Stats is a snapshot of the engine's totals.
type Stats struct {
	// Requests counts Suggest calls.
	Requests int64 `json:"requests"`
	// CacheHits counts requests answered with the live edit of an
	// unchanged document; Rebased those answered with the rest of an edit
	// the user is typing; TypedThrough edits the user typed whole.
	CacheHits    int64 `json:"cacheHits"`
	Rebased      int64 `json:"rebased"`
	TypedThrough int64 `json:"typedThrough"`
	// NoEditCached counts requests answered from a cached "no edit";
	// NoHistory those answered without one before the session changed
	// anything.
	NoEditCached int64 `json:"noEditCached"`
	NoHistory    int64 `json:"noHistory"`
	// ModelCalls counts generations started, prefetches included;
	// Prefetches those started after an accepted edit, PrefetchHits the
	// requests they answered, PrefetchSkipped those the bound refused.
	ModelCalls      int64 `json:"modelCalls"`
	Prefetches      int64 `json:"prefetches"`
	PrefetchHits    int64 `json:"prefetchHits"`
	PrefetchSkipped int64 `json:"prefetchSkipped"`
	// Offered counts edits answered; NoEdit answers without one.
	Offered int64 `json:"offered"`
	NoEdit  int64 `json:"noEdit"`
	// Shown, Accepted and Rejected count the editor's reports; Ignored
	// counts shown edits the user moved on from.
	Shown    int64 `json:"shown"`
	Accepted int64 `json:"accepted"`
	Rejected int64 `json:"rejected"`
	Ignored  int64 `json:"ignored"`
	// Refused counts rewrites that failed verification, RefusedBy by
	// reason (unbalanced, indentation, syntax, truncated, malformed,
	// rejected).
	Refused   int64            `json:"refused"`
	RefusedBy map[string]int64 `json:"refusedBy,omitempty"`
	// Errors counts failed generations.
	Errors int64 `json:"errors"`
}

// Stats returns the engine's totals.
func (e *Engine) Stats() Stats {
	c := &e.stats
	c.mu.Lock()
	by := maps.Clone(c.refusals)
	c.mu.Unlock()
	return Stats{
		Requests: c.requests.Load(), CacheHits: c.cacheHits.Load(), Rebased: c.rebased.Load(),
		TypedThrough: c.typedThrough.Load(), NoEditCached: c.noEditCached.Load(), NoHistory: c.noHistory.Load(),
		ModelCalls: c.modelCalls.Load(), Prefetches: c.prefetches.Load(), PrefetchHits: c.prefetchHits.Load(),
		PrefetchSkipped: c.prefetchSkipped.Load(), Offered: c.offered.Load(), NoEdit: c.noEdit.Load(),
		Shown: c.shown.Load(), Accepted: c.accepted.Load(), Rejected: c.rejected.Load(), Ignored: c.ignored.Load(),
		Refused: c.refused.Load(), RefusedBy: by, Errors: c.errors.Load(),
	}
}
