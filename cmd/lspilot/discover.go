package main

import (
	"context"
	"os"

	"go.uber.org/zap"

	"github.com/lspilot/lspilot/inference/discover"
	"github.com/lspilot/lspilot/lsp"
	"github.com/lspilot/lspilot/lsp/metrics"
)

// autoBackend looks for a backend on this machine when the configuration
// names none. It looks once per process, in the background from the start,
// so that an editor's initialize is never delayed; features built without a
// backend wait for it on their first request (see pending).
type autoBackend struct {
	logger *zap.Logger
	cancel context.CancelFunc
	done   chan struct{} // closed when the search is over

	// Set before done closes, read-only after.
	found  *lsp.BackendSettings // nil when nothing usable was found
	notice lsp.Notice
}

// startDiscovery starts looking for a backend when cfg names none; it
// returns nil otherwise. Close stops it.
func startDiscovery(ctx context.Context, cfg lsp.Config, logger *zap.Logger) *autoBackend {
	if len(cfg.Backends) > 0 {
		return nil
	}
	ctx, cancel := context.WithCancel(ctx)
	a := &autoBackend{logger: logger.Named("discover"), cancel: cancel, done: make(chan struct{})}
	go a.run(ctx)
	return a
}

// run searches, then logs and keeps what it found and the notice for the
// editor.
func (a *autoBackend) run(ctx context.Context) {
	defer close(a.done)
	res := discover.Find(ctx, discover.Targets(os.Getenv), discover.Options{})
	srv, m, ok := res.Pick()
	if !ok {
		a.notice = lsp.Notice{Warning: true, Message: notFoundMessage(res)}
		a.logger.Warn("no backend configured or found", zap.String("looked", lookedAt(res)))
		return
	}
	a.found = &lsp.BackendSettings{Kind: string(srv.Kind), URL: srv.URL, Model: m.Name}
	a.notice = lsp.Notice{Message: chosenMessage(srv, m)}
	tier, _ := discover.Rank(m)
	a.logger.Info("no backend configured: using a model found on this machine",
		zap.String("server", srv.Server()), zap.String("url", srv.URL), zap.String("model", m.Name),
		zap.Stringer("kind", tier), zap.String("change", "set backends (url, model) in the config file, or --backend URL --model NAME"))
}

// wait waits for the search; false when ctx ends first.
func (a *autoBackend) wait(ctx context.Context) bool {
	select {
	case <-a.done:
		return true
	case <-ctx.Done():
		return false
	}
}

// Notice is the lsp.NoticeFunc: what the search found, for each editor.
func (a *autoBackend) Notice(ctx context.Context) (lsp.Notice, bool) {
	if a == nil || !a.wait(ctx) {
		return lsp.Notice{}, false
	}
	return a.notice, true
}

// backends returns the backend found, once the search is over; nil before,
// or when nothing was found.
func (a *autoBackend) backends() []lsp.BackendSettings {
	select {
	case <-a.done:
	default:
		return nil
	}
	if a.found == nil {
		return nil
	}
	return []lsp.BackendSettings{*a.found}
}

// Close stops the search and waits for it.
func (a *autoBackend) Close() {
	if a == nil {
		return
	}
	a.cancel()
	<-a.done
}

// buildFeatures is the package's buildFeatures, except that a configuration
// without backends gets features that use the backend found, if any.
func (a *autoBackend) buildFeatures(ctx context.Context, cfg lsp.Config, logger *zap.Logger, m *metrics.Metrics) (lsp.Features, func(), error) {
	if a == nil || len(cfg.Backends) > 0 {
		return buildFeatures(ctx, cfg, logger, m)
	}
	p := &pending{auto: a, cfg: cfg, logger: logger, metrics: m}
	return p.featuresOf(), p.close, nil
}

// rebuilder is the lsp.Options.Rebuild function.
func (a *autoBackend) rebuilder(logger *zap.Logger, m *metrics.Metrics) func(context.Context, lsp.Config) (lsp.Features, func(), error) {
	return func(ctx context.Context, cfg lsp.Config) (lsp.Features, func(), error) {
		return a.buildFeatures(ctx, cfg, logger, m)
	}
}
