package sched

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/lspilot/lspilot/inference"
)

// flight is one backend generation shared by every caller that asked for the
// same thing while it was queued or streaming. It buffers what it streams, so
// that a caller who joins late is served from the start, and it is abandoned,
// ending its backend stream, when its last caller leaves.
type flight struct {
	s    *Scheduler
	key  key
	req  inference.Request // the first caller's, copied
	lane inference.Lane
	job  *job // guarded by Scheduler.mu

	mu        sync.Mutex
	chunks    []inference.Chunk // guarded by mu; never rewritten, only appended
	subs      []*subscriber     // guarded by mu
	abandoned bool              // guarded by mu; every caller left before the end
	done      bool              // guarded by mu
	stats     inference.Stats   // guarded by mu; set with done
	err       error             // guarded by mu; set with done
	ended     chan struct{}     // closed with done
}

func newFlight(s *Scheduler, k key, req *inference.Request, lane inference.Lane) *flight {
	return &flight{s: s, key: k, req: *req, lane: lane, ended: make(chan struct{})}
}

// subscriber is one caller following a flight.
type subscriber struct {
	f     *flight
	wake  chan struct{} // holds one signal that the flight moved on
	next  int           // chunks delivered so far
	start time.Time
	late  bool // joined once chunks had streamed: its timings are not the server's
}

// subscribe adds a caller who arrived at start.
func (f *flight) subscribe(start time.Time) *subscriber {
	sub := &subscriber{f: f, wake: make(chan struct{}, 1), start: start}
	f.mu.Lock()
	defer f.mu.Unlock()
	sub.late = len(f.chunks) > 0
	f.subs = append(f.subs, sub)
	return sub
}

// push buffers a chunk from the backend and wakes the callers. It returns
// ErrStop once the flight is abandoned, ending the stream at once (for a
// batch, only this prompt's).
func (f *flight) push(c inference.Chunk) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.abandoned {
		return inference.ErrStop
	}
	f.chunks = append(f.chunks, c)
	f.notify()
	return nil
}

// end records the outcome and wakes the callers.
func (f *flight) end(st inference.Stats, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.done, f.stats, f.err = true, st, err
	close(f.ended)
	f.notify()
}

// notify wakes every caller without blocking. It holds mu.
func (f *flight) notify() {
	for _, sub := range f.subs {
		select {
		case sub.wake <- struct{}{}:
		default:
		}
	}
}

// drop removes sub and reports whether that abandons the flight: sub was
// the last caller and the generation had not ended.
func (f *flight) drop(sub *subscriber) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if i := indexOf(f.subs, sub); i >= 0 {
		f.subs = append(f.subs[:i], f.subs[i+1:]...)
	}
	if len(f.subs) > 0 || f.done {
		return false
	}
	f.abandoned = true
	return true
}

// text returns the whole generated text, false when the flight was
// abandoned and its text is cut short.
func (f *flight) text() (string, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.abandoned {
		return "", false
	}
	var b strings.Builder
	for _, c := range f.chunks {
		b.WriteString(c.Text)
	}
	return b.String(), true
}

func (f *flight) isAbandoned() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.abandoned
}

func indexOf(subs []*subscriber, sub *subscriber) int {
	for i, s := range subs {
		if s == sub {
			return i
		}
	}
	return -1
}

// follow delivers the flight's chunks to fn on the caller's goroutine, those
// already buffered first, until the flight ends, fn returns an error or ctx
// ends.
func (sub *subscriber) follow(ctx context.Context, fn func(inference.Chunk) error) (inference.Stats, error) {
	f := sub.f
	for {
		if err := ctx.Err(); err != nil {
			return sub.quit(err)
		}
		f.mu.Lock()
		pending, ended := f.chunks[sub.next:], f.done
		f.mu.Unlock()
		for _, c := range pending {
			sub.next++
			if err := fn(c); err != nil {
				return sub.quit(err)
			}
		}
		if ended {
			return sub.result()
		}
		select {
		case <-sub.wake:
		case <-ctx.Done():
		}
	}
}

// result returns the ended flight's outcome as this caller sees it.
func (sub *subscriber) result() (inference.Stats, error) {
	f := sub.f
	f.mu.Lock()
	st, err := f.stats, f.err
	if i := indexOf(f.subs, sub); i >= 0 {
		f.subs = append(f.subs[:i], f.subs[i+1:]...)
	}
	f.mu.Unlock()
	st.Total, st.Replayed = sub.elapsed(), st.Replayed || sub.late
	return st, err
}

// quit leaves the flight for err. ErrStop ends the caller's stream
// successfully, as the Backend contract says. The last caller to leave waits
// for the abandoned stream to close, so that the backend's slot is free when
// Generate returns.
func (sub *subscriber) quit(err error) (inference.Stats, error) {
	f := sub.f
	if f.s.leave(sub) {
		<-f.ended
	}
	if !errors.Is(err, inference.ErrStop) {
		return inference.Stats{Slot: -1, Total: sub.elapsed()}, err
	}
	f.mu.Lock()
	st, ended := f.stats, f.done
	f.mu.Unlock()
	if !ended {
		st = inference.Stats{Model: f.req.Model, GeneratedTokens: sub.next, Slot: -1}
	}
	st.StopReason, st.StopSequence = inference.StopClient, ""
	st.Total, st.Replayed = sub.elapsed(), st.Replayed || sub.late
	return st, nil
}

func (sub *subscriber) elapsed() time.Duration { return sub.f.s.cfg.clock.Now().Sub(sub.start) }
