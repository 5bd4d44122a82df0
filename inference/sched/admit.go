package sched

import (
	"context"
	"sync"
	"time"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/clock"
)

// admission bounds the generations running on one backend and queues the
// rest by lane and session. A unit of work enqueues a ticket, waits for it,
// runs, and releases its slot.
type admission struct {
	backend   string
	clock     clock.Clock
	limit     int
	deadlines [numLanes]time.Duration
	slots     func() int

	mu      sync.Mutex
	q       queue             // guarded by mu
	running int               // guarded by mu
	closed  bool              // guarded by mu
	waits   [numLanes]samples // guarded by mu; queue waits of granted tickets
}

// enqueue asks for a slot for lane and session without blocking: the ticket
// is granted at once when a slot is free and nobody waits, else it waits in
// the queue. A full queue sheds the newest ticket of a lower lane or, when
// there is none, rejects the request with an *OverloadError.
func (a *admission) enqueue(lane inference.Lane, session string) (*ticket, error) {
	now := a.clock.Now()
	t := &ticket{lane: lane, session: session, queued: now, ready: make(chan struct{}, 1)}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		return nil, ErrClosed
	}
	slots := a.slots()
	if a.running < slots && a.q.len() == 0 {
		a.running++
		t.state, t.immediate = granted, true
		a.waits[lane].add(0)
		return t, nil
	}
	if a.q.len() >= a.limit {
		v := a.q.victim(lane)
		if v == nil {
			return nil, &OverloadError{Backend: a.backend, Lane: lane, Waiting: a.q.len(), Slots: slots}
		}
		a.q.remove(v)
		a.leave(v, &OverloadError{Backend: a.backend, Lane: v.lane, Waiting: a.q.len() + 1, Slots: slots})
	}
	if d := a.deadlines[lane]; d > 0 {
		t.timer = a.clock.NewTimer(d)
	}
	a.q.push(t)
	a.dispatch(slots)
	return t, nil
}

// wait blocks until t holds a slot, its deadline passes, ctx ends or the
// scheduler closes. Unless it returns nil the caller holds no slot.
func (a *admission) wait(ctx context.Context, t *ticket) error {
	if t.immediate {
		return nil
	}
	var deadline <-chan time.Time
	if t.timer != nil {
		deadline = t.timer.C()
	}
	select {
	case <-t.ready:
		a.mu.Lock()
		defer a.mu.Unlock()
		return t.err
	case <-ctx.Done():
		return a.abandon(t, ctx.Err())
	case <-deadline:
		return a.abandon(t, &DeadlineError{Backend: a.backend, Lane: t.lane, Deadline: a.deadlines[t.lane]})
	}
}

// abandon takes a ticket out of the queue for err. A ticket granted in the
// meantime keeps its slot against a deadline, which it met, and gives it back
// against a cancellation.
func (a *admission) abandon(t *ticket, err error) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	switch t.state {
	case granted:
		if _, late := err.(*DeadlineError); late {
			return nil
		}
		a.running--
		a.dispatch(a.slots())
		return err
	case gone:
		return t.err
	}
	a.q.remove(t)
	t.state, t.err = gone, err
	if t.timer != nil {
		t.timer.Stop()
	}
	return err
}

// release gives back a slot and grants it to the next ticket.
func (a *admission) release() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.running--
	a.dispatch(a.slots())
}

// dispatch grants free slots to waiting tickets in queue order. It holds mu.
func (a *admission) dispatch(slots int) {
	for a.running < slots {
		t := a.q.pop()
		if t == nil {
			return
		}
		a.running++
		t.state = granted
		if t.timer != nil {
			t.timer.Stop()
		}
		a.waits[t.lane].add(a.clock.Now().Sub(t.queued))
		t.ready <- struct{}{}
	}
}

// leave signals a ticket that left the queue without a slot. It holds mu.
func (a *admission) leave(t *ticket, err error) {
	t.state, t.err = gone, err
	if t.timer != nil {
		t.timer.Stop()
	}
	t.ready <- struct{}{}
}

// close refuses new tickets and fails the waiting ones with ErrClosed.
func (a *admission) close() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.closed = true
	for _, t := range a.q.drain() {
		a.leave(t, ErrClosed)
	}
}

// check reports the *OverloadError that enqueue would return for lane now.
func (a *admission) check(lane inference.Lane) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		return ErrClosed
	}
	if a.q.len() < a.limit || a.q.victim(lane) != nil {
		return nil
	}
	return &OverloadError{Backend: a.backend, Lane: lane, Waiting: a.q.len(), Slots: a.slots()}
}
