package nextedit

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"go.uber.org/zap"

	"github.com/lspilot/lspilot/inference"
)

// Request asks for the next edit of a document.
type Request struct {
	// Session, URI, Path and Language describe the document; Path is
	// relative to the workspace root when the document is in one.
	Session, URI, Path, Language string
	// Text is the document's text and Cursor a byte offset in it.
	Text   string
	Cursor int
}

// Suggestion is a proposed edit: Text[Start:End] replaced by New.
type Suggestion struct {
	// ID names the suggestion in the editor's reports.
	ID         string
	Start, End int
	New        string
}

// Document is a document's text as the editor changed it.
type Document struct {
	Session, URI, Path, Text string
}

// Engine proposes next edits. It is safe for concurrent use; Close stops
// its prefetches.
type Engine struct {
	gen     inference.Generator
	cfg     Config
	logger  *zap.Logger
	history *History
	cache   *cache
	stats   counters
	ids     atomic.Int64
	formats sync.Map // backend name → Format

	ctx    context.Context // ends with Close; prefetches run under it
	cancel context.CancelFunc
	mu     sync.Mutex // orders wg.Add before Close's wg.Wait
	closed bool       // guarded by mu
	wg     sync.WaitGroup
}

// New returns an engine that asks gen.
func New(gen inference.Generator, cfg Config, logger *zap.Logger) (*Engine, error) {
	if logger == nil {
		logger = zap.NewNop()
	}
	cfg = cfg.withDefaults()
	if cfg.Format != "" && cfg.Format != "auto" {
		if _, err := ResolveFormat(cfg.Format, ""); err != nil {
			return nil, err
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Engine{
		gen: gen, cfg: cfg, logger: logger, history: NewHistory(cfg.History), cache: newCache(),
		ctx: ctx, cancel: cancel,
	}, nil
}

// Close cancels the prefetches and waits for them.
func (e *Engine) Close() {
	e.mu.Lock()
	e.closed = true
	e.mu.Unlock()
	e.cancel()
	e.wg.Wait()
}

// Observe records a document's new text: its edit history grows, and a
// prefetch for another text is cancelled.
func (e *Engine) Observe(doc Document) {
	e.history.Observe(doc.Session, doc.URI, doc.Path, doc.Text)
	e.cache.dropPrefetch(doc.Session, doc.URI, e.cache.hash(doc.Text))
}

// Forget says a session closed a document.
func (e *Engine) Forget(session, uri string) {
	e.history.Forget(session, uri)
	e.cache.forget(session, uri)
}

// Suggest returns the next edit of the request's document, or none. An
// edit the document already had offered is answered without a model call
// while it still applies; otherwise the model rewrites the region around
// the cursor and the rewrite is verified. A refused rewrite yields no
// suggestion and no error.
func (e *Engine) Suggest(ctx context.Context, req Request) ([]Suggestion, error) {
	e.stats.requests.Add(1)
	if req.Cursor < 0 || req.Cursor > len(req.Text) {
		return nil, fmt.Errorf("cursor %d outside the text (%d bytes)", req.Cursor, len(req.Text))
	}
	if sg, ok := e.fromLive(req); ok {
		return sg, nil
	}
	line := strings.Count(req.Text[:req.Cursor], "\n")
	if e.cache.isNoEdit(req.Session, req.URI, req.Text, line) {
		e.stats.noEditCached.Add(1)
		return nil, nil
	}
	if o, ok := e.fromPrefetch(ctx, req, line); ok {
		e.stats.prefetchHits.Add(1)
		if o == nil {
			e.cache.setNoEdit(req.Session, req.URI, req.Text, line)
			e.stats.noEdit.Add(1)
			return nil, nil
		}
		return e.answer(o), nil
	}
	if len(e.history.Recent(req.Session, req.URI).Changes) == 0 {
		// Nothing changed in this session yet: there is no edit to carry
		// on, and a model call would only hold a slot that typing needs.
		e.stats.noHistory.Add(1)
		return nil, nil
	}
	o, err := e.compute(ctx, req)
	if err != nil {
		return nil, err
	}
	if o == nil {
		e.cache.setNoEdit(req.Session, req.URI, req.Text, line)
		e.stats.noEdit.Add(1)
		return nil, nil
	}
	return e.answer(o), nil
}

// fromLive answers from the document's live offer: the same edit on an
// unchanged text, or its rest when the user typed its beginning.
func (e *Engine) fromLive(req Request) ([]Suggestion, bool) {
	live := e.cache.live(req.Session, req.URI)
	if live == nil {
		return nil, false
	}
	ed, st := rebase(live, req.Text)
	switch {
	case st == rebaseOK && live.text == req.Text:
		e.stats.cacheHits.Add(1)
		return []Suggestion{{ID: live.id, Start: ed.Start, End: ed.End, New: ed.New}}, true
	case st == rebaseOK:
		e.stats.rebased.Add(1)
		o := &offer{id: live.id, session: req.Session, uri: req.URI, path: req.Path, language: req.Language,
			text: req.Text, start: ed.Start, end: ed.End, new: ed.New, shown: live.shown}
		e.cache.setLive(o)
		return []Suggestion{{ID: o.id, Start: o.start, End: o.end, New: o.new}}, true
	case st == rebaseDone:
		e.stats.typedThrough.Add(1)
	case live.shown:
		e.stats.ignored.Add(1)
	}
	e.cache.dropLive(live)
	return nil, false
}

// answer makes o the document's live offer and returns it.
func (e *Engine) answer(o *offer) []Suggestion {
	e.stats.offered.Add(1)
	e.cache.setLive(o)
	return []Suggestion{{ID: o.id, Start: o.start, End: o.end, New: o.new}}
}

// compute asks the model and returns the verified offer, nil when there is
// no edit or the rewrite was refused.
func (e *Engine) compute(ctx context.Context, req Request) (*offer, error) {
	g, err := e.generate(ctx, req)
	if err != nil {
		e.stats.errors.Add(1)
		return nil, err
	}
	rewrite, err := g.format.Parse(g.answer, g.input)
	var o *offer
	if err == nil {
		o, err = e.offerOf(req, g, rewrite)
	}
	if err != nil {
		e.stats.refuse(reason(err))
		e.logger.Debug("next edit refused", zap.String("uri", req.URI), zap.String("format", g.format.Name),
			zap.String("reason", reason(err)), zap.Error(err))
		return nil, nil
	}
	return o, nil
}

// offerOf turns a rewrite into a verified offer; nil when it changes
// nothing.
func (e *Engine) offerOf(req Request, g generation, rewrite string) (*offer, error) {
	ed, ok, err := editOf(req.Text, g.window, rewrite)
	if err != nil || !ok {
		return nil, err
	}
	if err := verify(req.Path, req.Text, ed); err != nil {
		return nil, err
	}
	o := &offer{id: e.newID(), session: req.Session, uri: req.URI, path: req.Path, language: req.Language,
		text: req.Text, start: ed.Start, end: ed.End, new: ed.New}
	if e.cache.wasRejected(o) {
		return nil, fmt.Errorf("%q: %w", ed.New, ErrRejectedBefore)
	}
	return o, nil
}

// newID returns a fresh suggestion id.
func (e *Engine) newID() string { return "ne-" + strconv.FormatInt(e.ids.Add(1), 10) }
