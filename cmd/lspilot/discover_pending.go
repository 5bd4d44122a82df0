package main

import (
	"context"
	"sync"

	"go.uber.org/zap"

	"github.com/lspilot/lspilot/diffing"
	"github.com/lspilot/lspilot/inference/complete"
	"github.com/lspilot/lspilot/inference/edit"
	"github.com/lspilot/lspilot/inference/explain"
	"github.com/lspilot/lspilot/lsp"
	"github.com/lspilot/lspilot/lsp/config"
	"github.com/lspilot/lspilot/lsp/metrics"
)

// pending serves the features of a configuration without backends. Each
// request waits for the search for a backend (at most
// discover.DefaultTimeout, and usually over before the editor asks: a few
// requests to loopback), then goes to features built on the first request
// from the configuration plus the backend found. Waiting rather than
// answering empty while the search runs means that the first suggestion a
// user asks for is answered. Without a backend found, requests answer empty
// and look again at most every researchAfter.
type pending struct {
	auto    *autoBackend
	cfg     config.Config
	logger  *zap.Logger
	metrics *metrics.Metrics // where the features built are observed; nil for none

	mu     sync.Mutex
	tried  bool         // guarded by mu; features were built, or failed to
	closed bool         // guarded by mu
	f      lsp.Features // guarded by mu
	closeF func()       // guarded by mu
}

// The features of a pending, each reporting its own counters.
type (
	pendingCompleter struct{ *pending }
	pendingExplainer struct{ *pending }
	pendingEditor    struct{ *pending }
)

var (
	_ lsp.Completer             = pendingCompleter{}
	_ lsp.CompletionObserver    = pendingCompleter{}
	_ lsp.StatsReporter         = pendingCompleter{}
	_ lsp.AcceptedCharsReporter = pendingCompleter{}
	_ lsp.Explainer             = pendingExplainer{}
	_ lsp.StatsReporter         = pendingExplainer{}
	_ lsp.CodeEditor            = pendingEditor{}
	_ lsp.StatsReporter         = pendingEditor{}
)

// featuresOf returns the three features of p.
func (p *pending) featuresOf() lsp.Features {
	return lsp.Features{Completer: pendingCompleter{p}, Explainer: pendingExplainer{p}, Editor: pendingEditor{p},
		Backends: p.auto.backends}
}

// features waits for the search and returns the features of the backend
// found; ok is false when there is none or ctx ended first.
func (p *pending) features(ctx context.Context) (lsp.Features, bool) {
	if !p.auto.wait(ctx) {
		return lsp.Features{}, false
	}
	found := p.auto.current()
	if found == nil {
		return lsp.Features{}, false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return lsp.Features{}, false
	}
	if !p.tried {
		p.tried = true
		cfg := p.cfg
		cfg.Backends = []config.Backend{*found}
		f, closeF, err := buildFeatures(context.WithoutCancel(ctx), cfg, p.logger, p.metrics)
		if err != nil {
			p.logger.Warn("open the backend found", zap.String("url", found.URL), zap.Error(err))
			return lsp.Features{}, false
		}
		p.f, p.closeF = f, closeF
	}
	return p.f, p.closeF != nil
}

// built returns the features if they were built, without waiting.
func (p *pending) built() lsp.Features {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.f
}

func (p *pending) close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.closed = true
	if p.closeF != nil {
		p.closeF()
	}
}

// Complete implements lsp.Completer.
func (p pendingCompleter) Complete(ctx context.Context, req complete.Request) ([]complete.Suggestion, error) {
	f, ok := p.features(ctx)
	if !ok || f.Completer == nil {
		return nil, nil
	}
	return f.Completer.Complete(ctx, req)
}

// Explain implements lsp.Explainer.
func (p pendingExplainer) Explain(ctx context.Context, req explain.Request, onText func(string)) (explain.Explanation, error) {
	f, ok := p.features(ctx)
	if !ok || f.Explainer == nil {
		return explain.Explanation{}, nil
	}
	return f.Explainer.Explain(ctx, req, onText)
}

// Edit implements lsp.CodeEditor.
func (p pendingEditor) Edit(ctx context.Context, req edit.Request, onText func(string)) (diffing.Result, error) {
	f, ok := p.features(ctx)
	if !ok || f.Editor == nil {
		return diffing.Result{}, lsp.ErrNoModel
	}
	return f.Editor.Edit(ctx, req, onText)
}

// Report implements lsp.CompletionObserver.
func (p pendingCompleter) Report(fb complete.Feedback) {
	if obs, ok := p.built().Completer.(lsp.CompletionObserver); ok {
		obs.Report(fb)
	}
}

// Forget implements lsp.CompletionObserver.
func (p pendingCompleter) Forget(session, uri string) {
	if obs, ok := p.built().Completer.(lsp.CompletionObserver); ok {
		obs.Forget(session, uri)
	}
}

// ReportAcceptedChars implements lsp.AcceptedCharsReporter.
func (p pendingCompleter) ReportAcceptedChars(n int) {
	if r, ok := p.built().Completer.(lsp.AcceptedCharsReporter); ok {
		r.ReportAcceptedChars(n)
	}
}

// Stats implements lsp.StatsReporter.
func (p pendingCompleter) Stats() any { return lsp.StatsOf(p.built().Completer) }

// Stats implements lsp.StatsReporter.
func (p pendingExplainer) Stats() any { return lsp.StatsOf(p.built().Explainer) }

// Stats implements lsp.StatsReporter.
func (p pendingEditor) Stats() any { return lsp.StatsOf(p.built().Editor) }
