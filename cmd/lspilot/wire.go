package main

import (
	"cmp"
	"context"
	"fmt"
	"time"

	"go.uber.org/zap"

	"github.com/lspilot/lspilot/inference/complete"
	"github.com/lspilot/lspilot/inference/edit"
	"github.com/lspilot/lspilot/inference/explain"
	"github.com/lspilot/lspilot/inference/nextedit"
	"github.com/lspilot/lspilot/inference/pipeline"
	"github.com/lspilot/lspilot/inference/prompt"
	"github.com/lspilot/lspilot/inference/route"
	"github.com/lspilot/lspilot/inference/sched"
	"github.com/lspilot/lspilot/lsp"
	"github.com/lspilot/lspilot/lsp/config"
	"github.com/lspilot/lspilot/lsp/langctx"
	"github.com/lspilot/lspilot/lsp/metrics"
)

// buildFeatures opens the configured backends and the engines on top of
// them. close releases them. Without backends, or with a feature off, the
// features answer with empty results. With metrics, the pipeline's counters
// are read at every scrape until close.
func buildFeatures(ctx context.Context, cfg config.Config, logger *zap.Logger, m *metrics.Metrics) (lsp.Features, func(), error) {
	if len(cfg.Backends) == 0 || !cfg.Completion.Enabled && !cfg.Hover.Enabled && !cfg.Actions.Enabled && !cfg.NextEdit.Enabled {
		return lsp.Features{}, func() {}, nil
	}
	opts := pipeline.Options{Logger: logger}
	if m != nil {
		opts.Observer = m
	}
	p, err := pipeline.Build(ctx, pipelineConfig(cfg), opts)
	if err != nil {
		return lsp.Features{}, nil, fmt.Errorf("open backends: %w", err)
	}
	set := p.Generator()
	pipe := metrics.Pipeline{Backends: metrics.BackendsOf(p)}
	var f lsp.Features
	closeEngine := func() {}
	if cfg.Completion.Enabled {
		ec := engineConfig(cfg)
		if cfg.Completion.Warmup {
			ec.Warmup = route.NewWarmPolicy(route.WarmConfig{})
			ec.WarmHolder = p.WarmHolder()
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
	closeNext := func() {}
	if cfg.NextEdit.Enabled {
		next, err := nextedit.New(set, nextEditConfig(cfg), logger.Named("nextedit"))
		if err != nil {
			closeEngine()
			p.Close()
			return lsp.Features{}, nil, fmt.Errorf("next edits: %w", err)
		}
		f.NextEditor, closeNext = next, next.Close
	}
	unregister := func() {}
	if m != nil {
		unregister = m.Register(pipe)
	}
	return f, func() {
		unregister()
		closeNext()
		closeEngine()
		p.Close()
	}, nil
}

// nextEditConfig converts the next-edit settings.
func nextEditConfig(cfg config.Config) nextedit.Config {
	return nextedit.Config{Format: cfg.NextEdit.Format, NumCtx: numCtx(cfg)}
}

// pipelineConfig converts the backend and scheduler settings.
func pipelineConfig(cfg config.Config) pipeline.Config {
	pc := pipeline.Config{Scheduler: sched.Config{
		QueueLimit: cfg.Scheduler.QueueLimit,
		CacheTTL:   time.Duration(cfg.Scheduler.CacheTTLSeconds) * time.Second,
	}}
	if cfg.Scheduler.CacheTTLSeconds == 0 {
		pc.Scheduler.CacheTTL = -1
	}
	if w := cfg.Scheduler.BatchWindowMs; w > 0 {
		pc.Scheduler.Batch = sched.BatchConfig{Enabled: true, Window: time.Duration(w) * time.Millisecond}
	}
	for _, b := range cfg.Backends {
		pc.Backends = append(pc.Backends, pipeline.Backend{BackendConfig: b.BackendConfig(), Slots: b.Slots, RoundRobin: b.Routing == "round-robin"})
	}
	return pc
}

// explainConfig converts the hover settings.
func explainConfig(cfg config.Config) explain.Config {
	return explain.Config{
		Deadline: time.Duration(cfg.Hover.DeadlineMs) * time.Millisecond,
		MinDelay: time.Duration(cfg.Hover.MinDelayMs) * time.Millisecond,
		NumCtx:   numCtx(cfg),
	}
}

// definitions is the process's source of definitions from language
// servers: every engine built here reads it, and every session adds the
// Managers of its workspace roots to it (lsp.Options.Definitions).
var definitions = langctx.NewRegistry()

// engineConfig converts the completion settings.
func engineConfig(cfg config.Config) complete.Config {
	c := cfg.Completion
	ms := func(n int) time.Duration { return time.Duration(n) * time.Millisecond }
	temp := c.Temperature
	private, _ := cfg.Privacy.Matcher() // validated with the configuration
	var sources []complete.Source
	if c.Neighbors {
		sources = append(sources, complete.NewNeighbors(complete.NeighborsConfig{Private: private}))
	}
	if cfg.Context.Definitions {
		// Last, nearest the file: the most precise context is the last to
		// give way to the budget.
		sources = append(sources, definitions)
	}
	return complete.Config{
		Sources:            sources,
		Private:            private,
		Template:           cfg.FIM.Template,
		MaxTokens:          c.MaxTokens,
		MaxTokensMultiline: c.MaxTokensMultiline,
		Temperature:        &temp,
		TimeBudget:         ms(c.TimeBudgetMs),
		Debounce:           ms(c.DebounceMs),
		Eagerness:          c.Eagerness,
		NumCtx:             c.NumCtx,
		Prompt: prompt.Options{
			PrefixTokens: c.PrefixTokens, SuffixTokens: c.SuffixTokens, ExtraTokens: c.ExtraTokens,
		},
	}
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
