package explain

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
	"go.uber.org/zap"

	"github.com/lspilot/lspilot/inference"
)

// Request asks for an explanation of Text[Start:End], or of the symbol at
// Start when the span is empty.
type Request struct {
	Session, URI, Path, Language string
	Version                      int32
	Text                         string
	Start, End                   int
	// Invoked says the user asked explicitly (a command, not the mouse):
	// keywords are explained and the per-session delay does not apply.
	Invoked bool
	// Deadline replaces Config.Deadline when positive.
	Deadline time.Duration
}

// Explanation is Markdown for a hover.
type Explanation struct {
	Markdown string
	// Subject is what was explained: a symbol, or "lines N–M".
	Subject string
	// Partial says the deadline cut the answer; Markdown then ends with a
	// marker saying so.
	Partial bool
	// Cached says the answer came from the cache.
	Cached bool
}

// ErrTooSoon reports a hover that came within Config.MinDelay of the
// session's previous model call.
var ErrTooSoon = errors.New("hover came sooner than the least delay between model calls")

// Engine explains code. It is safe for concurrent use.
type Engine struct {
	gen    inference.Generator
	cfg    Config
	logger *zap.Logger
	cache  *lru.Cache[cacheKey, cached]
	stats  counters

	mu   sync.Mutex
	last map[string]time.Time // guarded by mu; session → last model call
}

// cacheKey names an answer: a document version and a span.
type cacheKey struct {
	uri        string
	version    int32
	start, end int
}

// cached is an answer and when it expires.
type cached struct {
	ex      Explanation
	expires time.Time
}

// New returns an engine that asks gen.
func New(gen inference.Generator, cfg Config, logger *zap.Logger) *Engine {
	cfg = cfg.withDefaults()
	cache, err := lru.New[cacheKey, cached](cfg.CacheSize)
	if err != nil {
		panic(err) // unreachable: the size is positive
	}
	return &Engine{gen: gen, cfg: cfg, logger: logger, cache: cache, last: map[string]time.Time{}}
}

// Explain explains the request's span or the symbol at its cursor. It
// returns an empty Explanation when there is nothing worth explaining there,
// and ErrTooSoon when the session asked the model too recently. onText, when
// not nil, receives the answer as it grows.
func (e *Engine) Explain(ctx context.Context, req Request, onText func(string)) (Explanation, error) {
	e.stats.requests.Add(1)
	if err := checkSpan(req); err != nil {
		return Explanation{}, err
	}
	subj, ok := subjectOf(req)
	if !ok {
		e.stats.skipped.Add(1)
		return Explanation{}, nil
	}
	key := cacheKey{req.URI, req.Version, subj.start, subj.end}
	if c, ok := e.cache.Get(key); ok && time.Now().Before(c.expires) {
		e.stats.cacheHits.Add(1)
		c.ex.Cached = true
		return c.ex, nil
	}
	if !req.Invoked && !e.admit(req.Session) {
		e.stats.tooSoon.Add(1)
		return Explanation{}, ErrTooSoon
	}
	ex, err := e.generate(ctx, req, subj, onText)
	if err != nil {
		e.stats.errors.Add(1)
		return Explanation{}, err
	}
	if ex.Partial {
		e.stats.partial.Add(1)
	} else if ex.Markdown != "" {
		e.cache.Add(key, cached{ex, time.Now().Add(e.cfg.CacheTTL)})
	}
	return ex, nil
}

// admit records a model call for session unless the previous one was less
// than MinDelay ago.
func (e *Engine) admit(session string) bool {
	if e.cfg.MinDelay <= 0 {
		return true
	}
	now := time.Now()
	e.mu.Lock()
	defer e.mu.Unlock()
	if t, ok := e.last[session]; ok && now.Sub(t) < e.cfg.MinDelay {
		return false
	}
	if len(e.last) >= maxSessions {
		for s, t := range e.last {
			if now.Sub(t) >= e.cfg.MinDelay {
				delete(e.last, s)
			}
		}
	}
	e.last[session] = now
	return true
}

// maxSessions bounds the rate limiter's memory before it drops stale
// sessions.
const maxSessions = 64

// checkSpan refuses offsets outside the text.
func checkSpan(req Request) error {
	if req.Start < 0 || req.Start > req.End || req.End > len(req.Text) {
		return fmt.Errorf("explain: span [%d,%d) outside a text of %d bytes", req.Start, req.End, len(req.Text))
	}
	return nil
}
