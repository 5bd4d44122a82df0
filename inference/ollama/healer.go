package ollama

import (
	"context"
	"errors"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"go.uber.org/zap"

	"github.com/lspilot/lspilot/inference"
)

// A server is wedged on a model when it stops starting requests for the
// model while it holds the model idle. Ollama gets there when a client hangs
// up mid-stream at the wrong moment: the handler blocks forever on a send
// that nobody reads and keeps one of the model's request slots
// (github.com/ollama/ollama/issues/17131). An editor client hangs up all the
// time, to drop stale keystrokes, and with one slot per model (Ollama's
// default) every later request waits until the model is unloaded, which
// never happens while requests keep coming.
//
// A Healer tells a wedged model from a busy one and unloads it. While a
// request waits for its first chunk, the model is in use by that request, so
// the server's idle mark for the model (Ollama: expires_at in /api/ps, set to
// now+keep_alive whenever the model goes idle) holds still. Once the stalled
// request is given up, a wedged model goes idle at once and its mark jumps
// forward by the whole stall; a model busy with another client's request
// keeps its mark, and a model still loading reports a mark that moves with
// the clock only.

// IdleUnloader is the server side of a Healer; *Unwedger is the one for
// Ollama.
type IdleUnloader interface {
	// IdleMark returns the server's idle mark for model, and false when the
	// server has not loaded it (or is not a server that can wedge).
	IdleMark(ctx context.Context, model string) (time.Time, bool, error)
	// Unload asks the server to unload model, and returns once it is gone.
	Unload(ctx context.Context, model string) error
}

// Healer unloads wedged models for one server. It is safe for concurrent
// use. A nil *Healer heals nothing.
//
// A request is suspect once it has waited without text for four times the
// slowest recent first answer (at least ten seconds, at most half the idle
// timeout): only then does its watch note the idle mark. The idle mark
// cannot tell a wedged model from one that was busy prefilling the given-up
// request itself, so the wait must be one that no working model takes: a
// cold prompt that a slow GPU prefills for seconds, given up as the user
// types on, must not unload the model.
type Healer struct {
	u      IdleUnloader
	idle   time.Duration
	logger *zap.Logger

	statMu sync.Mutex
	firsts [16]time.Duration        // recent times to the first text, a ring; guarded by statMu
	nfirst int                      // guarded by statMu
	alive  map[string]*atomic.Int64 // per model, when text last arrived (Unix ns); guarded by statMu

	mu     sync.Mutex
	healed map[string]time.Time // last unload per model; guarded by mu
}

const (
	// healProbeTimeout bounds one question to the server about a model.
	healProbeTimeout = 2 * time.Second
	// healSettle bounds the wait for a given-up request to leave the
	// server, which takes it milliseconds; the shorter the wait, the less
	// likely another client's request ends within it and looks like a wedge.
	healSettle = 500 * time.Millisecond
	// suspectMin is the shortest wait that makes a request suspect.
	suspectMin = 10 * time.Second
)

// NewHealer returns a healer for requests whose idle timeout is idle; it
// returns nil when u is nil or idle is 0.
func NewHealer(u IdleUnloader, idle time.Duration, logger *zap.Logger) *Healer {
	if u == nil || idle <= 0 {
		return nil
	}
	if logger == nil {
		logger = zap.NewNop()
	}
	return &Healer{u: u, idle: idle, logger: logger, healed: map[string]time.Time{}, alive: map[string]*atomic.Int64{}}
}

// Run runs one request to model through run, which tells the watch it is
// given when text arrives (a nil watch does nothing). When the request ends
// without text on a model that turns out wedged, Run unloads the model and,
// unless the caller gave up, runs the request once more without a watch;
// the stats are then the second run's, with the attempts and time of both.
func (h *Healer) Run(ctx context.Context, model string, run func(*Watch) (inference.Stats, error)) (inference.Stats, error) {
	w := h.Watch(model)
	st, err := run(w)
	w.Stop()
	if !w.Heal(ctx, err, st) || ctx.Err() != nil {
		return st, err
	}
	tries := st.Attempts
	st, err = run(nil)
	st.Attempts += tries
	st.Total = time.Since(w.start)
	return st, err
}

// Watch starts watching one request to model; call Text when text arrives
// and Stop when the request is done.
func (h *Healer) Watch(model string) *Watch {
	if h == nil {
		return nil
	}
	w := &Watch{h: h, model: model, start: time.Now(), noted: make(chan struct{}), alive: h.aliveFor(model)}
	w.timer = time.AfterFunc(h.suspectAfter(), w.note)
	return w
}

// suspectAfter is how long a request waits without text before it is
// suspect (see Healer).
func (h *Healer) suspectAfter() time.Duration {
	h.statMu.Lock()
	defer h.statMu.Unlock()
	limit := h.idle / 2
	if h.nfirst == 0 {
		return limit
	}
	slowest := slices.Max(h.firsts[:min(h.nfirst, len(h.firsts))])
	return min(max(4*slowest, suspectMin), limit)
}

func (h *Healer) aliveFor(model string) *atomic.Int64 {
	h.statMu.Lock()
	defer h.statMu.Unlock()
	a := h.alive[model]
	if a == nil {
		a = new(atomic.Int64)
		h.alive[model] = a
	}
	return a
}

func (h *Healer) observe(first time.Duration) {
	h.statMu.Lock()
	defer h.statMu.Unlock()
	h.firsts[h.nfirst%len(h.firsts)] = first
	h.nfirst++
}

// Watch follows one request for a Healer. A nil *Watch does nothing.
type Watch struct {
	h     *Healer
	model string
	start time.Time
	timer *time.Timer
	text  atomic.Bool
	alive *atomic.Int64 // the model's, shared with its other watches

	once  sync.Once
	noted chan struct{} // closed once mark is final
	mark  time.Time     // the idle mark while the request waited
	at    time.Time     // when mark was read
	ok    bool          // the model was loaded
}

func (w *Watch) note() {
	w.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), healProbeTimeout)
		defer cancel()
		w.at = time.Now()
		mark, ok, err := w.h.u.IdleMark(ctx, w.model)
		w.mark, w.ok = mark, ok && err == nil
		close(w.noted)
	})
}

// Text records that the request received text: the model is not wedged.
// Call it for every piece of the stream; it is cheap.
func (w *Watch) Text() {
	if w == nil {
		return
	}
	w.alive.Store(time.Now().UnixNano())
	if w.text.Swap(true) {
		return
	}
	w.h.observe(time.Since(w.start))
	w.cancelNote()
}

func (w *Watch) cancelNote() {
	if w.timer.Stop() {
		w.once.Do(func() { close(w.noted) })
	}
}

// Stop ends the watch; it waits for a look at the server under way.
func (w *Watch) Stop() {
	if w == nil {
		return
	}
	w.cancelNote()
	<-w.noted
}

// Heal is called when the watched request ended. It reports whether the
// request ended without text on a wedged model that is unloaded now (by
// this call or by another since the request began), so that it is worth
// sending again.
func (w *Watch) Heal(ctx context.Context, err error, st inference.Stats) bool {
	if w == nil || !givenUp(err) || st.TimeToFirstChunk > 0 || w.text.Load() {
		return false
	}
	w.Stop()
	if !w.ok || w.othersGotText() {
		return false
	}
	ctx = context.WithoutCancel(ctx)
	h := w.h
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.healed[w.model].After(w.start) {
		return true
	}
	if !w.wedged(ctx) || w.othersGotText() {
		return false
	}
	h.logger.Warn("the server holds the model idle but starts no request for it, as Ollama does after a client hung up at the wrong moment; unloading it",
		zap.String("model", w.model), zap.Duration("waited", time.Since(w.start)))
	uctx, cancel := context.WithTimeout(ctx, h.idle)
	defer cancel()
	if err := h.u.Unload(uctx, w.model); err != nil {
		h.logger.Warn("unload the wedged model", zap.String("model", w.model), zap.Error(err))
		return false
	}
	h.healed[w.model] = time.Now()
	return true
}

// othersGotText reports whether another request to the model received text
// while this one waited: the model is busy, not wedged.
func (w *Watch) othersGotText() bool {
	return w.alive.Load() > w.start.UnixNano()
}

// givenUp reports whether err ended a request that may have been waiting on
// a wedged model: it stalled, ran out of time or its caller gave up.
func givenUp(err error) bool {
	return errors.Is(err, inference.ErrStalled) || errors.Is(err, inference.ErrTimeout) ||
		errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// wedged polls the idle mark until it has jumped by more than the clock
// moved (see the comment at the top of this file) or the wait runs out.
func (w *Watch) wedged(ctx context.Context) bool {
	ctx, cancel := context.WithTimeout(ctx, healSettle)
	defer cancel()
	tick := time.NewTicker(25 * time.Millisecond)
	defer tick.Stop()
	margin := min(w.h.idle/4, time.Second)
	for {
		pctx, pcancel := context.WithTimeout(ctx, healProbeTimeout)
		now := time.Now()
		mark, ok, err := w.h.u.IdleMark(pctx, w.model)
		pcancel()
		switch {
		case err == nil && !ok:
			return false // unloaded meanwhile: the next request loads it afresh
		case err == nil && mark.Sub(w.mark) > now.Sub(w.at)+margin:
			return true
		}
		select {
		case <-ctx.Done():
			return false
		case <-tick.C:
		}
	}
}
