package openai

import (
	"io"
	"net/http"
	"strings"

	"go.uber.org/zap"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/internal/stream"
	"github.com/lspilot/lspilot/inference/ollama"
)

// Backend streams generations from one OpenAI-compatible server. It is safe
// for concurrent use.
type Backend struct {
	cfg    inference.BackendConfig
	http   *http.Client
	api    *stream.JSONClient
	runner *stream.Runner
	healer *ollama.Healer
	// unwedger is closed with the backend when it holds connections.
	unwedger ollama.IdleUnloader
}

// Option configures a Backend.
type Option func(*Backend)

// WithUnwedger has the backend free models that the server holds idle but
// no longer serves (see ollama.Healer), through u. Ollama's /v1
// endpoints need it.
func WithUnwedger(u ollama.IdleUnloader) Option {
	return func(b *Backend) { b.unwedger = u }
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
func New(cfg inference.BackendConfig, logger *zap.Logger, opts ...Option) (*Backend, error) {
	s, err := stream.NewSetup(cfg, inference.KindOpenAI, logger)
	if err != nil {
		return nil, err
	}
	b := &Backend{
		cfg:    s.Config,
		http:   s.HTTP,
		api:    &stream.JSONClient{HTTP: s.HTTP, Base: APIBase(s.Config.URL), Header: s.AuthHeader()},
		runner: s.Runner,
	}
	for _, o := range opts {
		o(b)
	}
	b.healer = ollama.NewHealer(b.unwedger, s.Config.IdleTimeout, s.Logger)
	return b, nil
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
	if c, ok := b.unwedger.(io.Closer); ok {
		return c.Close()
	}
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
