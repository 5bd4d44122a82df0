package openai_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/internal/backendtest"
	"github.com/lspilot/lspilot/inference/internal/llamaservertest"
	"github.com/lspilot/lspilot/inference/ollamatest/tinymodel"
)

// llamaBackend returns a backend on the real llama-server's /v1 endpoints,
// opened as the daemon opens it.
func llamaBackend(t *testing.T) (*llamaservertest.Server, inference.Backend) {
	srv := realLlama.Get(t)
	cfg := inference.BackendConfig{Name: "llama", URL: srv.URL + "/v1", Model: srv.Model, IdleTimeout: e2eIdle}
	return srv, openForOllama(t, cfg)
}

// TestE2ELlamaServerGenerate: llama-server's /v1/completions streams a raw
// FIM prompt with usage and its cache figures; chat goes to
// /v1/chat/completions.
func TestE2ELlamaServerGenerate(t *testing.T) {
	_, b := llamaBackend(t)
	const n = 10
	raw := tinymodel.FIMPrefix + "package main\n\n" + tinymodel.FIMSuffix + "\n" + tinymodel.FIMMiddle
	tests := []struct {
		name string
		give *inference.Request
		want string
	}{
		{name: "completions with a raw FIM prompt", give: &inference.Request{Prompt: raw, Raw: true, Options: greedy(n)},
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
			if st.StopReason != inference.StopMaxTokens || st.GeneratedTokens != n || st.PromptTokens == 0 || !st.CacheReported {
				t.Errorf("stats %+v; want %d tokens ending at max_tokens, with usage and cache figures", st, n)
			}
		})
	}
}

// TestE2ELlamaServerIgnoresSuffix: llama-server's /v1/completions drops a
// suffix without a word, so FIM through it degrades to completing the
// prefix; the llamacpp backend's /infill is the way to FIM on llama-server.
func TestE2ELlamaServerIgnoresSuffix(t *testing.T) {
	_, b := llamaBackend(t)
	req := &inference.Request{Prompt: "package main\n\n", Options: greedy(6)}
	plain, plainSt, err := backendtest.Generate(e2eContext(t), b, req)
	if err != nil {
		t.Fatal(err)
	}
	req.Suffix = "\n}\n"
	got, st, err := backendtest.Generate(e2eContext(t), b, req)
	if err != nil || got != plain || st.PromptTokens != plainSt.PromptTokens {
		t.Errorf("with a suffix: %q, %d prompt tokens, %v; without: %q, %d", got, st.PromptTokens, err, plain, plainSt.PromptTokens)
	}
}

// TestE2ELlamaServerCancel: a cancelled stream makes the server cancel the
// task.
func TestE2ELlamaServerCancel(t *testing.T) {
	srv, b := llamaBackend(t)
	cancels := srv.CountLog(llamaservertest.LogCancel)
	ctx, cancel := context.WithCancel(e2eContext(t))
	n := 0
	raw := tinymodel.FIMPrefix + "package main\n\n" + tinymodel.FIMSuffix + "\n" + tinymodel.FIMMiddle
	_, err := b.Generate(ctx, &inference.Request{Prompt: raw, Raw: true, Options: greedy(900)}, func(inference.Chunk) error {
		if n++; n == 3 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Generate() error = %v, want context.Canceled", err)
	}
	wctx, wcancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer wcancel()
	if err := srv.WaitLog(wctx, llamaservertest.LogCancel, cancels+1); err != nil {
		t.Errorf("the server never saw the cancel: %v", err)
	}
}

// TestE2ELlamaServerModels: /v1/models lists the served model.
func TestE2ELlamaServerModels(t *testing.T) {
	srv, b := llamaBackend(t)
	ids, err := b.(interface {
		Models(context.Context) ([]string, error)
	}).Models(e2eContext(t))
	if err != nil || len(ids) != 1 || !strings.Contains(ids[0], srv.Model) {
		t.Errorf("Models() = %v, %v; want one model, %s", ids, err, srv.Model)
	}
}
