package sched

import (
	"time"

	"github.com/lspilot/lspilot/inference"
)

// Observer hears of the generations a Scheduler sends to its backend, for
// metrics. Generated is called once per request sent (a batch of n prompts
// calls it n times), on the goroutine that ran the generation, after the
// stream ended and before its callers hear of the end; it must be cheap and
// safe for concurrent use.
type Observer interface {
	// Generated reports a generation of lane on backend that took d from
	// its slot being granted to its end, with the backend's stats and
	// error (nil, a backend failure, a cancellation or ErrClosed).
	Generated(backend string, lane inference.Lane, d time.Duration, st inference.Stats, err error)
}

// observe reports a generation that began at began to the observer, if any.
func (s *Scheduler) observe(lane inference.Lane, began time.Time, st inference.Stats, err error) {
	if o := s.cfg.observer; o != nil {
		o.Generated(s.inner.Name(), lane, s.cfg.clock.Now().Sub(began), st, err)
	}
}
