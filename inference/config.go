package inference

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
)

// BackendConfig configures one backend: a server kind at a URL (and optional
// replicas serving the same model), the model, credentials and limits.
type BackendConfig struct {
	// Name identifies the backend in logs and messages.
	Name string
	// Kind is the protocol; empty asks pipeline.Open to detect it.
	Kind BackendKind
	// URL is the server's base URL, such as http://127.0.0.1:11434. An
	// OpenAI-compatible URL may end in /v1.
	URL string
	// Model is the model to ask for; llama.cpp may leave it empty.
	Model string
	// APIKeyEnv names the environment variable holding the API key.
	APIKeyEnv string
	// APIKeyFile names a file holding the API key.
	APIKeyFile string
	// Replicas are more URLs serving the same model, tried on failure.
	Replicas []string
	// Languages are the LSP language ids this backend serves first; empty
	// means any language.
	Languages []string
	// Timeout bounds a whole request; 0 leaves it to the caller.
	Timeout time.Duration
	// IdleTimeout bounds the silence before the first chunk and between
	// chunks; 0 means 30s, negative disables it.
	IdleTimeout time.Duration
	// ConnectTimeout bounds dialling; 0 means 3s.
	ConnectTimeout time.Duration
	// Retries is the number of retries before any text arrived; 0 means 2,
	// negative disables them.
	Retries int
	// MaxLineBytes bounds one stream line; 0 means 1 MiB.
	MaxLineBytes int
	// MaxConns bounds the pooled connections per host; 0 means 16.
	MaxConns int
	// NumCtx is the context window requests get when they set none (Ollama
	// reloads a model whose num_ctx changes, so keep it fixed).
	NumCtx int
	// KeepAlive is the Ollama keep_alive requests get when they set none.
	KeepAlive time.Duration
	// AffinityHeader names the HTTP header that carries the session's
	// AffinityKey on every generation request, for a router in front of
	// many replicas; empty sends none.
	AffinityHeader string
}

// Defaults of BackendConfig.
const (
	DefaultIdleTimeout    = 30 * time.Second
	DefaultConnectTimeout = 3 * time.Second
	DefaultMaxConns       = 16
	// DefaultMaxLine bounds one stream line: 1 MiB.
	DefaultMaxLine = 1 << 20
)

// WithDefaults returns c with zero limits replaced by their defaults and a
// name derived from the URL when none is set.
func (c BackendConfig) WithDefaults() BackendConfig {
	if c.Name == "" {
		c.Name = c.URL
		if u, err := url.Parse(c.URL); err == nil && u.Host != "" {
			c.Name = u.Host
		}
	}
	if c.IdleTimeout == 0 {
		c.IdleTimeout = DefaultIdleTimeout
	}
	if c.ConnectTimeout <= 0 {
		c.ConnectTimeout = DefaultConnectTimeout
	}
	if c.MaxLineBytes <= 0 {
		c.MaxLineBytes = DefaultMaxLine
	}
	if c.MaxConns <= 0 {
		c.MaxConns = DefaultMaxConns
	}
	return c
}

// URLs returns URL followed by the replicas.
func (c BackendConfig) URLs() []string {
	return append([]string{c.URL}, c.Replicas...)
}

// ConfigError names the configuration key at fault, such as
// "backends[0].url".
type ConfigError struct {
	Key string
	Msg string
}

func (e *ConfigError) Error() string { return e.Key + ": " + e.Msg }

// Validate reports every problem of c, each a *ConfigError whose key is
// relative to the backend ("url", "kind").
func (c BackendConfig) Validate() error {
	return joinProblems(c.problems(""))
}

// ValidateBackends validates a list of backends, naming keys such as
// "backends[1].model", and checks that names are unique.
func ValidateBackends(cfgs []BackendConfig) error {
	var errs []*ConfigError
	seen := map[string]int{}
	for i, c := range cfgs {
		prefix := fmt.Sprintf("backends[%d].", i)
		probs := c.problems(prefix)
		if j, dup := seen[c.Name]; dup && c.Name != "" {
			probs = append(probs, &ConfigError{prefix + "name", fmt.Sprintf("%q is also the name of backends[%d]", c.Name, j)})
			sortProblems(probs)
		} else if c.Name != "" {
			seen[c.Name] = i
		}
		errs = append(errs, probs...)
	}
	return joinProblems(errs)
}

func (c BackendConfig) problems(prefix string) []*ConfigError {
	var errs []*ConfigError
	add := func(key, format string, args ...any) {
		errs = append(errs, &ConfigError{prefix + key, fmt.Sprintf(format, args...)})
	}
	if c.Kind != KindDetect && !slices.Contains(Kinds, c.Kind) {
		add("kind", "unknown kind %q (want one of ollama, openai, llamacpp, or empty to detect)", c.Kind)
	}
	if msg := checkURL(c.URL); msg != "" {
		add("url", "%s", msg)
	}
	for i, r := range c.Replicas {
		if msg := checkURL(r); msg != "" {
			add(fmt.Sprintf("replicas[%d]", i), "%s", msg)
		}
	}
	if c.Model == "" && (c.Kind == KindOllama || c.Kind == KindOpenAI) {
		add("model", "required for kind %s", c.Kind)
	}
	if c.APIKeyEnv != "" && c.APIKeyFile != "" {
		add("apiKeyFile", "set either apiKeyEnv or apiKeyFile, not both")
	}
	if msg := CheckAffinityHeader(c.AffinityHeader); msg != "" {
		add("affinityHeader", "%s", msg)
	}
	for i, l := range c.Languages {
		if strings.TrimSpace(l) == "" {
			add(fmt.Sprintf("languages[%d]", i), "empty language id")
		}
	}
	for _, f := range []struct {
		key string
		neg bool
	}{
		{"maxLineBytes", c.MaxLineBytes < 0},
		{"maxConns", c.MaxConns < 0},
		{"numCtx", c.NumCtx < 0},
		{"timeoutMs", c.Timeout < 0},
		{"connectTimeoutMs", c.ConnectTimeout < 0},
	} {
		if f.neg {
			add(f.key, "must not be negative")
		}
	}
	sortProblems(errs)
	return errs
}

func sortProblems(errs []*ConfigError) {
	slices.SortFunc(errs, func(a, b *ConfigError) int { return strings.Compare(a.Key, b.Key) })
}

func checkURL(raw string) string {
	if raw == "" {
		return "required"
	}
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return fmt.Sprintf("%q is not a URL", Redact(raw))
	case u.Scheme != "http" && u.Scheme != "https":
		return fmt.Sprintf("%q must start with http:// or https://", DisplayURL(raw))
	case u.Host == "":
		return fmt.Sprintf("%q has no host", DisplayURL(raw))
	}
	return ""
}

func joinProblems(errs []*ConfigError) error {
	all := make([]error, len(errs))
	for i, e := range errs {
		all[i] = e
	}
	return errors.Join(all...)
}
