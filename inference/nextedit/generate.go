package nextedit

import (
	"context"
	"fmt"
	"strings"
	"time"

	"go.uber.org/zap"

	"github.com/lspilot/lspilot/inference"
)

// generation is one model call: the format and window it was laid out
// with, and the answer.
type generation struct {
	format Format
	window window
	input  Input
	answer string
}

// formatTimeout bounds asking a backend which model it serves.
const formatTimeout = 2 * time.Second

// generate lays the request out for each backend tried and streams the
// answer. Streaming stops once the answer is well past the region's size:
// a rewrite cannot need more.
func (e *Engine) generate(ctx context.Context, req Request) (generation, error) {
	e.stats.modelCalls.Add(1)
	var g generation
	recent := e.history.Recent(req.Session, req.URI)
	var sb strings.Builder
	limit := 0
	start := time.Now()
	_, st, err := e.gen.Generate(ctx, req.Language, func(b inference.Backend) (*inference.Request, error) {
		g = e.layout(ctx, b, req, recent)
		limit = 4*(g.window.regionEnd-g.window.regionStart) + 1024
		return e.request(req, g.format.Build(g.input)), nil
	}, func(c inference.Chunk) error {
		sb.WriteString(c.Text)
		if sb.Len() > limit {
			return inference.ErrStop
		}
		return nil
	})
	g.answer = sb.String()
	if ce := e.logger.Check(zap.DebugLevel, "next edit answer"); ce != nil {
		ce.Write(zap.String("session", req.Session), zap.String("uri", req.URI), zap.String("format", g.format.Name),
			zap.Int("regionLines", g.window.lines), zap.Int("changes", len(g.input.Changes)),
			zap.Int("answerBytes", len(g.answer)), zap.Int("promptTokens", st.PromptTokens),
			zap.Int("cachedTokens", st.CachedTokens), zap.Duration("took", time.Since(start)), zap.Error(err))
	}
	if err != nil {
		if cerr := ctx.Err(); cerr != nil {
			err = cerr
		}
		return g, fmt.Errorf("generate next edit: %w", err)
	}
	return g, nil
}

// layout picks b's format and cuts the request's window for it.
func (e *Engine) layout(ctx context.Context, b inference.Backend, req Request, recent Recent) generation {
	f := e.formatFor(ctx, b)
	w := cut(req.Text, req.Cursor, f.Above, f.Below, e.cfg.ContextLines)
	in := Input{
		Path: req.Path, Language: req.Language, Changes: recent.Changes, Related: recent.Touched,
		Before: req.Text[w.excerptStart:w.regionStart], Region: req.Text[w.regionStart:w.regionEnd],
		After: req.Text[w.regionEnd:w.excerptEnd], Cursor: req.Cursor - w.regionStart,
		FileStart: w.excerptStart == 0,
	}
	in.Original = sameLines(recent.Original, req.Text, w.firstLine, w.lines)
	return generation{format: f, window: w, input: in}
}

// request is the backend request of a laid-out prompt.
func (e *Engine) request(req Request, p Prompt) *inference.Request {
	r := &inference.Request{
		Model: e.cfg.Model, Lane: inference.LaneNextEdit, Session: req.Session,
		Options: inference.Options{MaxTokens: e.cfg.MaxTokens, Temperature: e.cfg.Temperature, NumCtx: e.cfg.NumCtx, Stop: p.Stop},
	}
	if p.Messages != nil {
		r.Messages = p.Messages
	} else {
		r.Prompt, r.Raw = p.Raw, true
	}
	return r
}

// formatFor returns the format of backend b: the configured one, or the
// one its model's name calls for, asked once per backend. A backend that
// cannot say gets the chat format until it can.
func (e *Engine) formatFor(ctx context.Context, b inference.Backend) Format {
	if f, ok := LookupFormat(e.cfg.Format); ok {
		return f
	}
	if e.cfg.Model != "" || b == nil {
		return DetectFormat(e.cfg.Model)
	}
	if f, ok := e.formats.Load(b.Name()); ok {
		return f.(Format)
	}
	insp, ok := inference.As[inference.ModelInspector](b)
	if !ok {
		return DetectFormat("")
	}
	ctx, cancel := context.WithTimeout(ctx, formatTimeout)
	defer cancel()
	info, err := insp.ModelInfo(ctx, "")
	if err != nil {
		return DetectFormat("")
	}
	f := DetectFormat(info.Name)
	e.formats.Store(b.Name(), f)
	return f
}
