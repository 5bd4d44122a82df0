package config

import (
	"errors"
	"fmt"
	"time"

	"github.com/lspilot/lspilot/inference"
)

// Backend configures one inference backend: a server, or several
// replicas of it, serving one model.
type Backend struct {
	// Name identifies the backend in logs and messages; default: its URL.
	Name string `json:"name"`
	// Kind is ollama, openai or llamacpp; empty detects it by probing.
	Kind string `json:"kind"`
	// URL is the server's base URL.
	URL string `json:"url"`
	// Model is the model to ask for.
	Model string `json:"model"`
	// APIKeyEnv names an environment variable holding the API key;
	// APIKeyFile a file holding it. The key itself is never configured.
	// Only the config file and the command line may set them; a client
	// layer that does is refused (see screenClient).
	APIKeyEnv  string `json:"apiKeyEnv"`
	APIKeyFile string `json:"apiKeyFile"`
	// Replicas are more URLs serving the same model.
	Replicas []string `json:"replicas"`
	// Languages are the language ids this backend serves first; empty
	// means any language.
	Languages []string `json:"languages"`
	// TimeoutMs bounds a whole request; IdleTimeoutMs the silence between
	// chunks; ConnectTimeoutMs dialling.
	TimeoutMs        int `json:"timeoutMs"`
	IdleTimeoutMs    int `json:"idleTimeoutMs"`
	ConnectTimeoutMs int `json:"connectTimeoutMs"`
	// Retries is the number of retries before any text arrived.
	Retries int `json:"retries"`
	// KeepAliveSeconds is how long Ollama keeps the model loaded.
	KeepAliveSeconds int `json:"keepAliveSeconds"`
	// MaxLineBytes bounds one line of a streamed answer.
	MaxLineBytes int `json:"maxLineBytes"`
	// Slots is how many generations each replica runs at once (the
	// server's parallelism); 0 asks the server or assumes its default.
	Slots int `json:"slots"`
	// Routing chooses a replica for each request: "prefix" (the default)
	// the one holding the longest prefix of its prompt, "round-robin" each
	// in turn.
	Routing string `json:"routing"`
	// AffinityHeader names the header that carries the editor session's
	// routing key (inference.AffinityKey) to a router in front of many
	// replicas; empty sends none. A client layer may set it: the key is no
	// secret, and credential headers are refused by name.
	AffinityHeader string `json:"affinityHeader"`
}

// BackendConfig converts the settings for the inference layer.
func (b Backend) BackendConfig() inference.BackendConfig {
	ms := func(n int) time.Duration { return time.Duration(n) * time.Millisecond }
	name := b.Name
	if name == "" {
		name = inference.DisplayURL(b.URL) // shown and logged: no credentials
	}
	return inference.BackendConfig{
		Name: name, Kind: inference.BackendKind(b.Kind), URL: b.URL, Model: b.Model,
		APIKeyEnv: b.APIKeyEnv, APIKeyFile: b.APIKeyFile, Replicas: b.Replicas, Languages: b.Languages,
		Timeout: ms(b.TimeoutMs), IdleTimeout: ms(b.IdleTimeoutMs), ConnectTimeout: ms(b.ConnectTimeoutMs),
		Retries: b.Retries, KeepAlive: time.Duration(b.KeepAliveSeconds) * time.Second, MaxLineBytes: b.MaxLineBytes,
		AffinityHeader: b.AffinityHeader,
	}
}

// BackendConfigs converts every configured backend.
func (c Config) BackendConfigs() []inference.BackendConfig {
	out := make([]inference.BackendConfig, len(c.Backends))
	for i, b := range c.Backends {
		out[i] = b.BackendConfig()
	}
	return out
}

// validateBackends reports the problems of the backends list by key.
func validateBackends(bs []Backend) []*KeyError {
	var errs []*KeyError
	for i, b := range bs {
		if b.Slots < 0 {
			errs = append(errs, &KeyError{Key: fmt.Sprintf("backends[%d].slots", i), Err: fmt.Errorf("%d is negative", b.Slots)})
		}
		if b.Routing != "" && b.Routing != "prefix" && b.Routing != "round-robin" {
			errs = append(errs, &KeyError{Key: fmt.Sprintf("backends[%d].routing", i), Err: fmt.Errorf("%q is not prefix or round-robin", b.Routing)})
		}
	}
	c := Config{Backends: bs}
	err := inference.ValidateBackends(c.BackendConfigs())
	if err == nil {
		return errs
	}
	for _, e := range flatten(err) {
		var ce *inference.ConfigError
		if errors.As(e, &ce) {
			errs = append(errs, &KeyError{Key: ce.Key, Err: errors.New(ce.Msg)})
		}
	}
	if len(errs) == 0 {
		errs = append(errs, &KeyError{Key: "backends", Err: err})
	}
	return errs
}

// flatten unwraps a joined error into its parts.
func flatten(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, flatten(e)...)
		}
		return out
	}
	return []error{err}
}
