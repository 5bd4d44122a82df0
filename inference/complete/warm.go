package complete

import (
	"context"

	"go.uber.org/zap"

	"github.com/lspilot/lspilot/inference"
)

// scheduleWarm arranges a warm-up for req's document once its session has
// been idle for the policy's idle time: the prompt the user would send next
// is evaluated into the server's cache (no tokens generated), so that the
// next keystroke finds it there. It is the policy that decides whether the
// prompt's context part changed since it was last sent and whether the
// replica already holds it. One wait runs per document at a time.
func (e *Engine) scheduleWarm(ds *docState, req Request) {
	if e.cfg.Warmup == nil || req.Invoked || e.pace.at(e.now()) > 1 {
		return // a saturated backend has no prefill to spare
	}
	ds.mu.Lock()
	ds.warmReq = req
	pending := ds.warming
	ds.warming = true
	ds.mu.Unlock()
	if !pending {
		e.wg.Go(func() { e.warmWhenIdle(ds) })
	}
}

// warmWhenIdle waits until ds has seen no request for the idle time, then
// warms its latest one unless a generation for it is under way.
func (e *Engine) warmWhenIdle(ds *docState) {
	for {
		ds.mu.Lock()
		seq := ds.seq
		ds.mu.Unlock()
		err := e.sleep(e.ctx, e.cfg.Warmup.Idle())
		ds.mu.Lock()
		if err == nil && ds.seq != seq {
			ds.mu.Unlock()
			continue // typed on: wait again
		}
		req, busy, closed := ds.warmReq, ds.gen != nil && !ds.gen.finished(), ds.closed
		ds.warming = false
		ds.mu.Unlock()
		if err != nil || busy || closed {
			return // closing, a generation fills the cache itself, or the document closed
		}
		e.warm(req)
		return
	}
}

// warm sends req's prompt as a warm-up to the first backend for its
// language, when the policy finds it worth it.
func (e *Engine) warm(req Request) {
	bs := e.backends.For(req.Language)
	if len(bs) == 0 {
		return
	}
	w, ok := inference.As[inference.Warmer](bs[0])
	if !ok {
		return
	}
	ctx, cancel := context.WithTimeout(e.ctx, e.cfg.Timeout)
	defer cancel()
	tmpl, counter, err := e.tmpl.get(ctx, bs[0], false)
	if err != nil {
		return
	}
	j, err := e.prepare(tmpl, counter, req, 0)
	if err != nil {
		return
	}
	wr := e.cfg.Warmup.Check(j.req, e.cfg.WarmHolder)
	if wr == nil {
		return
	}
	e.stats.warmups.Add(1)
	st, err := w.Warm(ctx, wr)
	if err != nil && ctx.Err() == nil {
		e.logger.Debug("warm-up failed", zap.String("backend", bs[0].Name()), zap.Error(err))
	}
	e.stats.record(st)
}
