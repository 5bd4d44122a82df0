package inference_test

import (
	"errors"
	"fmt"
	"net/http"
	"syscall"
	"testing"
	"time"

	"github.com/lspilot/lspilot/inference"
)

func TestClassify(t *testing.T) {
	tests := []struct {
		status int
		msg    string
		want   error
	}{
		{404, "model 'qwen:7b' not found", inference.ErrModelNotFound},
		{404, "The model `gpt-x` does not exist or you do not have access to it.", inference.ErrModelNotFound},
		{400, `model "x" not found, try pulling it first`, inference.ErrModelNotFound},
		{404, "404 page not found", inference.ErrUnsupported},
		{400, `"tiny" does not support insert`, inference.ErrNoFIM},
		{501, "Infill is not supported by this model: prefix token is missing. (not_supported_error)", inference.ErrNoFIM},
		{400, "suffix is not currently supported", inference.ErrNoFIM},
		{400, "the request exceeds the available context size, try increasing it (exceed_context_size_error)", inference.ErrContextOverflow},
		{400, "This model's maximum context length is 4096 tokens. However, you requested 5000 tokens", inference.ErrContextOverflow},
		{401, "invalid api key", inference.ErrUnauthorized},
		{403, "forbidden", inference.ErrUnauthorized},
		{429, "too many requests", inference.ErrRateLimited},
		{503, "server busy, please try again.  maximum pending requests exceeded", inference.ErrUnavailable},
		{500, "llama runner process has terminated", inference.ErrServer},
		{502, "", inference.ErrServer},
		{422, "invalid temperature", inference.ErrBadRequest},
		{0, "an error was encountered while running the model", inference.ErrServer},
	}
	for _, tt := range tests {
		if got := inference.Classify(tt.status, tt.msg); got != tt.want {
			t.Errorf("Classify(%d, %q) = %v, want %v", tt.status, tt.msg, got, tt.want)
		}
	}
}

func TestBackendErrorMessages(t *testing.T) {
	ollama := inference.Origin{Backend: "local", Kind: inference.KindOllama, URL: "http://127.0.0.1:11434", Model: "qwen"}
	keyed := inference.Origin{Backend: "vllm", Kind: inference.KindOpenAI, URL: "http://gpu:8000/v1", Model: "m",
		KeySource: "environment variable VLLM_KEY", IdleTimeout: 30 * time.Second}
	refused := fmt.Errorf("dial tcp 127.0.0.1:11434: connect: %w", syscall.ECONNREFUSED)
	tests := []struct {
		name string
		give *inference.BackendError
		want string
	}{
		{"refused ollama", ollama.TransportError(refused),
			"local: backend unreachable: dial tcp 127.0.0.1:11434: connect: connection refused; is Ollama running at http://127.0.0.1:11434? start it with `ollama serve`"},
		{"refused, credentials in the URL", inference.Origin{Backend: "local", Kind: inference.KindOllama,
			URL: "http://alice:hunter2pass@127.0.0.1:11434"}.TransportError(refused),
			"local: backend unreachable: dial tcp 127.0.0.1:11434: connect: connection refused; is Ollama running at http://127.0.0.1:11434? start it with `ollama serve`"},
		{"refused openai", keyed.TransportError(refused),
			"vllm: backend unreachable: dial tcp 127.0.0.1:11434: connect: connection refused; is the openai server running at http://gpu:8000/v1? check `url`"},
		{"model not found", ollama.HTTPError(404, nil, "model 'qwen' not found"),
			"local: model not found: model 'qwen' not found (HTTP 404); run `ollama pull qwen`"},
		{"openai model not found", keyed.HTTPError(404, nil, "The model `m` does not exist."),
			"vllm: model not found: The model `m` does not exist. (HTTP 404); check the model name \"m\" against http://gpu:8000/v1/models"},
		{"no FIM", ollama.HTTPError(400, nil, `"qwen" does not support insert`),
			"local: model has no fill-in-the-middle support: \"qwen\" does not support insert (HTTP 400); this model has no FIM template; use a base code model or set `fim.template`"},
		{"unauthorized names the key source", keyed.HTTPError(401, nil, "invalid key"),
			"vllm: unauthorized: invalid key (HTTP 401); check the API key from environment variable VLLM_KEY"},
		{"rate limited", keyed.HTTPError(429, http.Header{"Retry-After": {"7"}}, "slow down"),
			"vllm: rate limited: slow down (HTTP 429); the server is rate limiting; retry after 7s"},
		{"stalled", keyed.Error(inference.ErrStalled, 0, "", nil),
			"vllm: stream stalled; the server sent nothing for 30s; raise idle_timeout if it is slow, else check the server"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.give.Error(); got != tt.want {
				t.Errorf("Error() =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
	err := fmt.Errorf("complete: %w", ollama.TransportError(refused))
	if !errors.Is(err, inference.ErrUnreachable) || !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("errors.Is fails on %v", err)
	}
	if be := inference.AsBackendError(err); be == nil || be.Backend != "local" {
		t.Errorf("AsBackendError(%v) = %v", err, be)
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		give string
		want time.Duration
	}{
		{"", 0}, {"3", 3 * time.Second}, {"-1", 0}, {"soon", 0},
		{"Wed, 01 Jan 2025 12:00:05 GMT", 5 * time.Second},
		{"Wed, 01 Jan 2025 11:00:00 GMT", 0},
	}
	for _, tt := range tests {
		if got := inference.ParseRetryAfter(tt.give, now); got != tt.want {
			t.Errorf("ParseRetryAfter(%q) = %v, want %v", tt.give, got, tt.want)
		}
	}
}
