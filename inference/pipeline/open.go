package pipeline

import (
	"context"
	"fmt"

	"go.uber.org/zap"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/llamacpp"
	"github.com/lspilot/lspilot/inference/ollama"
	"github.com/lspilot/lspilot/inference/openai"
	"github.com/lspilot/lspilot/inference/route"
)

// Open validates cfg and returns its backend: one server, or a Group when
// replicas are configured. An empty kind is detected by probing the first URL
// (see Detect), which is the only time Open talks to the network.
func Open(ctx context.Context, cfg inference.BackendConfig, logger *zap.Logger) (inference.Backend, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("open backend %s: %w", cfg.Name, err)
	}
	if logger == nil {
		logger = zap.NewNop()
	}
	cfg = cfg.WithDefaults()
	if cfg.Kind == inference.KindDetect {
		kind, err := Detect(ctx, cfg)
		if err != nil {
			return nil, fmt.Errorf("open backend %s: %w", cfg.Name, err)
		}
		logger.Debug("detected backend kind", zap.String("backend", cfg.Name), zap.String("kind", string(kind)))
		cfg.Kind = kind
	}
	if len(cfg.Replicas) == 0 {
		return openOne(cfg, logger)
	}
	replicas := make([]inference.Backend, 0, len(cfg.Replicas)+1)
	for i, u := range cfg.URLs() {
		rc := cfg
		rc.URL, rc.Replicas = u, nil
		rc.Name = fmt.Sprintf("%s#%d", cfg.Name, i)
		b, err := openOne(rc, logger)
		if err != nil {
			route.Close(replicas...)
			return nil, err
		}
		replicas = append(replicas, b)
	}
	return route.NewGroup(cfg.Name, replicas, nil), nil
}

// openOne builds the backend of cfg.Kind for cfg.URL.
func openOne(cfg inference.BackendConfig, logger *zap.Logger) (inference.Backend, error) {
	switch cfg.Kind {
	case inference.KindOllama:
		return ollama.New(cfg, logger)
	case inference.KindOpenAI:
		// Ollama's /v1 endpoints can wedge a model as its own API can; the
		// unwedger finds out on the first stall whether the server is Ollama.
		u, err := ollama.UnwedgerFor(cfg)
		if err != nil {
			return nil, fmt.Errorf("open backend %s: %w", cfg.Name, err)
		}
		return openai.New(cfg, logger, openai.WithUnwedger(u))
	case inference.KindLlamaCpp:
		return llamacpp.New(cfg, logger)
	}
	return nil, fmt.Errorf("open backend %s: kind: unknown kind %q", cfg.Name, cfg.Kind)
}

// OpenSet validates and opens every configured backend, in order.
func OpenSet(ctx context.Context, cfgs []inference.BackendConfig, logger *zap.Logger) (*route.Set, error) {
	if err := inference.ValidateBackends(cfgs); err != nil {
		return nil, fmt.Errorf("open backends: %w", err)
	}
	var entries []route.Entry
	for _, c := range cfgs {
		b, err := Open(ctx, c, logger)
		if err != nil {
			route.NewSet(entries...).Close()
			return nil, err
		}
		entries = append(entries, route.Entry{Backend: b, Languages: c.Languages})
	}
	return route.NewSet(entries...), nil
}
