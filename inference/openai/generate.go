package openai

import (
	"context"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/internal/stream"
	"github.com/lspilot/lspilot/inference/ollama"
)

// Generate streams req from /v1/completions, or /v1/chat/completions when req
// has messages.
func (b *Backend) Generate(ctx context.Context, req *inference.Request, fn func(inference.Chunk) error) (inference.Stats, error) {
	model := b.model(req)
	o := b.origin(model)
	if req != nil && len(req.Extra) > 0 {
		return inference.Stats{Slot: -1}, o.Error(inference.ErrUnsupported, 0,
			"the OpenAI API takes no extra context files; lay them out in the prompt", nil)
	}
	return b.healer.Run(ctx, model, func(w *ollama.Watch) (inference.Stats, error) {
		return b.run(ctx, model, req, w, fn)
	})
}

// run streams req once through the runner, telling w when the server
// answers.
func (b *Backend) run(ctx context.Context, model string, req *inference.Request, w *ollama.Watch, fn func(inference.Chunk) error) (inference.Stats, error) {
	o := b.origin(model)
	return b.runner.Run(ctx, req, func(ctx context.Context, sink *stream.Sink) error {
		path, body := b.body(model, req, req.Prompt)
		return b.stream(ctx, o, path, body, []*stream.Sink{sink}, w)
	}, fn)
}

// GenerateBatch sends prompts, sharing req's options, as one prompt list to
// /v1/completions and demultiplexes the streamed choices by index.
func (b *Backend) GenerateBatch(ctx context.Context, req *inference.Request, prompts []string, fn func(int, inference.Chunk) error) ([]inference.Stats, error) {
	model := b.model(req)
	o := b.origin(model)
	switch {
	case len(prompts) == 0:
		return nil, nil
	case req != nil && (req.IsChat() || len(req.Extra) > 0):
		return make([]inference.Stats, len(prompts)), o.Error(inference.ErrUnsupported, 0, "a batch takes completion prompts only", nil)
	}
	return b.runner.RunBatch(ctx, req, len(prompts), func(ctx context.Context, sinks []*stream.Sink) error {
		path, body := b.body(model, req, prompts)
		return b.stream(ctx, o, path, body, sinks, nil)
	}, fn)
}

// Warm evaluates req's prompt into the server's cache, generating one token.
func (b *Backend) Warm(ctx context.Context, req *inference.Request) (inference.Stats, error) {
	w := *req
	w.Options.MaxTokens = 1
	w.SingleLine, w.TimeBudget = false, 0
	return b.Generate(ctx, &w, func(inference.Chunk) error { return nil })
}

// body builds the request body for prompt (a string or a list).
func (b *Backend) body(model string, req *inference.Request, prompt any) (string, any) {
	o := req.Options
	usage := &streamOptions{IncludeUsage: true}
	cacheKey := inference.AffinityKey(req.Session)
	if req.IsChat() {
		msgs := make([]message, len(req.Messages))
		for i, m := range req.Messages {
			msgs[i] = message{Role: m.Role, Content: m.Content}
		}
		return "/chat/completions", &chatRequest{
			Model: model, Messages: msgs, MaxTokens: o.MaxTokens, Temperature: o.Temperature, TopP: o.TopP,
			TopK: o.TopK, Seed: o.Seed, Stop: o.Stop, Stream: true, StreamOptions: usage, PromptCacheKey: cacheKey,
		}
	}
	return "/completions", &completionRequest{
		Model: model, Prompt: prompt, Suffix: req.Suffix, MaxTokens: o.MaxTokens, Temperature: o.Temperature,
		TopP: o.TopP, TopK: o.TopK, Seed: o.Seed, Stop: o.Stop, Stream: true, StreamOptions: usage,
		PromptCacheKey: cacheKey,
	}
}

// stream sends one request and feeds its events to sinks, one per prompt.
// It tells w, if any, of every event.
func (b *Backend) stream(ctx context.Context, o inference.Origin, path string, body any, sinks []*stream.Sink, w *ollama.Watch) error {
	resp, err := b.api.PostStream(ctx, o, path, body)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	d := decoder{o: o, sinks: sinks, watch: w, finish: make([]string, len(sinks))}
	return d.read(stream.NewSSEReader(resp.Body, b.cfg.MaxLineBytes))
}
