package llamacpp

import (
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"

	"go.uber.org/zap"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/internal/stream"
	"github.com/lspilot/lspilot/inference/openai"
)

// Backend streams generations from one llama-server. It is safe for
// concurrent use.
type Backend struct {
	cfg    inference.BackendConfig
	http   *http.Client
	api    *stream.JSONClient
	runner *stream.Runner
	chat   *openai.Backend
	// slots is the slot count /props reported, 0 until it was read.
	slots atomic.Int32
}

var (
	_ inference.Backend        = (*Backend)(nil)
	_ inference.ModelInspector = (*Backend)(nil)
	_ inference.Pinger         = (*Backend)(nil)
	_ inference.Tokenizer      = (*Backend)(nil)
	_ inference.Warmer         = (*Backend)(nil)
)

// New returns a backend for the llama-server at cfg.URL. It reads the API key
// now (llama-server --api-key) and sends nothing.
func New(cfg inference.BackendConfig, logger *zap.Logger) (*Backend, error) {
	s, err := stream.NewSetup(cfg, inference.KindLlamaCpp, logger)
	if err != nil {
		return nil, err
	}
	chat, err := openai.New(s.Config, s.Logger)
	if err != nil {
		return nil, fmt.Errorf("open llamacpp backend %s: %w", s.Config.Name, err)
	}
	return &Backend{
		cfg:    s.Config,
		http:   s.HTTP,
		api:    &stream.JSONClient{HTTP: s.HTTP, Base: strings.TrimSuffix(s.Config.URL, "/"), Header: s.AuthHeader()},
		runner: s.Runner,
		chat:   chat,
	}, nil
}

// Name returns the configured name.
func (b *Backend) Name() string { return b.cfg.Name }

// Kind returns inference.KindLlamaCpp.
func (b *Backend) Kind() inference.BackendKind { return inference.KindLlamaCpp }

// Capabilities: native FIM through /infill with repository context, chat,
// a tokenizer, cache counters, and the slot count once /props was read (by
// ModelInfo or Ping).
func (b *Backend) Capabilities() inference.Capabilities {
	return inference.Capabilities{
		NativeFIM: true, ExtraContext: true, Chat: true, Tokenizer: true, CacheCounters: true,
		Slots: int(b.slots.Load()),
	}
}

// Close drops idle pooled connections.
func (b *Backend) Close() error {
	b.http.CloseIdleConnections()
	return b.chat.Close()
}

func (b *Backend) origin(model string) inference.Origin {
	o := b.runner.Origin
	o.Model = model
	return o
}

func (b *Backend) model(req *inference.Request) string {
	if req != nil && req.Model != "" {
		return req.Model
	}
	return b.cfg.Model
}
