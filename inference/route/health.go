package route

import (
	"context"
	"sync"
	"time"

	"go.uber.org/zap"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/clock"
)

// HealthConfig sets up a Health. Zero fields take the defaults.
type HealthConfig struct {
	// Interval is the time between two rounds of pings; default 5s.
	Interval time.Duration
	// Timeout bounds each ping; default 2s.
	Timeout time.Duration
	// Logger hears failed pings at debug level; default none.
	Logger *zap.Logger
}

// Health pings a Router's replicas (those that are inference.Pingers) in the
// background and feeds the outcomes to their circuit breakers: a failed ping
// counts as a failure; a ping to a half-open replica is its probe, whose
// success closes the breaker. Open replicas still cooling down are left
// alone. Time comes from the Router's clock.
type Health struct {
	router   *Router
	replicas []inference.Backend
	cfg      HealthConfig

	mu   sync.Mutex
	stop context.CancelFunc // guarded by mu; nil when not running
	done chan struct{}      // guarded by mu
}

// NewHealth returns a checker for router's replicas, in the order of the
// Group the Router picks for.
func NewHealth(router *Router, replicas []inference.Backend, cfg HealthConfig) *Health {
	if cfg.Interval <= 0 {
		cfg.Interval = 5 * time.Second
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 2 * time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = zap.NewNop()
	}
	return &Health{router: router, replicas: replicas, cfg: cfg}
}

// Start runs a round of pings every Interval until ctx ends or Stop is
// called. Starting a running Health does nothing.
func (h *Health) Start(ctx context.Context) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.stop != nil {
		return
	}
	ctx, h.stop = context.WithCancel(ctx)
	h.done = make(chan struct{})
	go h.run(ctx, h.done)
}

// Stop ends the pings and waits for the round in progress to end.
func (h *Health) Stop() {
	h.mu.Lock()
	stop, done := h.stop, h.done
	h.stop, h.done = nil, nil
	h.mu.Unlock()
	if stop != nil {
		stop()
		<-done
	}
}

func (h *Health) run(ctx context.Context, done chan<- struct{}) {
	defer close(done)
	for {
		if err := clock.Sleep(ctx, h.router.cfg.Clock, h.cfg.Interval); err != nil {
			return
		}
		h.Check(ctx)
	}
}

// Check runs one round: it pings, one after the other, every replica whose
// breaker is closed or half-open with no probe in flight.
func (h *Health) Check(ctx context.Context) {
	for i, b := range h.replicas {
		p, ok := inference.As[inference.Pinger](b)
		if !ok || ctx.Err() != nil {
			continue
		}
		probe, due := h.router.healthStart(i)
		if !due {
			continue
		}
		err := h.ping(ctx, p)
		if err != nil && ctx.Err() != nil {
			h.router.healthDone(i, nil, probe, true)
			return
		}
		if err != nil {
			h.cfg.Logger.Debug("ping failed", zap.String("backend", b.Name()), zap.Error(err))
		}
		h.router.healthDone(i, err, probe, false)
	}
}

// ping pings p, cancelling it after Timeout on the Router's clock.
func (h *Health) ping(ctx context.Context, p inference.Pinger) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	t := h.router.cfg.Clock.NewTimer(h.cfg.Timeout)
	defer t.Stop()
	stopped := make(chan struct{})
	watcher := make(chan struct{})
	go func() {
		defer close(watcher)
		select {
		case <-t.C():
			cancel()
		case <-stopped:
		}
	}()
	_, err := p.Ping(ctx)
	close(stopped)
	<-watcher
	return err
}
