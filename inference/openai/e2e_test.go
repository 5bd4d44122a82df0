package openai_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/internal/backendtest"
	"github.com/lspilot/lspilot/inference/ollamatest"
	"github.com/lspilot/lspilot/inference/ollamatest/tinymodel"
)

// e2eIdle is the idle timeout of the end-to-end backends: ample for the
// tiny models on a loaded machine, and short enough that a model wedged by
// a test that hung up is freed well within the test's time.
const e2eIdle = 15 * time.Second

// e2eBackend returns a backend on the real server's /v1 endpoints, opened
// as the daemon opens it.
func e2eBackend(t *testing.T) (*ollamatest.Server, inference.Backend) {
	srv := realOllama.Get(t)
	cfg := inference.BackendConfig{Name: "real", URL: srv.URL + "/v1", Model: ollamatest.FIMModel, IdleTimeout: e2eIdle}
	return srv, openForOllama(t, cfg)
}

func greedy(n int) inference.Options {
	zero := 0.0
	return inference.Options{MaxTokens: n, Temperature: &zero}
}

func e2eContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

func TestE2EGenerate(t *testing.T) {
	_, b := e2eBackend(t)
	const n = 10
	tests := []struct {
		name string
		give *inference.Request
		want string
	}{
		{name: "completions with suffix", give: &inference.Request{Prompt: "package main\n\n", Suffix: "\n", Options: greedy(n)},
			want: tinymodel.Walk(0, n)},
		{name: "completions with a raw FIM prompt", give: &inference.Request{
			Prompt: tinymodel.FIMPrefix + "package main\n\n" + tinymodel.FIMSuffix + "\n" + tinymodel.FIMMiddle, Raw: true, Options: greedy(n)},
			want: tinymodel.Walk(0, n)},
		{name: "chat completions", give: &inference.Request{Messages: []inference.Message{{Role: "user", Content: "func"}}, Options: greedy(n)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, st, err := backendtest.Generate(e2eContext(t), b, tt.give)
			if err != nil {
				t.Fatalf("Generate() error = %v", err)
			}
			if tt.want != "" && got != tt.want {
				t.Errorf("text = %q, want %q", got, tt.want)
			}
			if !strings.Contains(strings.Repeat(tinymodel.CycleText, 3), got) || got == "" {
				t.Errorf("text %q is not a walk of the model's cycle", got)
			}
			if st.StopReason != inference.StopMaxTokens || st.GeneratedTokens != n || st.PromptTokens == 0 {
				t.Errorf("stats %+v; want %d tokens ending at max_tokens, with usage", st, n)
			}
		})
	}
}

func TestE2EEarlyStopAndCancel(t *testing.T) {
	srv, b := e2eBackend(t)
	t.Run("single line", func(t *testing.T) {
		finished := srv.CountLog(ollamatest.LogRequestFinished)
		req := &inference.Request{Prompt: "package main\n\n", Suffix: "\n", SingleLine: true, Options: greedy(500)}
		got, st, err := backendtest.Generate(e2eContext(t), b, req)
		if err != nil || got != "func fib(n int) int {" || st.StopReason != inference.StopSingleLine {
			t.Errorf("Generate() = %q, %s, %v", got, st.StopReason, err)
		}
		if err := srv.WaitLog(e2eContext(t), ollamatest.LogRequestFinished, finished+1); err != nil {
			t.Errorf("the server never finished the request: %v", err)
		}
	})
	t.Run("cancel", func(t *testing.T) {
		finished := srv.CountLog(ollamatest.LogRequestFinished)
		ctx, cancel := context.WithCancel(e2eContext(t))
		n := 0
		_, err := b.Generate(ctx, &inference.Request{Prompt: "package main\n\n", Suffix: "\n", Options: greedy(5000)}, func(inference.Chunk) error {
			if n++; n == 3 {
				cancel()
			}
			return nil
		})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("Generate() error = %v, want context.Canceled", err)
		}
		if err := srv.WaitLog(e2eContext(t), ollamatest.LogRequestFinished, finished+1); err != nil {
			t.Errorf("the server never saw the cancel: %v", err)
		}
	})
}

func TestE2EErrors(t *testing.T) {
	_, b := e2eBackend(t)
	tests := []struct {
		name    string
		give    *inference.Request
		wantErr error
	}{
		{name: "model not found", give: &inference.Request{Model: "nope:1b", Prompt: "x", Options: greedy(4)}, wantErr: inference.ErrModelNotFound},
		{name: "template without suffix", give: &inference.Request{Model: ollamatest.NoFIMModel, Prompt: "x", Suffix: "y", Options: greedy(4)},
			wantErr: inference.ErrNoFIM},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, _, err := backendtest.Generate(e2eContext(t), b, tt.give); !errors.Is(err, tt.wantErr) {
				t.Errorf("Generate() error = %v, want %v", err, tt.wantErr)
			}
		})
	}
}

func TestE2EModels(t *testing.T) {
	_, b := e2eBackend(t)
	ids, err := b.(interface {
		Models(context.Context) ([]string, error)
	}).Models(e2eContext(t))
	if err != nil || !slices.ContainsFunc(ids, func(id string) bool { return strings.HasPrefix(id, ollamatest.FIMModel) }) {
		t.Errorf("Models() = %v, %v", ids, err)
	}
	if _, err := b.(inference.Pinger).Ping(e2eContext(t)); err != nil {
		t.Errorf("Ping() = %v", err)
	}
}

// TestE2EUnwedge: Ollama's /v1 endpoints wedge a model as its own API does;
// the backend finds out that the server is Ollama, unloads the model and
// sends the request again.
func TestE2EUnwedge(t *testing.T) {
	srv := realOllama.Get(t)
	backendtest.UnwedgeReal(t, srv, srv.URL+"/v1", openForOllama)
}
