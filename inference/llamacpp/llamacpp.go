package llamacpp

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"

	"go.uber.org/zap"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/openai"
)

// Backend streams generations from one llama-server. It is safe for
// concurrent use.
type Backend struct {
	cfg    inference.BackendConfig
	http   *http.Client
	api    *inference.JSONClient
	runner *inference.Runner
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
	cfg.Kind = inference.KindLlamaCpp
	cfg = cfg.WithDefaults()
	if u, err := url.Parse(cfg.URL); err != nil || u.Host == "" {
		return nil, fmt.Errorf("open llamacpp backend %s: url: %q is not a URL", cfg.Name, cfg.URL)
	}
	key, source, err := cfg.APIKey()
	if err != nil {
		return nil, fmt.Errorf("open llamacpp backend %s: %w", cfg.Name, err)
	}
	if logger == nil {
		logger = zap.NewNop()
	}
	logger = logger.Named("llamacpp")
	chat, err := openai.New(cfg, logger)
	if err != nil {
		return nil, fmt.Errorf("open llamacpp backend %s: %w", cfg.Name, err)
	}
	hc := inference.NewHTTPClient(cfg)
	header := http.Header{}
	if key != "" {
		header.Set("Authorization", "Bearer "+key)
	}
	return &Backend{
		cfg:    cfg,
		http:   hc,
		api:    &inference.JSONClient{HTTP: hc, Base: strings.TrimSuffix(cfg.URL, "/"), Header: header},
		runner: inference.NewRunner(cfg, source, logger),
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
