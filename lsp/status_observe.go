package lsp

import (
	"context"
	"time"

	"github.com/lspilot/lspilot/diffing"
	"github.com/lspilot/lspilot/inference/complete"
	"github.com/lspilot/lspilot/inference/edit"
	"github.com/lspilot/lspilot/inference/explain"
)

// observed wraps features so that every generation reports to the
// session's status: busy while it runs, its outcome, and for completions the
// time to the first suggestion.
// Features that answer nothing are left as they are: nothing to observe,
// and no backend.
func (s *server) observed(f Features) Features {
	_, noC := f.Completer.(noModel)
	_, noX := f.Explainer.(noModel)
	_, noE := f.Editor.(noModel)
	_, noN := f.NextEditor.(noModel)
	s.activity.mu.Lock()
	s.activity.modelless = noC && noX && noE && noN
	s.activity.reported = f.Backends != nil
	// New features may reach another backend: an outage seen before says
	// nothing of them.
	s.activity.down, s.activity.lastErr, s.activity.lastErrAt = false, "", time.Time{}
	s.activity.mu.Unlock()
	if !noC {
		f.Completer = observedCompleter{completerHooks{f.Completer}, s}
	}
	if !noX {
		f.Explainer = observedExplainer{f.Explainer, s}
	}
	if !noE {
		f.Editor = observedEditor{f.Editor, s}
	}
	if !noN {
		f.NextEditor = observedNextEditor{f.NextEditor, s}
	}
	return f
}

// generation brackets one generation: busy until done is called with its
// outcome.
func (s *server) generation(ctx context.Context) (done func(error)) {
	s.activity.begin()
	s.publishStatus(ctx)
	return func(err error) {
		s.activity.end(ctx, err)
		s.publishStatus(ctx)
	}
}

type observedCompleter struct {
	completerHooks
	s *server
}

func (o observedCompleter) Complete(ctx context.Context, req complete.Request) ([]complete.Suggestion, error) {
	start := time.Now()
	done := o.s.generation(ctx)
	got, err := o.inner.Complete(ctx, req)
	if err == nil && len(got) > 0 {
		o.s.activity.lat.add(time.Since(start))
	}
	done(err)
	return got, err
}

type observedExplainer struct {
	x Explainer
	s *server
}

func (o observedExplainer) Explain(ctx context.Context, req explain.Request, onText func(string)) (explain.Explanation, error) {
	done := o.s.generation(ctx)
	ex, err := o.x.Explain(ctx, req, onText)
	done(err)
	return ex, err
}

func (o observedExplainer) Stats() any { return StatsOf(o.x) }

type observedEditor struct {
	e CodeEditor
	s *server
}

func (o observedEditor) Edit(ctx context.Context, req edit.Request, onText func(string)) (diffing.Result, error) {
	done := o.s.generation(ctx)
	res, err := o.e.Edit(ctx, req, onText)
	done(err)
	return res, err
}

func (o observedEditor) Stats() any { return StatsOf(o.e) }
