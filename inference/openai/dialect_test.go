package openai_test

import (
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"

	"go.uber.org/zap"
	"go.uber.org/zap/zaptest"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/internal/backendtest"
	"github.com/lspilot/lspilot/inference/openai"
	"github.com/lspilot/lspilot/inference/pipeline"
)

func event(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return "data: " + string(b) + "\n\n"
}

func textChunk(index int, text string, finish any) string {
	return event(map[string]any{"id": "cmpl-1", "object": "text_completion", "created": 1, "model": "coder",
		"choices": []any{map[string]any{"index": index, "text": text, "finish_reason": finish}}})
}

func chunk(text string) string { return textChunk(0, text, nil) }

const usageEvent = `data: {"id":"cmpl-1","object":"text_completion","created":1,"model":"coder","choices":[],` +
	`"usage":{"prompt_tokens":12,"completion_tokens":2,"total_tokens":14,"prompt_tokens_details":{"cached_tokens":8}}}` + "\n\n"

var end = textChunk(0, "", "stop") + usageEvent + "data: [DONE]\n\n"

var dialect = backendtest.Dialect{
	Kind:        inference.KindOpenAI,
	Path:        "/v1/completions",
	ContentType: "text/event-stream",
	Chunk:       chunk,
	End:         end,
	StreamError: func(msg string) string {
		return event(map[string]any{"error": map[string]any{"message": msg, "type": "server_error", "code": 500}})
	},
	LongLine: func(n int) string { return chunk(strings.Repeat("x", n)) },
	Garbage:  "data: not json\n\n",
	ErrorBody: func(status int, msg string) string {
		b, _ := json.Marshal(map[string]any{"error": map[string]any{"message": msg, "type": "invalid_request_error", "param": nil, "code": nil}})
		return string(b)
	},
	ModelNotFound: backendtest.Answer{Status: 404, Msg: "The model `coder` does not exist."},
	NoFIM:         backendtest.Answer{Status: 400, Msg: "suffix is not currently supported"},
	Overflow: backendtest.Answer{Status: 400, Msg: "This model's maximum context length is 2048 tokens. " +
		"However, you requested 4000 tokens (3000 in the messages, 1000 in the completion)."},
}

func newBackend(t testing.TB, cfg inference.BackendConfig) inference.Backend {
	return open(t, cfg)
}

func open(t testing.TB, cfg inference.BackendConfig) *openai.Backend {
	b, err := openai.New(cfg, logger(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}

// logger logs at debug in tests and not at all in benchmarks, as in
// production at info level.
func logger(t testing.TB) *zap.Logger {
	if _, ok := t.(*testing.B); ok {
		return zap.NewNop()
	}
	return zaptest.NewLogger(t)
}

func TestContract(t *testing.T) {
	backendtest.Run(t, dialect, newBackend)
}

// BenchmarkStream measures the per-token cost of a 256-token stream.
func BenchmarkStream(b *testing.B) {
	backendtest.Bench(b, dialect, newBackend, 256)
}

// BenchmarkRequest measures the fixed cost of a request of one token.
func BenchmarkRequest(b *testing.B) {
	backendtest.Bench(b, dialect, newBackend, 1)
}

// TestUnwedge opens the backend as the daemon does, which lets it free a
// model that Ollama's /v1 endpoints hold idle but no longer serve.
func TestUnwedge(t *testing.T) {
	backendtest.Unwedge(t, dialect, openForOllama)
}

// openForOllama opens an OpenAI-compatible backend the way the daemon does.
func openForOllama(t testing.TB, cfg inference.BackendConfig) inference.Backend {
	cfg.Kind = inference.KindOpenAI
	b, err := pipeline.Open(context.Background(), cfg, logger(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.(io.Closer).Close() })
	return b
}
