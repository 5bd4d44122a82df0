package ollama

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/ollama/ollama/api"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/internal/stream"
)

// Unwedger frees models that an Ollama server holds idle but no longer
// serves (see Healer): it reads their idle mark from /api/ps and
// unloads them with keep_alive 0. It first checks, once, that the server is
// Ollama (/api/version), so that it can stand behind any OpenAI-compatible
// URL and does nothing for servers that are not Ollama.
type Unwedger struct {
	client *api.Client
	http   *http.Client
	secret string // the API key, redacted from the errors returned

	mu     sync.Mutex
	ollama *bool // nil until the server answered /api/version; guarded by mu
}

var _ IdleUnloader = (*Unwedger)(nil)

// newUnwedger returns an unwedger for the Ollama server at root (its URL
// without /v1), speaking through hc, which sends the API key key.
func newUnwedger(root *url.URL, hc *http.Client, key string) *Unwedger {
	return &Unwedger{client: api.NewClient(root, hc), http: hc, secret: key}
}

// UnwedgerFor returns an unwedger with its own connections for the server
// of cfg (whose defaults are applied), which may be an OpenAI-compatible
// URL; it sends cfg's API key.
func UnwedgerFor(cfg inference.BackendConfig) (*Unwedger, error) {
	root, err := rootURL(cfg.URL)
	if err != nil {
		return nil, err
	}
	key, _, err := cfg.APIKey()
	if err != nil {
		return nil, err
	}
	hc := stream.NewHTTPClient(cfg)
	t := &transport{base: hc.Transport, maxLine: cfg.MaxLineBytes}
	if key != "" {
		t.auth = "Bearer " + key
	}
	hc.Transport = t
	return newUnwedger(root, hc, key), nil
}

// Close drops idle pooled connections.
func (u *Unwedger) Close() error {
	u.http.CloseIdleConnections()
	return nil
}

// rootURL returns the server root of an Ollama URL given with or without
// its OpenAI-compatible /v1 suffix.
func rootURL(raw string) (*url.URL, error) {
	return url.Parse(strings.TrimSuffix(strings.TrimSuffix(raw, "/"), "/v1"))
}

// IdleMark returns the model's expires_at from /api/ps.
func (u *Unwedger) IdleMark(ctx context.Context, model string) (time.Time, bool, error) {
	if ok, err := u.isOllama(ctx); !ok || err != nil {
		return time.Time{}, false, inference.RedactError(err, u.secret)
	}
	ps, err := u.client.ListRunning(ctx)
	if err != nil {
		return time.Time{}, false, inference.RedactError(err, u.secret)
	}
	want := fullName(model)
	for _, m := range ps.Models {
		if fullName(m.Name) == want || fullName(m.Model) == want {
			return m.ExpiresAt, true, nil
		}
	}
	return time.Time{}, false, nil
}

// Unload sends keep_alive 0 for model, which unloads it once its last
// request is done, then waits until /api/ps no longer lists it.
func (u *Unwedger) Unload(ctx context.Context, model string) error {
	zero := &api.Duration{}
	err := u.client.Generate(ctx, &api.GenerateRequest{Model: model, KeepAlive: zero}, func(api.GenerateResponse) error { return nil })
	if err != nil {
		return inference.RedactError(err, u.secret)
	}
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		_, loaded, err := u.IdleMark(ctx, model)
		if err == nil && !loaded {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
}

// isOllama asks /api/version once. A server that cannot be reached is
// asked again next time; one that answers anything but a version is not
// Ollama.
func (u *Unwedger) isOllama(ctx context.Context) (bool, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.ollama != nil {
		return *u.ollama, nil
	}
	v, err := u.client.Version(ctx)
	if ue := (*url.Error)(nil); errors.As(err, &ue) {
		return false, err
	}
	ok := err == nil && v != ""
	u.ollama = &ok
	return ok, nil
}

// fullName adds the tag Ollama lists for a model named without one.
func fullName(model string) string {
	if i := strings.LastIndexByte(model, '/'); !strings.Contains(model[i+1:], ":") {
		return model + ":latest"
	}
	return model
}
