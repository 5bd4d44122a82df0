package main

import (
	"cmp"
	"context"
	"fmt"
	"time"

	"go.uber.org/zap"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/backends"
	"github.com/lspilot/lspilot/inference/complete"
	"github.com/lspilot/lspilot/inference/edit"
	"github.com/lspilot/lspilot/inference/explain"
	"github.com/lspilot/lspilot/inference/kvcache"
	"github.com/lspilot/lspilot/inference/prompt"
	"github.com/lspilot/lspilot/inference/sched"
	"github.com/lspilot/lspilot/lsp"
	"github.com/lspilot/lspilot/lsp/config"
	"github.com/lspilot/lspilot/lsp/metrics"
)

// buildFeatures opens the configured backends and the engines on top of
// them. close releases them. Without backends, or with a feature off, the
// features answer with empty results. With metrics, the pipeline's counters
// are read at every scrape until close.
func buildFeatures(ctx context.Context, cfg config.Config, logger *zap.Logger, m *metrics.Metrics) (lsp.Features, func(), error) {
	if len(cfg.Backends) == 0 || !cfg.Completion.Enabled && !cfg.Hover.Enabled && !cfg.Actions.Enabled {
		return lsp.Features{}, func() {}, nil
	}
	opened, err := backends.OpenSet(ctx, cfg.BackendConfigs(), logger)
	if err != nil {
		return lsp.Features{}, nil, fmt.Errorf("open backends: %w", err)
	}
	var (
		scheds  []*sched.Scheduler
		routers []*kvcache.Router
		pipe    metrics.Pipeline
	)
	set := opened.Wrap(func(i int, b inference.Backend) inference.Backend {
		b, r := routed(b, cfg.Backends[i], logger)
		if r != nil {
			routers = append(routers, r)
		}
		sc := schedConfig(cfg, cfg.Backends[i], logger)
		if m != nil {
			sc.Observer = m
		}
		s := sched.New(b, sc)
		scheds = append(scheds, s)
		pipe.Backends = append(pipe.Backends, observed(b, s, r))
		return s.Backend()
	})
	var f lsp.Features
	closeEngine := func() {}
	if cfg.Completion.Enabled {
		ec := engineConfig(cfg)
		if cfg.Completion.Warmup {
			ec.Warmup = kvcache.NewWarmPolicy(kvcache.WarmConfig{})
			if len(cfg.Backends) == 1 && len(routers) == 1 {
				ec.WarmHolder = routers[0]
			}
		}
		engine := complete.New(set, ec, logger)
		f.Completer, closeEngine = engine, engine.Close
		pipe.Completion = engine
	}
	if cfg.Hover.Enabled {
		x := explain.New(set, explainConfig(cfg), logger.Named("explain"))
		f.Explainer, pipe.Hover = x, x
	}
	if cfg.Actions.Enabled {
		f.Editor = edit.New(set, editConfig(cfg), logger.Named("edit"))
	}
	unregister := func() {}
	if m != nil {
		unregister = m.Register(pipe)
	}
	return f, func() {
		unregister()
		closeEngine()
		for _, s := range scheds {
			s.Close()
		}
		opened.Close()
	}, nil
}

// routed sends the requests of a replica group to the replica holding the
// longest prefix of each prompt, and for llama.cpp with known slots to a
// slot per editor session (a session reusing another's slot would find its
// KV cache overwritten). It returns the router, if any.
func routed(b inference.Backend, s config.Backend, logger *zap.Logger) (inference.Backend, *kvcache.Router) {
	replicas := []inference.Backend{b}
	if g, ok := b.(*backends.Group); ok {
		replicas = g.Replicas()
	}
	rc := kvcache.Config{Logger: logger.Named("route")}
	if b.Kind() == inference.KindLlamaCpp && s.Slots > 0 {
		slots := make([]int, len(replicas))
		for i := range slots {
			slots[i] = s.Slots
		}
		rc.Slots = kvcache.NewSlotPinner(nil, slots)
	} else if len(replicas) == 1 {
		return b, nil
	}
	r := kvcache.NewRouter(rc)
	return backends.NewGroup(b.Name(), replicas, r), r
}

// schedConfig converts the scheduler settings for backend b: its slots
// are per replica, the scheduler's are for all of them.
func schedConfig(cfg config.Config, b config.Backend, logger *zap.Logger) sched.Config {
	sc := sched.Config{
		Slots:      b.Slots * (1 + len(b.Replicas)),
		QueueLimit: cfg.Scheduler.QueueLimit,
		CacheTTL:   time.Duration(cfg.Scheduler.CacheTTLSeconds) * time.Second,
		Logger:     logger.Named("sched"),
	}
	if cfg.Scheduler.CacheTTLSeconds == 0 {
		sc.CacheTTL = -1
	}
	if w := cfg.Scheduler.BatchWindowMs; w > 0 {
		sc.Batch = sched.BatchConfig{Enabled: true, Window: time.Duration(w) * time.Millisecond}
	}
	return sc
}

// explainConfig converts the hover settings.
func explainConfig(cfg config.Config) explain.Config {
	return explain.Config{
		Deadline: time.Duration(cfg.Hover.DeadlineMs) * time.Millisecond,
		MinDelay: time.Duration(cfg.Hover.MinDelayMs) * time.Millisecond,
		NumCtx:   numCtx(cfg),
	}
}

// engineConfig converts the completion settings.
func engineConfig(cfg config.Config) complete.Config {
	c := cfg.Completion
	ms := func(n int) time.Duration { return time.Duration(n) * time.Millisecond }
	temp := c.Temperature
	private, _ := cfg.Privacy.Matcher() // validated with the configuration
	return complete.Config{
		Private:            private,
		Template:           cfg.FIM.Template,
		MaxTokens:          c.MaxTokens,
		MaxTokensMultiline: c.MaxTokensMultiline,
		Temperature:        &temp,
		TimeBudget:         ms(c.TimeBudgetMs),
		Debounce:           ms(c.DebounceMs),
		NumCtx:             c.NumCtx,
		Prompt: prompt.Options{
			PrefixTokens: c.PrefixTokens, SuffixTokens: c.SuffixTokens, ExtraTokens: c.ExtraTokens,
		},
	}
}

// observed describes backend b, scheduled by s and routed by r (nil when it
// is a lone server), for the metrics.
func observed(b inference.Backend, s *sched.Scheduler, r *kvcache.Router) metrics.Backend {
	mb := metrics.Backend{Name: b.Name(), Scheduler: s}
	if r == nil {
		return mb
	}
	mb.Router = r
	if g, ok := b.(*backends.Group); ok {
		for _, rep := range g.Replicas() {
			mb.Replicas = append(mb.Replicas, rep.Name())
		}
	}
	return mb
}

// editConfig converts the code-action settings. The answer and the file
// shown to the model share the context window: half of it for the answer
// (a test file needs room), the rest, less the instructions, for the file.
func editConfig(cfg config.Config) edit.Config {
	n := numCtx(cfg)
	maxTokens := min(edit.DefaultMaxTokens, n/2)
	return edit.Config{
		MaxTokens: maxTokens, NumCtx: n, MaxFileBytes: cfg.Actions.MaxFileBytes,
		ContextBytes: max(2048, (n-maxTokens-512)*bytesPerToken),
	}
}

// bytesPerToken is a cautious estimate for source code: tokenizers of code
// models average 3 to 4 bytes per token.
const bytesPerToken = 3

// numCtx is the context window every feature asks for: one value, since
// Ollama reloads the model when it changes.
func numCtx(cfg config.Config) int {
	return cmp.Or(cfg.Completion.NumCtx, complete.DefaultNumCtx)
}
