package stream

import (
	"fmt"
	"net/http"
	"net/url"

	"go.uber.org/zap"

	"github.com/lspilot/lspilot/inference"
)

// Setup is what every backend builds from its configuration before it sends
// anything: the configuration with defaults, the pooled HTTP client, the API
// key, and the runner that streams attempts.
type Setup struct {
	Config inference.BackendConfig
	HTTP   *http.Client
	// Key is the API key, "" when none is configured.
	Key    string
	Runner *Runner
	Logger *zap.Logger
}

// NewSetup prepares a backend of kind from cfg: it checks the URL and reads
// the API key now, so that a mistake shows when the backend is opened.
func NewSetup(cfg inference.BackendConfig, kind inference.BackendKind, logger *zap.Logger) (Setup, error) {
	cfg.Kind = kind
	cfg = cfg.WithDefaults()
	if u, err := url.Parse(cfg.URL); err != nil || u.Host == "" {
		return Setup{}, fmt.Errorf("open %s backend %s: url: %q is not a URL", kind, cfg.Name, inference.DisplayURL(cfg.URL))
	}
	if msg := inference.CheckAffinityHeader(cfg.AffinityHeader); msg != "" {
		return Setup{}, fmt.Errorf("open %s backend %s: affinityHeader: %s", kind, cfg.Name, msg)
	}
	key, source, err := cfg.APIKey()
	if err != nil {
		return Setup{}, fmt.Errorf("open %s backend %s: %w", kind, cfg.Name, err)
	}
	if logger == nil {
		logger = zap.NewNop()
	}
	logger = logger.Named(string(kind))
	r := NewRunner(cfg, source, logger)
	r.Origin = r.Origin.WithSecret(key)
	return Setup{Config: cfg, HTTP: NewHTTPClient(cfg), Key: key, Runner: r, Logger: logger}, nil
}

// AuthHeader returns the header that carries the API key as a bearer token.
func (s Setup) AuthHeader() http.Header {
	h := http.Header{}
	if s.Key != "" {
		h.Set("Authorization", "Bearer "+s.Key)
	}
	return h
}
