package nextedit

import (
	"context"
	"strings"
)

// prefetch computes, in the background, the edit that follows o once the
// editor applies it: the text o leaves, with the cursor after its new text.
// It starts only while model calls stay within PrefetchRatio times the
// edits shown, so that prefetching never costs more calls than the edits
// users see justify.
func (e *Engine) prefetch(o *offer) {
	if e.cfg.PrefetchRatio < 0 {
		return
	}
	if calls, shown := e.stats.modelCalls.Load(), e.stats.shown.Load(); float64(calls+1) > e.cfg.PrefetchRatio*float64(shown) {
		e.stats.prefetchSkipped.Add(1)
		return
	}
	text := o.final()
	cursor := o.start + len(o.new)
	req := Request{Session: o.session, URI: o.uri, Path: o.path, Language: o.language, Text: text, Cursor: cursor}
	ctx, cancel := context.WithCancel(e.ctx)
	p := &prefetchResult{hash: e.cache.hash(text), line: strings.Count(text[:cursor], "\n"), cancel: cancel, done: make(chan struct{})}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		cancel()
		return
	}
	e.cache.setPrefetch(o.session, o.uri, p)
	e.stats.prefetches.Add(1)
	e.wg.Add(1)
	go func() {
		defer e.wg.Done()
		defer cancel()
		defer close(p.done)
		p.offer, p.err = e.compute(ctx, req)
	}()
}

// fromPrefetch returns the prefetched answer for the request's text and
// cursor line, waiting for it while it runs; ok is false when there is
// none, or it failed. A nil offer with ok means no edit.
func (e *Engine) fromPrefetch(ctx context.Context, req Request, line int) (o *offer, ok bool) {
	p := e.cache.prefetchFor(req.Session, req.URI)
	if p == nil || p.line != line || p.hash != e.cache.hash(req.Text) {
		return nil, false
	}
	select {
	case <-p.done:
	case <-ctx.Done():
		return nil, false
	}
	if p.err != nil {
		return nil, false
	}
	if p.offer == nil {
		return nil, true
	}
	c := *p.offer
	return &c, true
}
