package llamacpp

import (
	"context"
	"encoding/json"
	"errors"
	"io"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/internal/stream"
)

// Generate streams req from /infill (FIM), /completion (raw prompts) or the
// OpenAI-compatible chat endpoint (messages).
func (b *Backend) Generate(ctx context.Context, req *inference.Request, fn func(inference.Chunk) error) (inference.Stats, error) {
	if req != nil && req.IsChat() {
		return b.chat.Generate(ctx, req, fn)
	}
	return b.generate(ctx, req, nil, fn)
}

// Warm evaluates req's prompt into the slot's cache without generating
// (n_predict 0).
func (b *Backend) Warm(ctx context.Context, req *inference.Request) (inference.Stats, error) {
	zero := 0
	w := *req
	w.SingleLine, w.TimeBudget = false, 0
	return b.generate(ctx, &w, &zero, func(inference.Chunk) error { return nil })
}

// generate runs a FIM or raw request; nPredict overrides MaxTokens when set.
func (b *Backend) generate(ctx context.Context, req *inference.Request, nPredict *int, fn func(inference.Chunk) error) (inference.Stats, error) {
	model := b.model(req)
	o := b.origin(model)
	return b.runner.Run(ctx, req, func(ctx context.Context, sink *stream.Sink) error {
		path, body := b.body(model, req, nPredict)
		resp, err := b.api.PostStream(ctx, o, path, body)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		return read(o, stream.NewSSEReader(resp.Body, b.cfg.MaxLineBytes), sink)
	}, fn)
}

func (b *Backend) body(model string, req *inference.Request, nPredict *int) (string, any) {
	o := req.Options
	p := params{
		Model: model, NPredict: nPredict, Temperature: o.Temperature, TopK: o.TopK, TopP: o.TopP, Seed: o.Seed,
		Stop: o.Stop, Samplers: o.Samplers, CachePrompt: !req.NoCachePrompt, IDSlot: -1,
		TMaxPredictMS: req.TimeBudget.Milliseconds(), NIndent: req.NIndent, Stream: true, ResponseFields: responseFields,
	}
	if nPredict == nil && o.MaxTokens > 0 {
		p.NPredict = &o.MaxTokens
	}
	if req.Slot != nil {
		p.IDSlot = *req.Slot
	}
	if req.Raw {
		return "/completion", &completionRequest{Prompt: req.Prompt, params: p}
	}
	extra := make([]extraFile, len(req.Extra))
	for i, f := range req.Extra {
		extra[i] = extraFile{Filename: f.Name, Text: f.Text}
	}
	return "/infill", &infillRequest{InputPrefix: req.Prompt, InputSuffix: req.Suffix, InputExtra: extra, params: p}
}

// read feeds the events of one stream to sink until the event with
// "stop": true.
func read(o inference.Origin, sse *stream.SSEReader, sink *stream.Sink) error {
	for {
		field, data, err := sse.Next()
		switch {
		case errors.Is(err, io.EOF):
			return nil
		case err != nil:
			return o.ReadError(err)
		}
		switch field {
		case "data":
			if stream.IsDone(data) {
				return nil
			}
			var e event
			if err := json.Unmarshal(data, &e); err != nil {
				return o.Error(inference.ErrMalformed, 0, "an event is not JSON", nil)
			}
			if len(e.Error) > 0 && string(e.Error) != "null" {
				return o.StreamError(stream.ErrorMessage(data))
			}
			if err := sink.Text(e.Content); err != nil {
				return err
			}
			if e.Stop {
				sink.End(e.stats())
				return nil
			}
		case "error":
			return o.StreamError(stream.ErrorMessage(data))
		case "", "event", "id", "retry":
			sink.Alive()
		default:
			return o.Error(inference.ErrMalformed, 0, "a line of the event stream has no known field", nil)
		}
	}
}
