package explain

import "sync/atomic"

// counters are the engine's running totals.
type counters struct {
	requests, skipped, cacheHits, tooSoon, modelCalls, partial, errors atomic.Int64
}

// Stats is a snapshot of the engine's totals.
type Stats struct {
	// Requests counts Explain calls.
	Requests int64 `json:"requests"`
	// Skipped counts hovers over nothing worth explaining (no model call).
	Skipped int64 `json:"skipped"`
	// CacheHits counts answers served from the cache.
	CacheHits int64 `json:"cacheHits"`
	// TooSoon counts hovers refused by the per-session delay.
	TooSoon int64 `json:"tooSoon"`
	// ModelCalls counts generations started.
	ModelCalls int64 `json:"modelCalls"`
	// Partial counts answers cut by the deadline.
	Partial int64 `json:"partial"`
	// Errors counts failed generations.
	Errors int64 `json:"errors"`
}

// Stats returns the engine's totals.
func (e *Engine) Stats() Stats {
	c := &e.stats
	return Stats{
		Requests: c.requests.Load(), Skipped: c.skipped.Load(), CacheHits: c.cacheHits.Load(),
		TooSoon: c.tooSoon.Load(), ModelCalls: c.modelCalls.Load(), Partial: c.partial.Load(),
		Errors: c.errors.Load(),
	}
}
