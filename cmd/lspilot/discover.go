package main

import (
	"context"
	"os"
	"sync"
	"time"

	"go.uber.org/zap"

	"github.com/lspilot/lspilot/inference/discover"
	"github.com/lspilot/lspilot/lsp"
	"github.com/lspilot/lspilot/lsp/config"
	"github.com/lspilot/lspilot/lsp/metrics"
)

// autoBackend looks for a backend on this machine when the configuration
// names none. It looks once per process, in the background from the start,
// so that an editor's initialize is never delayed; features built without a
// backend wait for it on their first request (see pending).
type autoBackend struct {
	logger *zap.Logger
	ctx    context.Context // ends with Close
	cancel context.CancelFunc
	done   chan struct{} // closed when the first search is over

	notice lsp.Notice // set before done closes, read-only after

	mu       sync.Mutex
	found    *config.Backend // guarded by mu; nil while nothing usable was found
	searched time.Time       // guarded by mu; when the last search ended
}

// researchAfter is how long a search that found nothing stands before a
// request looks again: a server started after the editor (Ollama installed
// after following the warning) is found without a restart. A search that
// finds nothing costs two refused loopback connections.
const researchAfter = 5 * time.Second

// startDiscovery starts looking for a backend when cfg names none; it
// returns nil otherwise. Close stops it.
func startDiscovery(ctx context.Context, cfg config.Config, logger *zap.Logger) *autoBackend {
	if len(cfg.Backends) > 0 {
		return nil
	}
	ctx, cancel := context.WithCancel(ctx)
	a := &autoBackend{logger: logger.Named("discover"), ctx: ctx, cancel: cancel, done: make(chan struct{})}
	go a.run(ctx)
	return a
}

// run searches, then logs and keeps what it found and the notice for the
// editor.
func (a *autoBackend) run(ctx context.Context) {
	defer close(a.done)
	res, found := a.search(ctx)
	if found == nil {
		a.notice = lsp.Notice{Warning: true, Message: notFoundMessage(res)}
		a.logger.Warn("no backend configured or found", zap.String("looked", lookedAt(res)))
		return
	}
	srv, m, _ := res.Pick()
	a.notice = lsp.Notice{Message: chosenMessage(srv, m)}
	a.logChoice(srv, m)
}

// search looks on this machine and keeps what it found.
func (a *autoBackend) search(ctx context.Context) (discover.Result, *config.Backend) {
	res := discover.Find(ctx, discover.Targets(os.Getenv), discover.Options{})
	var found *config.Backend
	if srv, m, ok := res.Pick(); ok {
		found = &config.Backend{Kind: string(srv.Kind), URL: srv.URL, Model: m.Name}
	}
	a.mu.Lock()
	a.found, a.searched = found, time.Now()
	a.mu.Unlock()
	return res, found
}

// current returns the backend found, after looking again when the last
// search found nothing long enough ago; nil while there is none.
func (a *autoBackend) current() *config.Backend {
	a.mu.Lock()
	found, stale := a.found, time.Since(a.searched) >= researchAfter
	if found == nil && stale {
		a.searched = time.Now() // this caller looks; the others use what it finds
	}
	a.mu.Unlock()
	if found != nil || !stale || a.ctx.Err() != nil {
		return found
	}
	res, found := a.search(a.ctx)
	if found != nil {
		srv, m, _ := res.Pick()
		a.logChoice(srv, m)
	}
	return found
}

// logChoice logs the model chosen.
func (a *autoBackend) logChoice(srv discover.Server, m discover.Model) {
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
func (a *autoBackend) backends() []config.Backend {
	select {
	case <-a.done:
	default:
		return nil
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.found == nil {
		return nil
	}
	return []config.Backend{*a.found}
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
func (a *autoBackend) buildFeatures(ctx context.Context, cfg config.Config, logger *zap.Logger, m *metrics.Metrics) (lsp.Features, func(), error) {
	if a == nil || len(cfg.Backends) > 0 {
		return buildFeatures(ctx, cfg, logger, m)
	}
	p := &pending{auto: a, cfg: cfg, logger: logger, metrics: m}
	return p.featuresOf(), p.close, nil
}

// rebuilder is the lsp.Options.Rebuild function.
func (a *autoBackend) rebuilder(logger *zap.Logger, m *metrics.Metrics) func(context.Context, config.Config) (lsp.Features, func(), error) {
	return func(ctx context.Context, cfg config.Config) (lsp.Features, func(), error) {
		return a.buildFeatures(ctx, cfg, logger, m)
	}
}
