package ollama

import (
	"cmp"
	"context"
	"time"

	"github.com/ollama/ollama/api"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/internal/stream"
)

// Generate streams req through /api/generate (FIM with a suffix, or a raw
// prompt) or /api/chat when req has messages.
func (b *Backend) Generate(ctx context.Context, req *inference.Request, fn func(inference.Chunk) error) (inference.Stats, error) {
	model := b.model(req)
	o := b.origin(model)
	if req != nil && len(req.Extra) > 0 {
		return inference.Stats{Slot: -1}, o.Error(inference.ErrUnsupported, 0,
			"ollama takes no extra context files; lay them out in the prompt", nil)
	}
	return b.healer.Run(ctx, model, func(w *Watch) (inference.Stats, error) {
		return b.run(ctx, model, req, w, fn)
	})
}

// run streams req once through the runner, telling w when text arrives.
func (b *Backend) run(ctx context.Context, model string, req *inference.Request, w *Watch, fn func(inference.Chunk) error) (inference.Stats, error) {
	o := b.origin(model)
	return b.runner.Run(ctx, req, func(ctx context.Context, sink *stream.Sink) error {
		ctx, x := withExchange(ctx)
		var err error
		if req.IsChat() {
			err = b.client.Chat(ctx, b.chatRequest(model, req), func(r api.ChatResponse) error {
				w.Text()
				return deliver(sink, r.Message.Content, r.Done, r.Model, r.DoneReason, r.Metrics)
			})
		} else {
			err = b.client.Generate(ctx, b.generateRequest(model, req), func(r api.GenerateResponse) error {
				w.Text()
				return deliver(sink, r.Response, r.Done, r.Model, r.DoneReason, r.Metrics)
			})
		}
		if sink.Stopped() {
			return err
		}
		return mapError(ctx, o, x, err)
	}, fn)
}

// deliver passes one streamed line to the sink.
func deliver(sink *stream.Sink, text string, done bool, model, reason string, m api.Metrics) error {
	if err := sink.Text(text); err != nil {
		return err
	}
	if done {
		sink.End(inference.Stats{
			Model:           model,
			PromptTokens:    m.PromptEvalCount,
			GeneratedTokens: m.EvalCount,
			PromptEval:      m.PromptEvalDuration,
			Eval:            m.EvalDuration,
			Load:            m.LoadDuration,
			StopReason:      stopReason(reason),
			Slot:            -1,
		})
	}
	return nil
}

func stopReason(r string) inference.StopReason {
	switch r {
	case "length":
		return inference.StopMaxTokens
	case "load":
		return inference.StopLoad
	}
	return inference.StopEOS
}

func (b *Backend) generateRequest(model string, req *inference.Request) *api.GenerateRequest {
	return &api.GenerateRequest{
		Model:     model,
		Prompt:    req.Prompt,
		Suffix:    req.Suffix,
		Raw:       req.Raw,
		Options:   b.options(req),
		KeepAlive: b.keepAlive(req),
		Think:     &api.ThinkValue{Value: false},
	}
}

func (b *Backend) chatRequest(model string, req *inference.Request) *api.ChatRequest {
	msgs := make([]api.Message, len(req.Messages))
	for i, m := range req.Messages {
		msgs[i] = api.Message{Role: m.Role, Content: m.Content}
	}
	return &api.ChatRequest{
		Model:     model,
		Messages:  msgs,
		Options:   b.options(req),
		KeepAlive: b.keepAlive(req),
		Think:     &api.ThinkValue{Value: false},
	}
}

// options maps the request's options to Ollama's; thinking stays off since
// completions want the answer, not the reasoning.
func (b *Backend) options(req *inference.Request) map[string]any {
	o := req.Options
	m := make(map[string]any, 8)
	if o.MaxTokens > 0 {
		m["num_predict"] = o.MaxTokens
	}
	if o.Temperature != nil {
		m["temperature"] = *o.Temperature
	}
	if o.TopP > 0 {
		m["top_p"] = o.TopP
	}
	if o.TopK > 0 {
		m["top_k"] = o.TopK
	}
	if o.Seed != nil {
		m["seed"] = *o.Seed
	}
	if len(o.Stop) > 0 {
		m["stop"] = o.Stop
	}
	if n := cmp.Or(o.NumCtx, b.cfg.NumCtx); n > 0 {
		m["num_ctx"] = n
	}
	return m
}

func (b *Backend) keepAlive(req *inference.Request) *api.Duration {
	d := req.Options.KeepAlive
	if d == 0 {
		d = b.cfg.KeepAlive
	}
	if d == 0 {
		return nil
	}
	return &api.Duration{Duration: d}
}

// Warm evaluates req's prompt into the server's cache, generating one token
// (Ollama reads num_predict 0 as "no limit"). An empty prompt only loads the
// model. The stats show the prompt evaluation time.
func (b *Backend) Warm(ctx context.Context, req *inference.Request) (inference.Stats, error) {
	w := *req
	w.Options.MaxTokens = 1
	w.SingleLine, w.TimeBudget = false, time.Duration(0)
	return b.Generate(ctx, &w, func(inference.Chunk) error { return nil })
}
