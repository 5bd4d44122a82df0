package edit

import "sync/atomic"

// counters are the engine's running totals.
type counters struct {
	requests, attempts, applied, reasked, refused, errors atomic.Int64
}

// Stats is a snapshot of the engine's totals.
type Stats struct {
	// Requests counts Edit calls.
	Requests int64 `json:"requests"`
	// Attempts counts answers asked of the model.
	Attempts int64 `json:"attempts"`
	// Applied counts requests that ended in verified edits.
	Applied int64 `json:"applied"`
	// Reasked counts answers refused and asked again.
	Reasked int64 `json:"reasked"`
	// Refused counts requests whose every answer was refused.
	Refused int64 `json:"refused"`
	// Errors counts requests that failed for any other reason: bad input,
	// backend errors, cancellation.
	Errors int64 `json:"errors"`
}

// Stats returns the engine's totals.
func (e *Engine) Stats() Stats {
	c := &e.stats
	return Stats{
		Requests: c.requests.Load(), Attempts: c.attempts.Load(), Applied: c.applied.Load(),
		Reasked: c.reasked.Load(), Refused: c.refused.Load(), Errors: c.errors.Load(),
	}
}
