package complete

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"go.uber.org/zap"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/clock"
	"github.com/lspilot/lspilot/inference/route"
)

// Request asks for a suggestion at a cursor.
type Request struct {
	// Session separates editors sharing one engine; documents are per session.
	Session string
	// URI identifies the document; Path is its path for the prompt header,
	// preferably relative to the workspace root; Language its language id.
	URI, Path, Language string
	// Text is the document and Cursor the byte offset of the cursor in it.
	Text   string
	Cursor int
	// Invoked says the user asked explicitly: no debounce, and up to three
	// distinct suggestions to cycle through (see alternatives.go).
	Invoked bool
	// List says the request fills a completion list. Editors such as Helix
	// mark the lists they open as the user types as invoked too, so an
	// invoked list request gets alternatives only when asked again, like an
	// automatic one: typing never costs more than one generation.
	List bool
	// Version is the document's version as the editor numbers it; a request
	// with the version, text and cursor of one already answered is the
	// editor asking again, which also gets the alternatives.
	Version int32
}

// Suggestion is text to insert at the cursor.
type Suggestion struct {
	Text string
	// ID names the suggestion in feedback (shown, accepted).
	ID string
}

// Backends is how the engine reaches the backends: generations go through
// the Generator, which fails over between the backends of a language, and
// warm-ups to the first backend For returns. route.Set implements it.
type Backends interface {
	inference.Generator
	// For returns the backends for language in the order Generate tries
	// them.
	For(language string) []inference.Backend
}

var _ Backends = (*route.Set)(nil)

// Engine answers completion requests. It is safe for concurrent use by many
// sessions; Close stops its generations.
type Engine struct {
	backends Backends
	cfg      Config
	logger   *zap.Logger
	now      func() time.Time
	sleep    func(context.Context, time.Duration) error
	tmpl     *templateCache
	context  *contextFeeds
	stats    counters
	pace     pace // the backends' load, from the generations' first-chunk waits

	ctx    context.Context // ends with Close; parent of every generation
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu   sync.Mutex
	docs map[docKey]*docState // guarded by mu
	ids  atomic.Int64         // names suggestions
}

type docKey struct{ session, uri string }

// docState is what the engine remembers of one document.
type docState struct {
	mu     sync.Mutex
	seq    uint64      // guarded by mu; counts requests, to detect superseded ones
	rhythm rhythm      // guarded by mu
	gen    *generation // guarded by mu; the latest generation
	last   *shown      // guarded by mu; the latest suggestion made

	prev *asked    // guarded by mu; the latest request
	alts *altList  // guarded by mu; the alternatives at one cursor
	runs []*altRun // guarded by mu; the alternatives being sampled

	snips snippetLines // the sources' snippets of the current line

	closed  bool    // guarded by mu; Forget dropped the document
	warming bool    // guarded by mu; a warm-up waits for the user to be idle
	warmReq Request // guarded by mu; the request it would warm
}

// New returns an engine that completes with backends.
func New(backends Backends, cfg Config, logger *zap.Logger) *Engine {
	if logger == nil {
		logger = zap.NewNop()
	}
	cfg = cfg.withDefaults()
	ctx, cancel := context.WithCancel(context.Background())
	return &Engine{
		backends: backends, cfg: cfg, logger: logger.Named("complete"), now: cfg.Clock.Now,
		sleep:   func(ctx context.Context, d time.Duration) error { return clock.Sleep(ctx, cfg.Clock, d) },
		tmpl:    newTemplateCache(cfg),
		context: newContextFeeds(cfg.ContextChunks, cfg.Private),
		ctx:     ctx, cancel: cancel, docs: make(map[docKey]*docState),
	}
}

// Close cancels running generations and waits for them.
func (e *Engine) Close() {
	e.cancel()
	e.wg.Wait()
}

// Complete returns suggestions for req; none when there is nothing worth
// showing or the request was superseded by a newer one for its document.
// A request the user invoked, or one asking again where the previous request
// was answered, gets up to three to cycle through, the first being the
// suggestion answered before.
func (e *Engine) Complete(ctx context.Context, req Request) ([]Suggestion, error) {
	if req.Cursor < 0 || req.Cursor > len(req.Text) {
		return nil, fmt.Errorf("cursor %d outside the document of %d bytes", req.Cursor, len(req.Text))
	}
	e.stats.requests.Add(1)
	e.context.get(req.Session).observe(req)
	if e.cfg.Private.Excluded(req.Path) {
		return nil, nil // never sent to a backend
	}
	ds := e.doc(docKey{req.Session, req.URI})
	if w := e.cfg.Warmup; w != nil && !req.Invoked {
		w.Activity(req.Session)
		defer e.scheduleWarm(ds, req)
	}
	ask, again := ds.ask(req)
	got, err := e.first(ctx, ds, req)
	if err == nil && (req.Invoked && !req.List || again) && !e.cfg.Strategy.NoAlternatives {
		got, err = e.alternatives(ctx, ds, req, got)
	}
	if err == nil && len(got) > 0 {
		ds.answered(ask)
	}
	return got, err
}

// first returns the suggestion at req's cursor: from the suggestion on
// screen, from a generation that extends to it, or from a new generation.
func (e *Engine) first(ctx context.Context, ds *docState, req Request) ([]Suggestion, error) {
	before, after := req.Text[:req.Cursor], req.Text[req.Cursor:]
	ds.mu.Lock()
	if !req.Invoked {
		ds.rhythm.observe(e.now())
	}
	ds.seq++
	seq := ds.seq
	if ce := e.logger.Check(zap.DebugLevel, "request"); ce != nil {
		ce.Write(zap.String("uri", req.URI), zap.Int("cursor", req.Cursor), zap.Bool("invoked", req.Invoked),
			zap.Bool("haveShown", ds.last != nil), zap.Bool("haveGeneration", ds.gen != nil))
	}
	if sg, ok := ds.typeThrough(req.Text, req.Cursor); ok && !e.cfg.Strategy.NoTypingThrough {
		ds.mu.Unlock()
		e.stats.typedThrough.Add(1)
		return []Suggestion{sg}, nil
	}
	if g := ds.gen; g != nil && g.extends(before, after) && !e.cfg.Strategy.NoJoin {
		ds.mu.Unlock()
		e.stats.joined.Add(1)
		return e.await(ctx, g, before)
	}
	if g := ds.gen; g != nil {
		if !e.cfg.Strategy.NoSupersede {
			g.cancel() // superseded: the stream closes at once
		}
		ds.gen = nil
	}
	wait := time.Duration(0)
	switch {
	case req.Invoked:
	case e.cfg.Strategy.FixedDebounce:
		wait = e.cfg.Debounce
	default:
		level := e.level()
		if !e.pace.admit(level, ds.rhythm.lowValue(before, after)) {
			ds.mu.Unlock()
			e.stats.shed.Add(1)
			return nil, nil
		}
		wait = ds.rhythm.waitAt(before, after, e.cfg, level)
	}
	ds.mu.Unlock()

	if err := e.sleep(ctx, wait); err != nil {
		e.stats.cancelled.Add(1)
		return nil, err
	}
	g := e.startIfCurrent(ctx, ds, seq, req)
	if g == nil {
		return nil, nil
	}
	got, err := e.await(ctx, g, before)
	if errors.Is(err, inference.ErrBusy) && ctx.Err() == nil {
		// The scheduler gave up on it in its queue, behind a model being
		// loaded or a generation that would not stop at once; nothing
		// newer came for the document, so the user still waits for it:
		// once more, now that the queue has moved.
		e.stats.requeued.Add(1)
		if g = e.startIfCurrent(ctx, ds, seq, req); g != nil {
			got, err = e.await(ctx, g, before)
		}
	}
	return got, err
}

// startIfCurrent starts a generation for req, asked under ctx, unless a
// newer request for the document arrived during the debounce; then it
// returns nil.
func (e *Engine) startIfCurrent(ctx context.Context, ds *docState, seq uint64, req Request) *generation {
	ds.mu.Lock()
	defer ds.mu.Unlock()
	if ds.seq != seq {
		e.stats.debounced.Add(1)
		return nil
	}
	g := e.start(ctx, ds, req)
	ds.gen = g
	ds.rhythm.asked(req.Text[:req.Cursor])
	return g
}

// await waits for g and returns its suggestion as seen from before.
func (e *Engine) await(ctx context.Context, g *generation, before string) ([]Suggestion, error) {
	select {
	case <-ctx.Done():
		e.stats.cancelled.Add(1)
		return nil, ctx.Err()
	case <-g.done:
	}
	if g.err != nil {
		if errors.Is(g.err, context.Canceled) {
			return nil, nil // superseded by a request it could not answer
		}
		return nil, g.err
	}
	text := g.answer(before)
	if text == "" {
		return nil, nil
	}
	return []Suggestion{{Text: text, ID: g.id}}, nil
}

// doc returns the state of a document, creating it.
func (e *Engine) doc(k docKey) *docState {
	e.mu.Lock()
	defer e.mu.Unlock()
	ds, ok := e.docs[k]
	if !ok {
		ds = &docState{}
		e.docs[k] = ds
	}
	return ds
}

// Forget drops what the engine holds for a document, when it is closed.
func (e *Engine) Forget(session, uri string) {
	e.mu.Lock()
	ds, ok := e.docs[docKey{session, uri}]
	delete(e.docs, docKey{session, uri})
	e.mu.Unlock()
	if ok {
		ds.mu.Lock()
		ds.closed = true
		if ds.gen != nil {
			ds.gen.cancel()
		}
		ds.stopRuns("", "", true)
		ds.mu.Unlock()
	}
}

// newID names a new suggestion.
func (e *Engine) newID() string {
	return fmt.Sprintf("s%d", e.ids.Add(1))
}

// level is how reserved automatic requests are now, from 0 (ask at every
// keystroke the suggestion on screen cannot answer) to 1 (wait as the
// typing rhythm says): the backends' load, or the configured eagerness
// where that is more reserved.
func (e *Engine) level() float64 {
	return max(e.pace.at(e.now()), eagerness(e.cfg.Eagerness))
}

// snippets returns the document's frozen snippets.
func (ds *docState) snippets() *snippetLines { return &ds.snips }
