package sched

import (
	"context"
	"errors"
	"sync"

	"go.uber.org/zap"

	"github.com/lspilot/lspilot/inference"
)

// Scheduler decides what reaches one backend and when. It implements
// inference.Backend, and inference.As finds the inner backend's optional
// abilities through it (see Unwrap and As). It is safe for concurrent use.
type Scheduler struct {
	inner   inference.Backend
	batcher inference.Batcher // nil unless micro-batching is on and supported
	cfg     settings
	log     *zap.Logger
	keys    hasher
	adm     *admission
	counts  [numLanes]counters

	base context.Context // ends at Close; every job's context derives from it
	stop context.CancelFunc
	wg   sync.WaitGroup // counts job goroutines

	mu      sync.Mutex
	closed  bool              // guarded by mu
	flights map[key]*flight   // guarded by mu; the generations callers may join
	batches map[batchKey]*job // guarded by mu; the batches still gathering
	cache   *cache            // guarded by mu; nil when off
}

var _ inference.Backend = (*Scheduler)(nil)

// New returns a scheduler in front of b. Close it to stop its work.
func New(b inference.Backend, cfg Config) *Scheduler {
	set := cfg.settings()
	s := &Scheduler{inner: b, cfg: set, log: set.logger.Named("sched").With(zap.String("backend", b.Name())),
		keys: newHasher(), flights: make(map[key]*flight), batches: make(map[batchKey]*job)}
	s.base, s.stop = context.WithCancel(context.Background())
	s.adm = &admission{backend: b.Name(), clock: set.clock, limit: set.limit, deadlines: set.deadlines, slots: s.slots}
	if set.cacheTTL > 0 && set.cacheSize > 0 {
		s.cache = newCache(set.cacheSize, set.cacheTTL)
	}
	if bt, ok := inference.As[inference.Batcher](b); ok && set.batch.Enabled && b.Capabilities().PromptBatches {
		s.batcher = bt
	}
	return s
}

// Name returns the inner backend's name.
func (s *Scheduler) Name() string { return s.inner.Name() }

// Kind returns the inner backend's kind.
func (s *Scheduler) Kind() inference.BackendKind { return s.inner.Kind() }

// Capabilities returns the inner backend's.
func (s *Scheduler) Capabilities() inference.Capabilities { return s.inner.Capabilities() }

// slots returns the concurrency in force.
func (s *Scheduler) slots() int {
	if s.cfg.slots > 0 {
		return s.cfg.slots
	}
	if n := s.inner.Capabilities().Slots; n > 0 {
		return n
	}
	return DefaultSlots(s.inner.Kind())
}

// Generate streams req through fn: from the response cache, from an
// identical generation in flight, or from the backend once req's lane and
// session get a slot. A request whose lane deadline passes in the queue fails
// with a *DeadlineError, one that finds the queue full with an
// *OverloadError. Stats.Total counts the time since the call, queue included.
func (s *Scheduler) Generate(ctx context.Context, req *inference.Request, fn func(inference.Chunk) error) (inference.Stats, error) {
	if err := ctx.Err(); err != nil {
		return noStats(), err
	}
	if err := req.Validate(); err != nil {
		return noStats(), err
	}
	start := s.cfg.clock.Now()
	lane := laneOf(req.Lane)
	k := s.keys.of(req, true)
	c := &s.counts[lane]
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return noStats(), ErrClosed
	}
	if e, ok := s.cache.get(k, lane, start); ok {
		s.mu.Unlock()
		c.cacheHits.Add(1)
		return s.replay(e, start, fn)
	}
	f := s.flights[k]
	if f != nil {
		c.joined.Add(1)
	} else {
		var err error
		if f, err = s.launch(ctx, k, req, lane); err != nil {
			s.mu.Unlock()
			s.refused(lane, 1, err)
			return noStats(), err
		}
		c.admitted.Add(1)
	}
	sub := f.subscribe(start)
	s.mu.Unlock()
	return sub.follow(ctx, fn)
}

// launch starts a flight for req, asked under ctx: alone, or in a batch
// when batching applies. It holds mu.
func (s *Scheduler) launch(ctx context.Context, k key, req *inference.Request, lane inference.Lane) (*flight, error) {
	f := newFlight(s, k, req, lane)
	if s.batchable(req) {
		if err := s.collect(ctx, f); err != nil {
			return nil, err
		}
	} else {
		t, err := s.adm.enqueue(lane, req.Session)
		if err != nil {
			return nil, err
		}
		j := s.newJob(ctx, lane, req.Session)
		j.add(f)
		s.wg.Add(1)
		go s.runSingle(j, t)
	}
	s.flights[k] = f
	return f, nil
}

// leave removes a caller from its flight and reports whether that cancelled
// the flight's job: the flight lost its last caller, and so did every other
// flight of the job.
func (s *Scheduler) leave(sub *subscriber) bool {
	f := sub.f
	s.mu.Lock()
	defer s.mu.Unlock()
	if !f.drop(sub) {
		return false
	}
	if s.flights[f.key] == f {
		delete(s.flights, f.key)
	}
	j := f.job
	j.live--
	if j.live > 0 {
		return false
	}
	j.cancel()
	return true
}

// finish ends a flight, keeping its text in the cache when the generation
// answered; a failed flight leaves nothing behind, neither in the cache nor
// among the flights a later caller may join.
func (s *Scheduler) finish(f *flight, st inference.Stats, err error) {
	s.mu.Lock()
	if s.flights[f.key] == f {
		delete(s.flights, f.key)
	}
	if answered(st, err) && s.cache != nil && f.lane != inference.LaneWarmup {
		if text, ok := f.text(); ok {
			s.cache.add(f.key, entry{text: text, model: st.Model, reason: st.StopReason, seq: st.StopSequence},
				s.cfg.clock.Now())
		}
	}
	s.mu.Unlock()
	f.end(st, err)
}

// refused counts n requests of lane that never reached the backend.
func (s *Scheduler) refused(lane inference.Lane, n int, err error) {
	c := &s.counts[lane]
	switch {
	case errors.Is(err, ErrDeadline):
		c.dropped.Add(int64(n))
	case errors.Is(err, ErrOverloaded):
		c.rejected.Add(int64(n))
	case errors.Is(err, ErrClosed):
		return
	default:
		c.cancelled.Add(int64(n))
		return
	}
	if ce := s.log.Check(zap.DebugLevel, "request refused"); ce != nil {
		ce.Write(zap.Stringer("lane", lane), zap.Int("requests", n), zap.Error(err))
	}
}

// Close fails waiting requests with ErrClosed, cancels running generations
// and waits for the scheduler's goroutines to end. Calls after the first do
// nothing more than wait.
func (s *Scheduler) Close() {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	s.adm.close()
	s.stop()
	s.wg.Wait()
}

func noStats() inference.Stats { return inference.Stats{Slot: -1} }
