package openai

import (
	"fmt"
	"net/http"
	"net/url"
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
	cfg.Kind = inference.KindOpenAI
	cfg = cfg.WithDefaults()
	if u, err := url.Parse(cfg.URL); err != nil || u.Host == "" {
		return nil, fmt.Errorf("open openai backend %s: url: %q is not a URL", cfg.Name, cfg.URL)
	}
	key, source, err := cfg.APIKey()
	if err != nil {
		return nil, fmt.Errorf("open openai backend %s: %w", cfg.Name, err)
	}
	if logger == nil {
		logger = zap.NewNop()
	}
	hc := inference.NewHTTPClient(cfg)
	header := http.Header{}
	if key != "" {
		header.Set("Authorization", "Bearer "+key)
	}
	return &Backend{
		cfg:    cfg,
		http:   hc,
		api:    &inference.JSONClient{HTTP: hc, Base: APIBase(cfg.URL), Header: header},
		runner: inference.NewRunner(cfg, source, logger.Named("openai")),
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
