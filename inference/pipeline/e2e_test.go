package pipeline_test

import (
	"context"
	"testing"
	"time"

	"go.uber.org/zap/zaptest"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/internal/backendtest"
	"github.com/lspilot/lspilot/inference/ollamatest"
	"github.com/lspilot/lspilot/inference/pipeline"
	"github.com/lspilot/lspilot/inference/route"
)

func TestE2EOpenDetectsOllamaAndFailsOver(t *testing.T) {
	srv := realOllama.Get(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if kind, err := pipeline.Detect(ctx, inference.BackendConfig{URL: srv.URL}); err != nil || kind != inference.KindOllama {
		t.Fatalf("Detect() = %q, %v", kind, err)
	}
	// The first replica refuses connections; the real server takes over.
	cfg := inference.BackendConfig{Name: "pool", URL: refusedURL(t), Replicas: []string{srv.URL}, Kind: inference.KindOllama,
		Model: ollamatest.FIMModel, Retries: -1}
	b, err := pipeline.Open(ctx, cfg, zaptest.NewLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	defer b.(*route.Group).Close()
	zero := 0.0
	got, _, err := backendtest.Generate(ctx, b, &inference.Request{Prompt: "package main\n\n", Suffix: "\n",
		Options: inference.Options{MaxTokens: 3, Temperature: &zero}})
	if err != nil || got != "func fib(n" {
		t.Errorf("Generate() = %q, %v", got, err)
	}
}
