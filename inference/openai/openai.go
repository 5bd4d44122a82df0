package openai

import (
	"net/http"
	"strings"

	"go.uber.org/zap"

	"github.com/lspilot/lspilot/inference"
)

// Backend streams generations from one OpenAI-compatible server. It is safe
// for concurrent use.
type Backend struct {
	cfg    inference.BackendConfig
	http   *http.Client
	api    *inference.JSONClient
	runner *inference.Runner
}

var (
	_ inference.Backend        = (*Backend)(nil)
	_ inference.Batcher        = (*Backend)(nil)
	_ inference.ModelInspector = (*Backend)(nil)
	_ inference.Pinger         = (*Backend)(nil)
	_ inference.Warmer         = (*Backend)(nil)
)

// New returns a backend for the server at cfg.URL, with or without a
// trailing /v1. It reads the API key now and sends nothing.
func New(cfg inference.BackendConfig, logger *zap.Logger) (*Backend, error) {
	s, err := inference.NewSetup(cfg, inference.KindOpenAI, logger)
	if err != nil {
		return nil, err
	}
	return &Backend{
		cfg:    s.Config,
		http:   s.HTTP,
		api:    &inference.JSONClient{HTTP: s.HTTP, Base: APIBase(s.Config.URL), Header: s.AuthHeader()},
		runner: s.Runner,
	}, nil
}

// APIBase returns the URL the /v1 paths hang from: url with "/v1" appended
// unless it already ends so.
func APIBase(raw string) string {
	base := strings.TrimSuffix(raw, "/")
	if strings.HasSuffix(base, "/v1") {
		return base
	}
	return base + "/v1"
}

// Name returns the configured name.
func (b *Backend) Name() string { return b.cfg.Name }

// Kind returns inference.KindOpenAI.
func (b *Backend) Kind() inference.BackendKind { return inference.KindOpenAI }

// Capabilities: the completions endpoint takes a suffix (servers and models
// differ in honouring it), chat, prompt batches, and cached token counts
// where the server reports them.
func (b *Backend) Capabilities() inference.Capabilities {
	return inference.Capabilities{NativeFIM: true, Chat: true, PromptBatches: true, CacheCounters: true}
}

// Close drops idle pooled connections.
func (b *Backend) Close() error {
	b.http.CloseIdleConnections()
	return nil
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
