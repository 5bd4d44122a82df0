package route

import (
	"bytes"
	"sync"
	"time"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/clock"
)

// WarmConfig sets up a WarmPolicy. Zero fields take the defaults.
type WarmConfig struct {
	// Clock tells the time; default the wall clock.
	Clock clock.Clock
	// Idle is how long the user must have been idle before a warm-up is
	// worth its GPU time; default 300ms, about the pause after which editors
	// ask for a completion anyway, so that warm-ups go out when typing has
	// stopped rather than between keystrokes.
	Idle time.Duration
	// MinContext is the shortest context part, in key bytes, worth warming;
	// default 1024 (a few hundred tokens), below which prefill costs little.
	MinContext int
}

// Holder says how many bytes of a request's key the replica it would go to
// holds. A Router is one.
type Holder interface {
	Held(req *inference.Request) int
}

// WarmPolicy decides when a warm-up request (a prefill that generates
// nothing, sent through inference.Warmer) is worth sending for a session:
// when the session has been idle for Idle, the context part of the prompt it
// would send next (AppendContextKey) differs from the last one it sent or
// warmed, and the replica the request would go to does not hold that context
// already. It is pure bookkeeping driven by the clock, safe for concurrent
// use.
type WarmPolicy struct {
	cfg WarmConfig

	mu       sync.Mutex
	sessions map[string]*warmSession // guarded by mu
	key      []byte                  // guarded by mu; scratch
}

// warmSession is what the policy knows of a session; guarded by mu.
type warmSession struct {
	context []byte    // context part of the last prompt sent or warmed
	active  time.Time // the user's last activity
}

// NewWarmPolicy returns a policy with cfg's settings.
func NewWarmPolicy(cfg WarmConfig) *WarmPolicy {
	if cfg.Clock == nil {
		cfg.Clock = clock.Real()
	}
	if cfg.Idle <= 0 {
		cfg.Idle = 300 * time.Millisecond
	}
	if cfg.MinContext <= 0 {
		cfg.MinContext = 1024
	}
	return &WarmPolicy{cfg: cfg, sessions: make(map[string]*warmSession)}
}

// Activity records that session's user did something now (typed, moved
// the cursor, switched files): the idle time starts again.
func (w *WarmPolicy) Activity(session string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.session(session).active = w.cfg.Clock.Now()
}

// Sent records that req went to the server for req.Session: its context
// part is what the server now holds for the session, and the idle time
// starts again.
func (w *WarmPolicy) Sent(req *inference.Request) {
	w.mu.Lock()
	defer w.mu.Unlock()
	s := w.session(req.Session)
	s.context = AppendContextKey(s.context[:0], req)
	s.active = w.cfg.Clock.Now()
}

// Check returns the warm-up to send now for next, the request next.Session
// would send if the user asked now, or nil when none is worth it. held, if
// not nil, says what the target replica holds. A returned request is a copy
// of next in the warm-up lane, and counts as sent.
func (w *WarmPolicy) Check(next *inference.Request, held Holder) *inference.Request {
	w.mu.Lock()
	defer w.mu.Unlock()
	s := w.session(next.Session)
	if w.cfg.Clock.Now().Sub(s.active) < w.cfg.Idle {
		return nil
	}
	w.key = AppendContextKey(w.key[:0], next)
	if len(w.key) < w.cfg.MinContext || bytes.Equal(w.key, s.context) {
		return nil
	}
	s.context = append(s.context[:0], w.key...)
	if held != nil && held.Held(next) >= len(w.key) {
		return nil
	}
	warm := *next
	warm.Lane = inference.LaneWarmup
	return &warm
}

// Forget drops what the policy knows of session, when it ends.
func (w *WarmPolicy) Forget(session string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	delete(w.sessions, session)
}

// session returns session's record, creating an idle one.
func (w *WarmPolicy) session(name string) *warmSession {
	s := w.sessions[name]
	if s == nil {
		s = &warmSession{}
		w.sessions[name] = s
	}
	return s
}

// Idle is how long a session must be idle before a warm-up.
func (w *WarmPolicy) Idle() time.Duration { return w.cfg.Idle }
