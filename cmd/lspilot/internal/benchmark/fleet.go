package benchmark

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"go.uber.org/zap"

	"github.com/lspilot/lspilot/cmd/lspilot/internal/gpusim"
	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/clock"
	"github.com/lspilot/lspilot/inference/pipeline"
)

// fleet is the backend side of a run: the replicas to talk to, and the
// counters of what they did.
type fleet struct {
	replicas []inference.Backend
	urls     []string // the replicas' URLs
	kind     inference.BackendKind
	model    string
	sim      *gpusim.Server // nil for a real server
	counts   *counts        // what real servers reported to the client
	mortal   *mortal        // the simulator's handler when a replica is to die
	close    func()
}

// totals are the fleet's counters for a result.
type totals struct {
	requests, completed               int64
	prompt, recomputed, decoded, wast int64
	// simulated says the fleet is the simulator, busy how long its
	// replicas computed, summed.
	simulated bool
	busy      time.Duration
}

// startFleet starts the simulated fleet, or connects to the real server.
func startFleet(ctx context.Context, o Options, clk clock.Clock, orc *oracle) (*fleet, error) {
	f := &fleet{counts: &counts{}}
	var urls []string
	kind, model := inference.BackendKind(o.BackendKind), o.Model
	if o.BackendURL == "" {
		preset, err := gpusim.PresetByName(o.Preset)
		if err != nil {
			return nil, err
		}
		var srv *httptest.Server
		asSimulator(ctx, func(context.Context) {
			f.sim = gpusim.NewServer(gpusim.Config{Preset: preset, Replicas: o.Replicas, Clock: clk, Generate: orc.answer, Logger: o.Logger})
			var h http.Handler = f.sim.Handler()
			if o.KillAfter > 0 {
				last := o.Replicas - 1
				f.mortal = &mortal{next: h, prefix: fmt.Sprintf("/r/%d/", last),
					served: func() int { return f.sim.Stats().Replicas[last].Requests }}
				h = f.mortal
			}
			srv = httptest.NewServer(h)
		})
		for i := range o.Replicas {
			urls = append(urls, fmt.Sprintf("%s/r/%d", srv.URL, i))
		}
		kind, model = inference.BackendKind(o.Protocol), f.sim.Model()
		f.close = func() {
			srv.CloseClientConnections()
			srv.Close()
			f.sim.Close()
		}
	} else {
		urls = []string{o.BackendURL}
		f.close = func() {}
	}
	f.urls, f.kind, f.model = urls, kind, model
	var err error
	asDaemon(ctx, func(ctx context.Context) { err = f.open(ctx, o) })
	if err != nil {
		return nil, err
	}
	return f, nil
}

// open opens a client to each replica.
func (f *fleet) open(ctx context.Context, o Options) error {
	for i, u := range f.urls {
		b, err := pipeline.Open(ctx, inference.BackendConfig{Name: fmt.Sprintf("replica%d", i), Kind: f.kind, URL: u, Model: f.model}, o.Logger)
		if err != nil {
			f.shut()
			return fmt.Errorf("open %s: %w", u, err)
		}
		// Asking for the model also reads the server's slots (llama.cpp);
		// a warm-up loads it (Ollama), as a daemon that has been running
		// has, so that no strategy pays for the first load.
		if mi, ok := inference.As[inference.ModelInspector](b); ok {
			_, _ = mi.ModelInfo(ctx, f.model)
		}
		if w, ok := inference.As[inference.Warmer](b); ok && f.sim == nil {
			if _, err := w.Warm(ctx, &inference.Request{Model: f.model}); err != nil {
				o.Logger.Warn("warm-up failed", zap.String("url", u), zap.Error(err))
			}
		}
		f.replicas = append(f.replicas, counting{b, f.counts})
	}
	return nil
}

// config is the configuration of the one backend the fleet serves: its
// replicas as they were opened, named "bench", with the slots that each
// replica reported as configured slots, as a user would set them.
func (f *fleet) config(s strategy) pipeline.Config {
	first := f.replicas[0]
	c := pipeline.Config{Backends: []pipeline.Backend{{
		BackendConfig: inference.BackendConfig{Name: "bench", Kind: first.Kind(), URL: f.urls[0], Replicas: f.urls[1:], Model: f.model},
		Slots:         first.Capabilities().Slots,
	}}}
	c.Scheduler.Batch.Enabled = s.batch
	return c
}

// replica hands the pipeline the opened replica for cfg.URL.
func (f *fleet) replica(_ context.Context, cfg inference.BackendConfig) (inference.Backend, error) {
	for i, u := range f.urls {
		if u == cfg.URL {
			return f.replicas[i], nil
		}
	}
	return nil, fmt.Errorf("no replica at %s", cfg.URL)
}

// shut closes the replicas and the simulator.
func (f *fleet) shut() {
	for _, r := range f.replicas {
		if c, ok := r.(counting).Backend.(interface{ Close() error }); ok {
			c.Close()
		}
	}
	f.close()
}

// totals reads the simulator's own counts, or what real servers reported.
// A decoded token is wasted unless it reached a stream the client read to
// its end or stopped because the answer was complete: the simulator counts
// every token of a closed stream as cancelled, as a server cannot tell a
// client that has its answer from one that gave up.
func (f *fleet) totals() totals {
	c := f.counts
	c.mu.Lock()
	defer c.mu.Unlock()
	if f.sim != nil {
		t := f.sim.Stats().Total
		used := c.generated - c.wasted
		return totals{
			requests: int64(t.Requests), completed: int64(t.Finished),
			prompt: int64(t.PromptTokens), recomputed: int64(t.PrefillTokens),
			decoded: int64(t.DecodedTokens), wast: max(int64(t.DecodedTokens)-used, 0),
			simulated: true, busy: t.Busy,
		}
	}
	recomputed := c.prompt
	if c.cacheReported {
		recomputed -= c.cached
	}
	return totals{requests: c.requests, completed: c.completed, prompt: c.prompt, recomputed: recomputed,
		decoded: c.generated, wast: c.wasted}
}
