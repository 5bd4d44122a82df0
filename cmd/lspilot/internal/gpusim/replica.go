package gpusim

import (
	"slices"
	"sync"
	"time"

	"go.uber.org/zap"

	"github.com/lspilot/lspilot/inference/clock"
)

// replica is one simulated GPU: a scheduler goroutine that runs steps of
// continuous batching in the clock's time, a FIFO queue and a KV cache.
type replica struct {
	id     int
	preset Preset
	clock  clock.Clock
	logger *zap.Logger

	wake chan struct{} // poked when work arrives or a sequence is cancelled
	done chan struct{} // closed by stop
	exit chan struct{} // closed when run returns

	mu      sync.Mutex
	queue   []*seq   // guarded by mu; FIFO
	running []*seq   // guarded by mu; in admission order
	kv      *kvCache // guarded by mu
	stats   ReplicaStats
	closed  bool // guarded by mu
}

func newReplica(id int, p Preset, c clock.Clock, logger *zap.Logger) *replica {
	r := &replica{
		id: id, preset: p, clock: c, logger: logger,
		wake: make(chan struct{}, 1), done: make(chan struct{}), exit: make(chan struct{}),
		kv: newKVCache(p.KVCapacityTokens(), p.Slots),
	}
	go r.run()
	return r
}

// submit queues one sequence per job, all at once, whose events (the
// sequence's index in jobs, and its tokens) go to events, which must have
// room for all of them. It fails with ErrCapacity when a sequence could never
// fit the KV cache, with ErrBadSlot for a slot the replica lacks and with
// ErrClosed after stop; then it queues none.
func (r *replica) submit(jobs []job, events chan<- event) ([]*seq, error) {
	now := r.clock.Now()
	seqs := make([]*seq, len(jobs))
	for i, j := range jobs {
		seqs[i] = &seq{job: j, index: i, events: events, slotIdx: -1, arrived: now}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return nil, ErrClosed
	}
	for _, s := range seqs {
		var err error
		switch {
		case s.slot >= len(r.kv.slots):
			err = ErrBadSlot
		case s.need() > r.kv.total:
			err = ErrCapacity
		}
		if err != nil {
			r.stats.Rejected += len(seqs)
			return nil, err
		}
	}
	r.stats.Requests += len(seqs)
	r.queue = append(r.queue, seqs...)
	r.poke()
	return seqs, nil
}

// cancel ends s: a queued sequence leaves the queue at once, a running one
// frees its slot and blocks at the next step.
func (r *replica) cancel(s *seq) {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch s.state {
	case stateQueued:
		r.queue = slices.DeleteFunc(r.queue, func(q *seq) bool { return q == s })
		s.state = stateDone
		r.stats.Cancelled++
	case stateRunning:
		s.cancelled = true
		r.poke()
	}
}

func (r *replica) poke() {
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// run is the scheduler loop: plan a step, wait for its duration on the clock,
// apply it; sleep while there is nothing to run.
func (r *replica) run() {
	defer close(r.exit)
	for {
		r.mu.Lock()
		start := r.clock.Now()
		st, ok := r.plan(start)
		r.mu.Unlock()
		if !ok {
			select {
			case <-r.wake:
				continue
			case <-r.done:
				r.abort()
				return
			}
		}
		t := r.clock.NewTimer(st.dur)
		select {
		case <-t.C():
		case <-r.done:
			t.Stop()
			r.abort()
			return
		}
		r.mu.Lock()
		r.apply(st, start, r.clock.Now())
		r.mu.Unlock()
	}
}

// stop ends the scheduler and fails every sequence still queued or running.
func (r *replica) stop() {
	r.mu.Lock()
	already := r.closed
	r.closed = true
	r.mu.Unlock()
	if !already {
		close(r.done)
	}
	<-r.exit
}

func (r *replica) abort() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, s := range append(r.queue, r.running...) {
		s.state = stateDone
		s.events <- event{index: s.index, done: true, err: ErrClosed}
	}
	r.queue, r.running = nil, nil
}

// snapshot returns the replica's counters and gauges.
func (r *replica) snapshot() ReplicaStats {
	r.mu.Lock()
	defer r.mu.Unlock()
	st := r.stats
	st.Queued, st.Running = len(r.queue), len(r.running)
	st.EvictedBlocks = r.kv.evicted
	st.KVBlocks, st.KVUsedBlocks = r.kv.total, r.kv.used()
	return st
}

// since is now - t, zero for a zero t.
func since(now, t time.Time) time.Duration {
	if t.IsZero() {
		return 0
	}
	return now.Sub(t)
}
