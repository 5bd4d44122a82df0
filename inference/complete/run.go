package complete

import (
	"context"
	"fmt"
	"strings"

	"go.uber.org/zap"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/prompt"
)

// job is a prepared generation: what to send and how to read the answer.
type job struct {
	req           *inference.Request
	in            prompt.Input
	before, after string
}

// prepare builds the prompt for req.
func (e *Engine) prepare(tmpl prompt.Template, req Request) (job, error) {
	built, err := prompt.Build(tmpl, prompt.Request{
		Path: req.Path, Language: req.Language, Text: req.Text, Cursor: req.Cursor,
		Extra: e.context.chunks(),
	}, e.cfg.Prompt)
	if err != nil {
		return job{}, fmt.Errorf("build prompt: %w", err)
	}
	lineRest, _, _ := strings.Cut(req.Text[req.Cursor:], "\n")
	mode := prompt.DecideMode(req.Language, built.CurrentLinePrefix, strings.TrimSuffix(lineRest, "\r"))
	ir := &inference.Request{
		Model: e.cfg.Model,
		Options: inference.Options{
			MaxTokens:   e.cfg.MaxTokens,
			Temperature: e.cfg.Temperature,
			Stop:        built.Stop,
			NumCtx:      e.cfg.NumCtx,
		},
		SingleLine: mode == prompt.ModeSingleLine,
		TimeBudget: e.cfg.TimeBudget,
	}
	if mode == prompt.ModeMultiLine {
		ir.Options.MaxTokens = e.cfg.MaxTokensMultiline
	}
	if built.Family == prompt.FamilyChat {
		for _, m := range built.Messages {
			ir.Messages = append(ir.Messages, inference.Message{Role: m.Role, Content: m.Content})
		}
	} else {
		ir.Prompt, ir.Raw = built.Prompt, true
	}
	return job{
		req:    ir,
		in:     prompt.Input{Text: req.Text, Cursor: req.Cursor, Language: req.Language, Mode: mode, Stop: built.Stop},
		before: req.Text[:req.Cursor],
		after:  req.Text[req.Cursor:],
	}, nil
}

// start launches j's generation in the background and records it in ds,
// whose lock the caller holds.
func (e *Engine) start(ds *docState, j job) *generation {
	ctx, cancel := context.WithTimeout(e.ctx, e.cfg.Timeout)
	g := &generation{before: j.before, after: j.after, cancel: cancel, done: make(chan struct{})}
	e.stats.backendCalls.Add(1)
	e.wg.Go(func() {
		defer cancel()
		text, err := e.generate(ctx, g, j)
		if text != "" {
			g.id = e.newID()
			ds.mu.Lock()
			ds.last = &shown{before: j.before, after: j.after, text: text, id: g.id}
			ds.mu.Unlock()
		}
		g.text, g.err = text, err
		close(g.done)
	})
	return g
}

// generate streams j from the backend, stopping as soon as the suggestion
// can no longer change, and returns the post-processed suggestion.
func (e *Engine) generate(ctx context.Context, g *generation, j job) (string, error) {
	in := j.in
	stats, err := e.backend.Generate(ctx, j.req, func(c inference.Chunk) error {
		in.Raw = g.append(c.Text)
		if prompt.Finished(in) {
			return inference.ErrStop
		}
		return nil
	})
	e.stats.record(stats)
	if err != nil {
		if ctx.Err() != nil {
			e.stats.superseded.Add(1)
			return "", context.Canceled
		}
		e.stats.errors.Add(1)
		return "", err
	}
	in.Raw = g.streamed()
	text := prompt.Process(in)
	if ce := e.logger.Check(zap.DebugLevel, "generation"); ce != nil {
		ce.Write(zap.Int("promptTokens", stats.PromptTokens), zap.Int("generated", stats.GeneratedTokens),
			zap.Duration("firstChunk", stats.TimeToFirstChunk), zap.Duration("promptEval", stats.PromptEval),
			zap.String("stop", string(stats.StopReason)), zap.Int("suggestionBytes", len(text)))
	}
	if text == "" {
		e.stats.empty.Add(1)
	}
	return text, nil
}
