package stream

import (
	"net"
	"net/http"
	"time"

	"go.uber.org/zap"

	"github.com/lspilot/lspilot/inference"
)

// NewHTTPClient returns a client with its own pooled keep-alive transport,
// tuned for streaming: a bounded dial, no response compression (it would
// buffer streams) and no overall timeout (Runner bounds requests instead).
func NewHTTPClient(c inference.BackendConfig) *http.Client {
	c = c.WithDefaults()
	dialer := &net.Dialer{Timeout: c.ConnectTimeout, KeepAlive: 30 * time.Second}
	return &http.Client{Transport: &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           dialer.DialContext,
		MaxIdleConns:          4 * c.MaxConns,
		MaxIdleConnsPerHost:   c.MaxConns,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   c.ConnectTimeout,
		ExpectContinueTimeout: time.Second,
		DisableCompression:    true,
	}}
}

// NewRunner returns the Runner for a backend configured by c at c.URL.
// keySource is what BackendConfig.APIKey returned as source.
func NewRunner(c inference.BackendConfig, keySource string, logger *zap.Logger) *Runner {
	c = c.WithDefaults()
	idle := max(c.IdleTimeout, 0)
	return &Runner{
		Origin: inference.Origin{
			Backend:     c.Name,
			Kind:        c.Kind,
			URL:         c.URL,
			Model:       c.Model,
			KeySource:   keySource,
			IdleTimeout: idle,
			MaxLine:     c.MaxLineBytes,
		},
		Retry:          RetryPolicyFor(c),
		IdleTimeout:    idle,
		Timeout:        c.Timeout,
		Logger:         logger,
		AffinityHeader: c.AffinityHeader,
	}
}
