package complete

import (
	"context"
	"fmt"
	"strings"
	"time"

	"go.uber.org/zap"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/prompt"
	"github.com/lspilot/lspilot/inference/suggest"
)

// job is a prepared generation: what to send and how to read the answer.
type job struct {
	req     *inference.Request
	in      suggest.Input
	counter prompt.Counter
}

// prepare builds the prompt for req; a seed above 0 samples an alternative
// with it.
func (e *Engine) prepare(tmpl prompt.Template, counter prompt.Counter, req Request, seed int) (job, error) {
	opts := fitBudgets(e.cfg.Prompt, e.cfg.NumCtx, e.cfg.MaxTokensMultiline)
	opts.Counter = counter
	extra := e.context.get(req.Session).chunks()
	extra = append(extra, e.snippets(req, extra)...)
	built, err := prompt.Build(tmpl, prompt.Request{
		Path: req.Path, Language: req.Language, Text: req.Text, Cursor: req.Cursor, Extra: extra,
	}, opts)
	if err != nil {
		return job{}, fmt.Errorf("build prompt: %w", err)
	}
	lineRest, _, _ := strings.Cut(req.Text[req.Cursor:], "\n")
	mode := suggest.DecideMode(req.Language, built.CurrentLinePrefix, strings.TrimSuffix(lineRest, "\r"))
	ir := &inference.Request{
		Model: e.cfg.Model,
		Options: inference.Options{
			MaxTokens:   e.cfg.MaxTokens,
			Temperature: e.cfg.Temperature,
			Stop:        built.Stop,
			NumCtx:      e.cfg.NumCtx,
		},
		SingleLine: mode == suggest.ModeSingleLine,
		TimeBudget: e.cfg.TimeBudget,
		Lane:       inference.LaneInline,
		Session:    req.Session,
	}
	if mode == suggest.ModeMultiLine {
		ir.Options.MaxTokens = e.cfg.MaxTokensMultiline
	}
	if seed > 0 {
		// Alternatives sample with a fixed seed, so that the same prompt
		// gives the same ones; they wait behind suggestions being typed.
		t := sampleTemperature
		ir.Options.Temperature, ir.Options.Seed, ir.Lane = &t, &seed, inference.LaneList
	}
	if built.Family == prompt.FamilyChat {
		for _, m := range built.Messages {
			ir.Messages = append(ir.Messages, inference.Message{Role: m.Role, Content: m.Content})
		}
	} else {
		ir.Prompt, ir.Raw = built.Prompt, true
	}
	return job{
		req:     ir,
		counter: counter,
		in:      suggest.Input{Text: req.Text, Cursor: req.Cursor, Language: req.Language, Mode: mode, Stop: built.Stop},
	}, nil
}

// start launches the generation for req in the background, carrying the
// request id of from, the context of the request that asked; the caller holds
// ds's lock and records it.
func (e *Engine) start(from context.Context, ds *docState, req Request) *generation {
	ctx, cancel := context.WithTimeout(inference.CarryRequestID(e.ctx, from), e.cfg.Timeout)
	before, after := req.Text[:req.Cursor], req.Text[req.Cursor:]
	g := &generation{before: before, after: after, cancel: cancel, done: make(chan struct{})}
	e.stats.backendCalls.Add(1)
	e.wg.Go(func() {
		defer cancel()
		text, err := e.generateAny(ctx, g, req)
		if text != "" {
			g.id = e.newID()
			ds.mu.Lock()
			ds.last = &shown{before: before, after: after, text: text, id: g.id}
			ds.mu.Unlock()
		}
		g.text, g.err = text, err
		close(g.done)
	})
	return g
}

// generateAny streams a suggestion for req through the Generator, which
// tries the backends for req's language in order and moves on only while
// nothing has been streamed and only for errors inference.Failover accepts.
// Each backend gets the prompt of its own template. It stops as soon as the
// suggestion can no longer change and returns the post-processed
// suggestion.
func (e *Engine) generateAny(ctx context.Context, g *generation, req Request) (string, error) {
	var (
		j    job
		sent bool // j went to a backend
	)
	build := func(b inference.Backend) (*inference.Request, error) {
		if sent {
			e.stats.errors.Add(1) // the previous backend failed before streaming
		}
		sent = false
		tmpl, counter, err := e.tmpl.get(ctx, b, req.Invoked)
		if err != nil {
			return nil, err
		}
		if j, err = e.prepare(tmpl, counter, req, g.seed); err != nil {
			return nil, err
		}
		if w := e.cfg.Warmup; w != nil {
			w.Sent(j.req)
		}
		sent = true
		return j.req, nil
	}
	began := e.now()
	var firstAt time.Time
	_, stats, err := e.backends.Generate(ctx, req.Language, build, func(c inference.Chunk) error {
		if firstAt.IsZero() {
			firstAt = e.now()
		}
		in := j.in
		in.Raw = g.append(c.Text)
		if suggest.Finished(in) {
			return inference.ErrStop
		}
		return nil
	})
	if !sent {
		return "", err // no backend, or no request could be made
	}
	e.stats.record(stats)
	if g.seed == 0 {
		outcome := err
		if ctx.Err() == context.Canceled {
			outcome = context.Canceled // superseded, whatever the stream said
		}
		e.observeLoad(began, firstAt, stats, outcome)
	}
	g.cut = stats.StopReason == inference.StopBudget
	if c, ok := counter(stats, j); ok {
		c.Observe(len(j.req.Prompt), stats.PromptTokens)
	}
	if err != nil {
		switch ctx.Err() {
		case context.Canceled:
			e.stats.superseded.Add(1)
			return "", context.Canceled
		case context.DeadlineExceeded:
			e.stats.errors.Add(1)
			return "", fmt.Errorf("generation took longer than %v", e.cfg.Timeout)
		}
		e.stats.errors.Add(1)
		return "", err
	}
	in := j.in
	in.Raw = g.streamed()
	text := suggest.Process(in)
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

// counter returns the calibrated counter to teach when the backend counted
// a raw prompt's tokens.
func counter(st inference.Stats, j job) (*prompt.Calibrated, bool) {
	c, ok := j.counter.(*prompt.Calibrated)
	return c, ok && st.PromptTokens > 0 && j.req.Raw
}

// observeLoad feeds the pace with a generation that began at began and
// streamed its first chunk at firstAt, zero if it did not; a replayed answer
// (the scheduler's cache, a stream joined late) says nothing of the server.
func (e *Engine) observeLoad(began, firstAt time.Time, st inference.Stats, err error) {
	now := e.now()
	if st.Attempts > 1 {
		e.pace.retried(now)
	}
	if firstAt.IsZero() {
		e.pace.observe(now.Sub(began), false, now, err)
	} else if !st.Replayed {
		e.pace.observe(firstAt.Sub(began), true, now, err)
	}
}
