package complete

import (
	"context"

	"go.uber.org/zap"
)

// Alternatives let the user cycle through suggestions. A request the user
// invoked, or the editor asking again at the place it was just answered,
// gets up to maxSuggestions distinct suggestions: first the one the engine
// answered with, then what sampled generations say that differs, then, when
// the first spans several lines, its first line alone. The list of a cursor
// only grows and keeps its order, so that asking again cycles through the
// same suggestions; a request typed elsewhere cancels its generations.
const (
	// maxSuggestions bounds the suggestions of one answer.
	maxSuggestions = 3
	// samples is the number of sampled generations, with seeds 1 to
	// samples, so that the same prompt always gives the same alternatives.
	samples = 2
	// sampleTemperature is the temperature of the sampled generations.
	sampleTemperature = 0.7
)

// asked is a request a document received, to tell the editor asking again
// at the same place from a keystroke that moved elsewhere.
type asked struct {
	version  int32
	text     string
	cursor   int
	answered bool // guarded by docState.mu; it got a suggestion
}

// at reports whether a was made at the cursor of req, in the same version.
func (a *asked) at(req Request) bool {
	return a != nil && a.version == req.Version && a.cursor == req.Cursor && a.text == req.Text
}

// ask records req as ds's latest request, cancels the alternatives being
// sampled elsewhere, and reports whether req asks again where the previous
// request was answered.
func (ds *docState) ask(req Request) (a *asked, again bool) {
	a = &asked{version: req.Version, text: req.Text, cursor: req.Cursor}
	ds.mu.Lock()
	defer ds.mu.Unlock()
	again = ds.prev.at(req) && ds.prev.answered
	ds.prev = a
	ds.stopRuns(req.Text[:req.Cursor], req.Text[req.Cursor:], false)
	return a, again
}

// answered notes that a got a suggestion.
func (ds *docState) answered(a *asked) {
	ds.mu.Lock()
	a.answered = true
	ds.mu.Unlock()
}

// alternatives returns got, the answer to req, with the alternatives at its
// cursor: from the list already made there, sampling what it lacks.
func (e *Engine) alternatives(ctx context.Context, ds *docState, req Request, a *asked, got []Suggestion) ([]Suggestion, error) {
	before, after := req.Text[:req.Cursor], req.Text[req.Cursor:]
	var first Suggestion
	if len(got) > 0 {
		first = got[0]
	}
	ds.mu.Lock()
	if ds.prev != a || ds.closed {
		ds.mu.Unlock()
		return got, nil // a newer request followed: this place is left
	}
	if !ds.alts.at(before, after, first.Text) {
		ds.alts = &altList{before: before, after: after, first: first.Text}
	}
	list := ds.alts
	run := ds.startRun(ctx, e.ctx, before, after)
	ds.mu.Unlock()
	defer ds.endRun(run)

	for seed := 1; seed <= samples; seed++ {
		ds.mu.Lock()
		want := list.wants(seed)
		ds.mu.Unlock()
		if !want {
			continue
		}
		text, cut, err := e.sample(run.ctx, req, seed)
		switch {
		case ctx.Err() != nil:
			return nil, ctx.Err()
		case run.ctx.Err() != nil:
			return got, nil // typed elsewhere, or closing
		case err != nil || cut:
			// A failed sample is no answer, nor is one the time budget cut
			// short, which would not be the same when asked again: neither
			// is shown, and the next request samples again.
			e.logger.Debug("alternative not kept", zap.Int("seed", seed), zap.Bool("cut", cut), zap.Error(err))
			continue
		}
		id := e.newID()
		ds.mu.Lock()
		list.add(seed, Suggestion{Text: text, ID: id})
		ds.mu.Unlock()
	}
	ds.mu.Lock()
	defer ds.mu.Unlock()
	return list.answer(first, e.newID), nil
}

// sample generates the alternative of seed at req's cursor. cut says the
// time budget cut it short.
func (e *Engine) sample(ctx context.Context, req Request, seed int) (text string, cut bool, err error) {
	ctx, cancel := context.WithTimeout(ctx, e.cfg.Timeout)
	defer cancel()
	g := &generation{before: req.Text[:req.Cursor], after: req.Text[req.Cursor:], seed: seed, cancel: cancel,
		done: make(chan struct{})}
	e.stats.alternativeCalls.Add(1)
	text, err = e.generateAny(ctx, g, req)
	return text, g.cut, err
}

// altRun is a request sampling alternatives at a cursor; a request
// elsewhere in the document cancels it.
type altRun struct {
	before, after string
	ctx           context.Context
	cancel        context.CancelFunc
}

// startRun registers a run at a cursor under ctx, which also ends with
// engine, the engine's context. It holds mu.
func (ds *docState) startRun(ctx, engine context.Context, before, after string) *altRun {
	rctx, cancel := context.WithCancel(ctx)
	stop := context.AfterFunc(engine, cancel)
	r := &altRun{before: before, after: after, ctx: rctx, cancel: func() { stop(); cancel() }}
	ds.runs = append(ds.runs, r)
	return r
}

// endRun removes r and releases its context.
func (ds *docState) endRun(r *altRun) {
	ds.mu.Lock()
	for i, x := range ds.runs {
		if x == r {
			ds.runs = append(ds.runs[:i], ds.runs[i+1:]...)
			break
		}
	}
	ds.mu.Unlock()
	r.cancel()
}

// stopRuns cancels the runs at another cursor than before|after, or all of
// them. It holds mu.
func (ds *docState) stopRuns(before, after string, all bool) {
	kept := ds.runs[:0]
	for _, r := range ds.runs {
		if all || r.before != before || r.after != after {
			r.cancel()
			continue
		}
		kept = append(kept, r)
	}
	clear(ds.runs[len(kept):])
	ds.runs = kept
}
