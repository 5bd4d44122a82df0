package ollama

import (
	"context"
	"net/http"
	"net/url"

	"github.com/ollama/ollama/api"
	"go.uber.org/zap"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/internal/stream"
)

// Backend streams generations from one Ollama server. It is safe for
// concurrent use.
type Backend struct {
	cfg    inference.BackendConfig
	http   *http.Client
	client *api.Client
	runner *stream.Runner
	healer *Healer
	logger *zap.Logger
}

var (
	_ inference.Backend        = (*Backend)(nil)
	_ inference.ModelInspector = (*Backend)(nil)
	_ inference.Pinger         = (*Backend)(nil)
	_ inference.Warmer         = (*Backend)(nil)
)

// New returns a backend for the Ollama server at cfg.URL. It reads the API
// key now (for an Ollama behind an authenticating proxy) and sends nothing.
func New(cfg inference.BackendConfig, logger *zap.Logger) (*Backend, error) {
	s, err := stream.NewSetup(cfg, inference.KindOllama, logger)
	if err != nil {
		return nil, err
	}
	base, _ := url.Parse(s.Config.URL) // checked by NewSetup
	t := &transport{base: s.HTTP.Transport, maxLine: s.Config.MaxLineBytes}
	if s.Key != "" {
		t.auth = "Bearer " + s.Key
	}
	s.HTTP.Transport = t
	return &Backend{
		cfg:    s.Config,
		http:   s.HTTP,
		client: api.NewClient(base, s.HTTP),
		runner: s.Runner,
		healer: NewHealer(newUnwedger(base, s.HTTP, s.Key), s.Config.IdleTimeout, s.Logger),
		logger: s.Logger,
	}, nil
}

// Name returns the configured name.
func (b *Backend) Name() string { return b.cfg.Name }

// Kind returns inference.KindOllama.
func (b *Backend) Kind() inference.BackendKind { return inference.KindOllama }

// Capabilities: Ollama fills in the middle through model templates that use
// .Suffix, has chat, and reports no cache counters (prompt_eval_count counts
// the whole prompt even on a cache hit; watch Stats.PromptEval instead).
func (b *Backend) Capabilities() inference.Capabilities {
	return inference.Capabilities{NativeFIM: true, Chat: true}
}

// Close drops idle pooled connections.
func (b *Backend) Close() error {
	b.http.CloseIdleConnections()
	return nil
}

// Client returns the underlying api client, for tests and tools.
func (b *Backend) Client() *api.Client { return b.client }

// origin describes a request to model for error messages.
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

// do runs a non-streaming api call and maps its error.
func (b *Backend) do(ctx context.Context, model string, call func(context.Context) error) error {
	return mapError(ctx, b.origin(model), nil, call(ctx))
}
