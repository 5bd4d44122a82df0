package llamacpp_test

import (
	"encoding/json"
	"strings"
	"testing"

	"go.uber.org/zap"
	"go.uber.org/zap/zaptest"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/internal/backendtest"
	"github.com/lspilot/lspilot/inference/llamacpp"
)

func sse(field string, v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return field + ": " + string(b) + "\n\n"
}

// chunk is a partial event as llama-server streams it.
func chunk(text string) string {
	return sse("data", map[string]any{"index": 0, "content": text, "tokens": []int{1}, "stop": false,
		"id_slot": -1, "tokens_predicted": 1, "tokens_evaluated": 48})
}

// end is the last event, trimmed by response_fields.
const end = `data: {"content":"","stop":true,"stop_type":"eos","stopping_word":"","id_slot":0,"model":"qwen",` +
	`"tokens_cached":47,"tokens_evaluated":48,"tokens_predicted":2,"truncated":false,"timings":{"cache_n":40,` +
	`"prompt_n":8,"prompt_ms":12.5,"prompt_per_token_ms":1.5625,"prompt_per_second":640,"predicted_n":2,` +
	`"predicted_ms":6.5,"predicted_per_token_ms":3.25,"predicted_per_second":307.7}}` + "\n\n"

var errorTypes = map[int]string{
	400: "invalid_request_error", 401: "authentication_error", 403: "permission_error", 404: "not_found_error",
	429: "rate_limit_error", 500: "server_error", 501: "not_supported_error", 503: "unavailable_error",
}

var dialect = backendtest.Dialect{
	Kind:        inference.KindLlamaCpp,
	Path:        "/infill",
	ContentType: "text/event-stream",
	Chunk:       chunk,
	End:         end,
	StreamError: func(msg string) string {
		return sse("error", map[string]any{"code": 500, "message": msg, "type": "server_error"})
	},
	LongLine: func(n int) string { return chunk(strings.Repeat("x", n)) },
	Garbage:  "data: {\"content\": oops}\n\n",
	ErrorBody: func(status int, msg string) string {
		b, _ := json.Marshal(map[string]any{"error": map[string]any{"code": status, "message": msg, "type": errorTypes[status]}})
		return string(b)
	},
	ModelNotFound: backendtest.Answer{Status: 404, Msg: "model 'coder' not found"},
	NoFIM: backendtest.Answer{Status: 501,
		Msg: "Infill is not supported by this model: prefix token is missing. suffix token is missing. middle token is missing. "},
	Overflow: backendtest.Answer{Status: 400, Msg: "the request exceeds the available context size, try increasing it"},
}

func newBackend(t testing.TB, cfg inference.BackendConfig) inference.Backend {
	return open(t, cfg)
}

func open(t testing.TB, cfg inference.BackendConfig) *llamacpp.Backend {
	b, err := llamacpp.New(cfg, logger(t))
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
