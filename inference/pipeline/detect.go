package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/internal/stream"
)

// DetectTimeout bounds kind detection as a whole.
const DetectTimeout = 3 * time.Second

// ErrUnknownKind reports a server that answered none of the probes.
var ErrUnknownKind = errors.New("cannot tell the backend kind")

// probe is one request that recognises a kind.
type probe struct {
	kind inference.BackendKind
	path string
	// match reports whether a status and body are the kind's.
	match func(status int, body map[string]json.RawMessage) bool
}

// probes run in order: Ollama and llama-server also serve /v1/models, so the
// OpenAI probe comes last.
var probes = []probe{
	{inference.KindOllama, "/api/version", func(s int, b map[string]json.RawMessage) bool { return s == 200 && b["version"] != nil }},
	{inference.KindLlamaCpp, "/props", func(s int, b map[string]json.RawMessage) bool {
		return s == 200 && (b["default_generation_settings"] != nil || b["total_slots"] != nil)
	}},
	{inference.KindOpenAI, "/v1/models", func(s int, b map[string]json.RawMessage) bool {
		return s == 200 && b["data"] != nil || s == http.StatusUnauthorized || s == http.StatusForbidden
	}},
}

// Detect finds the kind of the server at cfg.URL: /api/version answers for
// Ollama, /props for llama-server, /v1/models for OpenAI-compatible servers.
// A URL ending in /v1 is OpenAI-compatible without probing. An unreachable
// server gives an error matching inference.ErrUnreachable.
func Detect(ctx context.Context, cfg inference.BackendConfig) (inference.BackendKind, error) {
	base := strings.TrimSuffix(cfg.URL, "/")
	if strings.HasSuffix(base, "/v1") {
		return inference.KindOpenAI, nil
	}
	ctx, cancel := context.WithTimeout(ctx, DetectTimeout)
	defer cancel()
	key, source, err := cfg.APIKey()
	if err != nil {
		return "", err
	}
	hc := stream.NewHTTPClient(cfg)
	defer hc.CloseIdleConnections()
	origin := inference.Origin{Backend: cfg.Name, URL: cfg.URL, KeySource: source}.WithSecret(key)
	for _, p := range probes {
		status, body, err := get(ctx, hc, base+p.path, key)
		if err != nil {
			if ctx.Err() != nil {
				return "", origin.Error(inference.ErrTimeout, 0, fmt.Sprintf("no answer to kind detection within %v; set `kind`", DetectTimeout), err)
			}
			return "", origin.TransportError(err)
		}
		if p.match(status, body) {
			return p.kind, nil
		}
	}
	return "", fmt.Errorf("%w at %s: none of /api/version (ollama), /props (llamacpp), /v1/models (openai) answered as expected; set `kind`",
		ErrUnknownKind, cfg.URL)
}

// get fetches url and decodes a JSON object body when there is one.
func get(ctx context.Context, hc *http.Client, url, key string) (int, map[string]json.RawMessage, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, nil, err
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	resp, err := hc.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	var body map[string]json.RawMessage
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err == nil {
		json.Unmarshal(b, &body)
	}
	return resp.StatusCode, body, nil
}
