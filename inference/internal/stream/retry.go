package stream

import (
	"context"
	"math/rand/v2"
	"time"

	"github.com/lspilot/lspilot/inference"
)

// RetryPolicy bounds the retries of requests that failed before any text
// arrived (see inference.Retryable).
type RetryPolicy struct {
	// Retries is the number of extra attempts; 0 means none.
	Retries int
	// Base is the first backoff; later ones double up to Max.
	Base time.Duration
	// Max caps one backoff.
	Max time.Duration
	// MaxRetryAfter is the longest Retry-After honoured; a server asking for
	// more gets no retry, so that a caller can fail over at once.
	MaxRetryAfter time.Duration
}

// DefaultRetryPolicy is used when a configuration sets nothing.
var DefaultRetryPolicy = RetryPolicy{
	Retries:       2,
	Base:          100 * time.Millisecond,
	Max:           2 * time.Second,
	MaxRetryAfter: 10 * time.Second,
}

// RetryPolicyFor returns the retry policy configuration c asks for: its
// Retries, 2 when it sets none, none when it is negative.
func RetryPolicyFor(c inference.BackendConfig) RetryPolicy {
	p := DefaultRetryPolicy
	switch {
	case c.Retries < 0:
		p.Retries = 0
	case c.Retries > 0:
		p.Retries = c.Retries
	}
	return p
}

// delay returns the wait before attempt try+1 after err, or false when err
// must not be retried.
func (p RetryPolicy) delay(try int, err error) (time.Duration, bool) {
	if try > p.Retries || !inference.Retryable(err) {
		return 0, false
	}
	if be := inference.AsBackendError(err); be.RetryAfter > 0 {
		if be.RetryAfter > p.MaxRetryAfter {
			return 0, false
		}
		return be.RetryAfter, true
	}
	d := p.Base << min(try-1, 20)
	if d <= 0 || d > p.Max {
		d = p.Max
	}
	// Jitter within [d/2, d] so that clients that failed together do not
	// retry together.
	half := d / 2
	if half > 0 {
		d = half + rand.N(half+1)
	}
	return d, true
}

// sleep waits d or until ctx is done. A wait that would outlast ctx's
// deadline is not started.
func sleep(ctx context.Context, d time.Duration) bool {
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) < d {
		return false
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// watchdog cancels an attempt when the server stays silent for longer than
// the idle timeout. A nil watchdog does nothing.
type watchdog struct {
	d time.Duration
	t *time.Timer
}

func newWatchdog(d time.Duration, cancel context.CancelCauseFunc) *watchdog {
	if d <= 0 {
		return nil
	}
	return &watchdog{d: d, t: time.AfterFunc(d, func() { cancel(errIdle) })}
}

func (w *watchdog) kick() {
	if w != nil {
		w.t.Reset(w.d)
	}
}

func (w *watchdog) stop() {
	if w != nil {
		w.t.Stop()
	}
}
