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
	return open(ctx, cfg, logger, nil)
}

// ReplicaOpener returns the client for one server of a backend: cfg names
// one URL and no replicas, and its kind is known.
type ReplicaOpener func(ctx context.Context, cfg inference.BackendConfig) (inference.Backend, error)

// open is Open with the clients made by one; nil makes the client of the
// configured kind.
func open(ctx context.Context, cfg inference.BackendConfig, logger *zap.Logger, one ReplicaOpener) (inference.Backend, error) {
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
	if one == nil {
		one = func(_ context.Context, cfg inference.BackendConfig) (inference.Backend, error) {
			return openOne(cfg, logger)
		}
	}
	if len(cfg.Replicas) == 0 {
		return one(ctx, cfg)
	}
	replicas := make([]inference.Backend, 0, len(cfg.Replicas)+1)
	for i, u := range cfg.URLs() {
		rc := cfg
		rc.URL, rc.Replicas = u, nil
		rc.Name = fmt.Sprintf("%s#%d", cfg.Name, i)
		b, err := one(ctx, rc)
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
	return openSet(ctx, cfgs, logger, nil)
}

// openSet is OpenSet with the clients made by one (see open).
func openSet(ctx context.Context, cfgs []inference.BackendConfig, logger *zap.Logger, one ReplicaOpener) (*route.Set, error) {
	if err := inference.ValidateBackends(cfgs); err != nil {
		return nil, fmt.Errorf("open backends: %w", err)
	}
	var entries []route.Entry
	for _, c := range cfgs {
		b, err := open(ctx, c, logger, one)
		if err != nil {
			route.NewSet(entries...).Close()
			return nil, err
		}
		entries = append(entries, route.Entry{Backend: b, Languages: c.Languages})
	}
	return route.NewSet(entries...), nil
}
