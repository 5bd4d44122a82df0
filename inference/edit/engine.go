package edit

import (
	"context"
	"errors"
	"fmt"

	"go.uber.org/zap"

	"github.com/lspilot/lspilot/diffing"
	"github.com/lspilot/lspilot/inference"
)

// Config tunes the engine. Zero values take the defaults.
type Config struct {
	// Model names the model; empty means each backend's configured model.
	Model string
	// MaxTokens bounds each answer. Default 2048.
	MaxTokens int
	// Temperature is the sampling temperature. Default 0.2.
	Temperature *float64
	// NumCtx fixes Ollama's context window; 0 leaves it to the backend.
	NumCtx int
	// ContextBytes is the budget of file text shown around the selection.
	// Default 24 KiB.
	ContextBytes int
	// MaxFileBytes is the largest file the engine reads or creates; it also
	// bounds an answer, whose streaming stops past it. Default 1 MiB.
	MaxFileBytes int
}

// Defaults.
const (
	DefaultMaxTokens    = 2048
	DefaultContextBytes = 24 << 10
	DefaultMaxFileBytes = 1 << 20
	defaultTemperature  = 0.2
)

func (c Config) withDefaults() Config {
	if c.MaxTokens <= 0 {
		c.MaxTokens = DefaultMaxTokens
	}
	t := defaultTemperature
	if c.Temperature != nil {
		t = *c.Temperature
	}
	c.Temperature = &t
	if c.ContextBytes <= 0 {
		c.ContextBytes = DefaultContextBytes
	}
	if c.MaxFileBytes <= 0 {
		c.MaxFileBytes = DefaultMaxFileBytes
	}
	return c
}

// Diagnostic is a problem for fix to solve.
type Diagnostic struct {
	// Line is the zero-based line the problem starts on.
	Line int
	// Message is the problem as the tool that found it words it.
	Message string
}

// Request asks for a code action on a document.
type Request struct {
	// Session, URI, Path and Language describe the document; Path is
	// relative to the workspace root when the document is in one.
	Session, URI, Path, Language string
	// Text is the document's text.
	Text string
	// Start and End are the byte offsets of the selection, which may be
	// empty.
	Start, End int
	// Action is "fix", "rewrite", "simplify", "doc" or "tests".
	Action string
	// Diagnostics are the problems fix solves.
	Diagnostics []Diagnostic
	// Lookup returns the text of another workspace file by the path a diff
	// names, and false when it is absent or outside the workspace. Nil
	// means the edit may only change the document (and, for tests, create
	// the test file).
	Lookup func(path string) (string, bool)
}

// maxAnswers is how many answers the model may give for one request: the
// first and one more after a refusal.
const maxAnswers = 2

// Engine turns code-action requests into verified edits. It is safe for
// concurrent use.
type Engine struct {
	gen    inference.Generator
	cfg    Config
	logger *zap.Logger
	stats  counters
}

// New returns an engine that asks gen.
func New(gen inference.Generator, cfg Config, logger *zap.Logger) *Engine {
	if logger == nil {
		logger = zap.NewNop()
	}
	return &Engine{gen: gen, cfg: cfg.withDefaults(), logger: logger}
}

// Edit runs the request's action and returns the verified edits. onText,
// when not nil, receives the model's answer so far each time it grows; it
// starts again from nothing when the model is asked a second time. Edit
// returns a *RefusedError when no answer could be applied, ErrUnknownAction,
// ErrBadSelection, ErrNoSelection, ErrNoPath or ErrFileTooLarge for requests
// it cannot run, and backend and context errors wrapped.
func (e *Engine) Edit(ctx context.Context, req Request, onText func(string)) (diffing.Result, error) {
	e.stats.requests.Add(1)
	res, err := e.edit(ctx, req, onText)
	var refused *RefusedError
	if err != nil && !errors.As(err, &refused) {
		e.stats.errors.Add(1)
	}
	return res, err
}

// edit does the work of Edit.
func (e *Engine) edit(ctx context.Context, req Request, onText func(string)) (diffing.Result, error) {
	if err := validate(req, e.cfg.MaxFileBytes); err != nil {
		return diffing.Result{}, err
	}
	p, err := e.plan(req)
	if err != nil {
		return diffing.Result{}, err
	}
	msgs := messages(p)
	for attempt := 1; ; attempt++ {
		answer, err := e.generate(ctx, req, msgs, attempt, onText)
		if err != nil {
			return diffing.Result{}, err
		}
		res, err := e.verify(req, p, answer)
		switch {
		case err == nil:
			e.stats.applied.Add(1)
			return res, nil
		case !diffing.IsRefusal(err):
			return diffing.Result{}, fmt.Errorf("%s: %w", req.Action, err)
		case attempt >= maxAnswers:
			e.stats.refused.Add(1)
			return diffing.Result{}, &RefusedError{Action: req.Action, Attempts: attempt, Reason: err}
		}
		e.stats.reasked.Add(1)
		e.logger.Debug("answer refused, asking again", zap.String("action", req.Action), zap.Error(err))
		msgs = reask(msgs, answer, err, p.format, 2*e.cfg.ContextBytes)
	}
}

// verify turns an answer into verified edits with diffing.
func (e *Engine) verify(req Request, p plan, answer string) (diffing.Result, error) {
	opts := diffing.Options{Lookup: req.Lookup, MaxOutputBytes: e.cfg.MaxFileBytes}
	if p.tests != nil {
		out, err := p.tests.output(answer, e.cfg.MaxFileBytes)
		if err != nil {
			return diffing.Result{}, err
		}
		answer, opts.Lookup = out, testLookup(req)
	}
	return diffing.FromModelOutput(req.Path, req.Text, p.start, p.end, answer, opts)
}
