package ollama_test

import (
	"encoding/json"
	"strings"
	"testing"

	"go.uber.org/zap"
	"go.uber.org/zap/zaptest"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/internal/backendtest"
	"github.com/lspilot/lspilot/inference/ollama"
)

func line(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b) + "\n"
}

func chunk(text string) string {
	return line(map[string]any{"model": "coder", "created_at": "2025-01-01T00:00:00Z", "response": text, "done": false})
}

const doneLine = `{"model":"coder","created_at":"2025-01-01T00:00:00Z","response":"","done":true,"done_reason":"stop",` +
	`"context":[1,2,3],"total_duration":9000000,"load_duration":1000000,"prompt_eval_count":12,` +
	`"prompt_eval_duration":3000000,"eval_count":2,"eval_duration":4000000}` + "\n"

var dialect = backendtest.Dialect{
	Kind:          inference.KindOllama,
	Path:          "/api/generate",
	ContentType:   "application/x-ndjson",
	Chunk:         chunk,
	End:           doneLine,
	StreamError:   func(msg string) string { return line(map[string]string{"error": msg}) },
	LongLine:      func(n int) string { return chunk(strings.Repeat("x", n)) },
	Garbage:       "this is not json\n",
	ErrorBody:     func(_ int, msg string) string { return line(map[string]string{"error": msg}) },
	ModelNotFound: backendtest.Answer{Status: 404, Msg: "model 'coder' not found"},
	NoFIM:         backendtest.Answer{Status: 400, Msg: `"coder" does not support insert`},
	Overflow:      backendtest.Answer{Status: 400, Msg: "the input length exceeds the context length"},
}

func newBackend(t testing.TB, cfg inference.BackendConfig) inference.Backend {
	return open(t, cfg)
}

func open(t testing.TB, cfg inference.BackendConfig) *ollama.Backend {
	cfg.Kind = inference.KindOllama
	b, err := ollama.New(cfg, logger(t))
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

func TestUnwedge(t *testing.T) {
	backendtest.Unwedge(t, dialect, newBackend)
}
