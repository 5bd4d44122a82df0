package route

import (
	"time"

	"go.uber.org/zap"

	"github.com/lspilot/lspilot/inference"
)

// Start records that req goes to replica now: one more request in flight
// there, and its key held there from now on. It returns the request to send:
// req itself, or, when RouterConfig.Slots gives the replica a llama.cpp slot, a
// copy with Slot set. req is never modified.
func (r *Router) Start(replica int, req *inference.Request) *inference.Request {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.cfg.Clock.Now()
	r.prepare(replica+1, now)
	rep := &r.reps[replica]
	rep.inflight++
	rep.requests++
	probe := rep.brk.start(now)
	r.key = AppendKey(r.key[:0], req)
	had := r.tree.Insert(r.key, replica, now)
	rep.matched += int64(had)
	rep.sent += int64(len(r.key))
	r.bound(replica)
	sent := req
	if r.cfg.Slots != nil && req != nil {
		sent = r.cfg.Slots.assign(replica, req, r.key, now)
	}
	r.pending[attemptKey{sent, replica}] = attemptRecord{predicted: ratio(had, len(r.key)), probe: probe}
	return sent
}

// Done records how an attempt that Start began went: a success closes the
// replica's breaker, a failure that calls for failover counts towards
// opening it (and an opened breaker forgets what the replica held), and
// cached-token counts from the server are compared with the prediction.
func (r *Router) Done(replica int, req *inference.Request, st inference.Stats, err error) {
	collapse := r.done(replica, req, st, err)
	if collapse != nil && r.cfg.OnReuseCollapse != nil {
		r.cfg.OnReuseCollapse(replica, collapse.predicted, collapse.reported)
	}
}

func (r *Router) done(replica int, req *inference.Request, st inference.Stats, err error) *reuseEvent {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.cfg.Clock.Now()
	r.prepare(replica+1, now)
	rep := &r.reps[replica]
	rep.inflight = max(rep.inflight-1, 0)
	k := attemptKey{req, replica}
	rec, known := r.pending[k]
	delete(r.pending, k)
	if r.cfg.Slots != nil && req != nil {
		r.cfg.Slots.Release(replica, req, st)
	}
	r.judge(replica, now, err, rec.probe)
	if err != nil || !st.CacheReported || st.PromptTokens <= 0 {
		return nil
	}
	reported := ratio(st.CachedTokens, st.PromptTokens)
	rep.reported++
	rep.cached += int64(min(st.CachedTokens, st.PromptTokens))
	rep.prompt += int64(st.PromptTokens)
	if !known {
		return nil
	}
	ev := rep.window.add(rec.predicted, reported, r.cfg.ReuseWindow, r.cfg.CollapseRatio)
	if ev != nil && ev.collapsed {
		r.cfg.Logger.Warn("kv cache reuse collapsed; prompts may have stopped sharing prefixes",
			zap.Int("replica", replica), zap.Float64("predicted", ev.predicted), zap.Float64("reported", ev.reported))
		return ev
	}
	if ev != nil {
		r.cfg.Logger.Info("kv cache reuse recovered", zap.Int("replica", replica),
			zap.Float64("predicted", ev.predicted), zap.Float64("reported", ev.reported))
	}
	return nil
}

// Observe feeds an outcome to replica's breaker, for callers that do not
// track attempts with Start and Done.
func (r *Router) Observe(replica int, _ inference.Stats, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.cfg.Clock.Now()
	r.prepare(replica+1, now)
	r.judge(replica, now, err, false)
}

// judge feeds an outcome to replica's breaker. A nil err is a success; an
// error that calls for failover a failure; any other (a cancelled request,
// a request the server refused) says nothing of the replica's health.
func (r *Router) judge(replica int, now time.Time, err error, probe bool) {
	switch {
	case err == nil:
		r.succeed(replica)
	case inference.Failover(err):
		r.reps[replica].failures++
		r.fail(replica, now, err)
	default:
		r.reps[replica].brk.abandon(probe)
	}
}

func (r *Router) succeed(replica int) {
	if r.reps[replica].brk.succeed() {
		r.cfg.Logger.Info("replica recovered", zap.Int("replica", replica))
	}
}

// fail counts a failure; when it opens the breaker, the replica's cache
// is forgotten, as a server that went down comes back cold.
func (r *Router) fail(replica int, now time.Time, err error) {
	brk := &r.reps[replica].brk
	if !brk.fail(now, r.cfg.Breaker) {
		return
	}
	freed := r.tree.Drop(replica)
	if r.cfg.Slots != nil {
		r.cfg.Slots.Forget(replica)
	}
	r.cfg.Logger.Warn("replica failing; it goes last until a probe succeeds", zap.Int("replica", replica),
		zap.Duration("cool_down", brk.coolDown), zap.Int("forgotten_bytes", freed), zap.Error(err))
}

// healthStart says whether replica is due a health check and whether that
// check is its half-open probe.
func (r *Router) healthStart(replica int) (probe, due bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.cfg.Clock.Now()
	r.prepare(replica+1, now)
	brk := &r.reps[replica].brk
	if !brk.available(now) {
		return false, false
	}
	return brk.start(now), true
}

// healthDone feeds a health check's outcome to replica's breaker: any error
// is a failure, unless the check was abandoned.
func (r *Router) healthDone(replica int, err error, probe, abandoned bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch {
	case abandoned:
		r.reps[replica].brk.abandon(probe)
	case err == nil:
		r.succeed(replica)
	default:
		r.fail(replica, r.cfg.Clock.Now(), err)
	}
}

func ratio(a, b int) float64 {
	if b <= 0 {
		return 0
	}
	return min(float64(a)/float64(b), 1)
}
