// Package clock lets the scheduler, the debouncers and the GPU simulator
// read time through an interface, so that benchmarks can replay editing in
// virtual time: deterministic and faster than real time. Real is the wall
// clock; Virtual moves only when told to.
//
// It imports only the standard library.
package clock

import (
	"container/heap"
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// Clock tells the time and makes timers.
type Clock interface {
	Now() time.Time
	// NewTimer returns a timer whose channel receives the time once d has
	// passed.
	NewTimer(d time.Duration) Timer
}

// Timer is a one-shot timer.
type Timer interface {
	C() <-chan time.Time
	// Stop prevents the timer from firing; it reports whether it stopped
	// it.
	Stop() bool
}

// Real returns the wall clock.
func Real() Clock { return realClock{} }

type realClock struct{}

func (realClock) Now() time.Time                 { return time.Now() }
func (realClock) NewTimer(d time.Duration) Timer { return realTimer{time.NewTimer(d)} }

type realTimer struct{ t *time.Timer }

func (t realTimer) C() <-chan time.Time { return t.t.C }
func (t realTimer) Stop() bool          { return t.t.Stop() }

// Sleep waits for d on c, or until ctx ends.
func Sleep(ctx context.Context, c Clock, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := c.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C():
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Virtual is a clock that moves only by Advance and AdvanceTo, firing the
// timers that fall due in order of their deadlines. It is safe for
// concurrent use.
type Virtual struct {
	activity atomic.Uint64 // counts calls, so Run can tell when all is quiet

	mu     sync.Mutex
	now    time.Time
	timers timerHeap // guarded by mu
	seq    uint64    // guarded by mu; orders timers with equal deadlines
}

// NewVirtual returns a virtual clock set to start.
func NewVirtual(start time.Time) *Virtual { return &Virtual{now: start} }

// Now returns the clock's time.
func (v *Virtual) Now() time.Time {
	v.activity.Add(1)
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.now
}

// NewTimer returns a timer that fires when the clock reaches Now()+d.
func (v *Virtual) NewTimer(d time.Duration) Timer {
	v.activity.Add(1)
	v.mu.Lock()
	defer v.mu.Unlock()
	t := &virtualTimer{v: v, c: make(chan time.Time, 1), at: v.now.Add(d), seq: v.seq, index: -1}
	v.seq++
	if d <= 0 {
		t.c <- v.now
		return t
	}
	heap.Push(&v.timers, t)
	return t
}

// Next returns the deadline of the earliest pending timer.
func (v *Virtual) Next() (time.Time, bool) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if len(v.timers) == 0 {
		return time.Time{}, false
	}
	return v.timers[0].at, true
}

// Advance moves the clock forward by d.
func (v *Virtual) Advance(d time.Duration) { v.AdvanceTo(v.Now().Add(d)) }

// AdvanceTo moves the clock to t, firing every timer due by then in order;
// the clock reads each timer's deadline as it fires. A t before Now leaves
// the clock as it is.
func (v *Virtual) AdvanceTo(t time.Time) {
	v.activity.Add(1)
	v.mu.Lock()
	defer v.mu.Unlock()
	for len(v.timers) > 0 && !v.timers[0].at.After(t) {
		next := heap.Pop(&v.timers).(*virtualTimer)
		v.now = next.at
		next.c <- next.at
	}
	if t.After(v.now) {
		v.now = t
	}
}

// Run drives the clock until ctx ends: whenever nothing has used the clock
// for settle of real time, it moves to the next timer's deadline plus
// quantum, firing every timer due by then. Work that runs between two
// instants without touching the clock must finish within settle for the
// replay to match real time (a larger settle is safer and slower), and
// events less than quantum apart are seen together (a larger quantum is
// faster and coarser).
func (v *Virtual) Run(ctx context.Context, settle, quantum time.Duration) {
	poll := time.NewTicker(max(settle/4, 50*time.Microsecond))
	defer poll.Stop()
	last, quietSince := v.activity.Load(), time.Now()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-poll.C:
			if cur := v.activity.Load(); cur != last {
				last, quietSince = cur, now
				continue
			}
			if now.Sub(quietSince) < settle {
				continue
			}
			if next, ok := v.Next(); ok {
				v.AdvanceTo(next.Add(quantum))
			}
			last, quietSince = v.activity.Load(), now
		}
	}
}

type virtualTimer struct {
	v     *Virtual
	c     chan time.Time
	at    time.Time
	seq   uint64
	index int // in the heap; -1 when not pending
}

func (t *virtualTimer) C() <-chan time.Time { return t.c }

func (t *virtualTimer) Stop() bool {
	t.v.activity.Add(1)
	t.v.mu.Lock()
	defer t.v.mu.Unlock()
	if t.index < 0 {
		return false
	}
	heap.Remove(&t.v.timers, t.index)
	return true
}

// timerHeap orders pending timers by deadline, then creation.
type timerHeap []*virtualTimer

func (h timerHeap) Len() int { return len(h) }
func (h timerHeap) Less(i, j int) bool {
	if !h[i].at.Equal(h[j].at) {
		return h[i].at.Before(h[j].at)
	}
	return h[i].seq < h[j].seq
}
func (h timerHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index, h[j].index = i, j
}
func (h *timerHeap) Push(x any) {
	t := x.(*virtualTimer)
	t.index = len(*h)
	*h = append(*h, t)
}
func (h *timerHeap) Pop() any {
	old := *h
	t := old[len(old)-1]
	old[len(old)-1] = nil
	t.index = -1
	*h = old[:len(old)-1]
	return t
}
