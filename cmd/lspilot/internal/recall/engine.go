package recall

import (
	"context"
	"sync"
	"time"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/complete"
	"github.com/lspilot/lspilot/inference/prompt"
	"github.com/lspilot/lspilot/inference/route"
)

// Definitions is a source of definitions from the language's own server,
// as lsp/langctx's Manager provides: Open tells it a document, Resolve
// blocks until the definitions for a request's cursor are resolved, Close
// stops it.
type Definitions interface {
	complete.Source
	Open(uri, languageID string, version int32, text string)
	Resolve(ctx context.Context, req complete.Request) []prompt.File
	Close()
}

// NewDefinitions starts a Definitions source for the files of a set,
// rooted at its Root; the definitions row is left out where it is nil.
type NewDefinitions func(ctx context.Context, set Set) (Definitions, error)

// capture is a backend that answers nothing and keeps the last prompt.
type capture struct {
	mu   sync.Mutex
	last string // guarded by mu
}

func (c *capture) Name() string                         { return "capture" }
func (c *capture) Kind() inference.BackendKind          { return inference.KindLlamaCpp }
func (c *capture) Capabilities() inference.Capabilities { return inference.Capabilities{} }

func (c *capture) Generate(_ context.Context, req *inference.Request, _ func(inference.Chunk) error) (inference.Stats, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.last = req.Prompt
	return inference.Stats{}, nil
}

// reset forgets the last prompt.
func (c *capture) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.last = ""
}

func (c *capture) prompt() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.last
}

// contextSource is a strategy's source as the harness drives it.
type contextSource interface {
	complete.Source
	// open tells it a document the user opened or changed.
	open(doc complete.Document, version int32)
	// prepare runs before the request at a site.
	prepare(ctx context.Context, req complete.Request)
	close()
}

// neighborsSource drives complete.Neighbors.
type neighborsSource struct{ *complete.Neighbors }

func (n neighborsSource) open(doc complete.Document, _ int32)     { n.Observe(doc) }
func (neighborsSource) prepare(context.Context, complete.Request) {}
func (neighborsSource) close()                                    {}

// definitionsSource drives a Definitions source: documents are opened once
// and each site's definitions resolved before its request.
type definitionsSource struct {
	Definitions
	opened map[string]bool
}

func (d *definitionsSource) open(doc complete.Document, version int32) {
	if !d.opened[doc.URI] {
		d.opened[doc.URI] = true
		d.Open(doc.URI, doc.Language, version, doc.Text)
	}
}

func (d *definitionsSource) prepare(ctx context.Context, req complete.Request) { d.Resolve(ctx, req) }
func (d *definitionsSource) close()                                            { d.Close() }

// timed times a source's Snippets calls.
type timed struct {
	contextSource

	mu    sync.Mutex
	calls []time.Duration // guarded by mu
}

func (t *timed) Snippets(req complete.Request) []prompt.File {
	start := time.Now()
	out := t.contextSource.Snippets(req)
	d := time.Since(start)
	t.mu.Lock()
	t.calls = append(t.calls, d)
	t.mu.Unlock()
	return out
}

// take returns the calls timed since the last take.
func (t *timed) take() []time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := t.calls
	t.calls = nil
	return out
}

// newEngine returns the completion engine as lspilot serve builds it, with
// default budgets, over a capturing backend, and with src when not nil.
func newEngine(src complete.Source) (*complete.Engine, *capture) {
	c := &capture{}
	cfg := complete.Config{
		Template: string(prompt.FamilyQwenCoder),
		Prompt:   prompt.Options{Counter: prompt.Estimate{}},
		Strategy: complete.Strategy{NoAlternatives: true},
	}
	if src != nil {
		cfg.Sources = []complete.Source{src}
	}
	return complete.New(route.NewSet(route.Entry{Backend: c}), cfg, nil), c
}
