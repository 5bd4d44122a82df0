package lsp

import (
	"context"
	"errors"
	"sync"
	"time"

	"go.uber.org/zap"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/lsp/config"
)

// MethodDidChangeStatus is the notification telling the client the server's
// state, in the shape GitHub Copilot's language server uses, so that clients
// written for it show lspilot's state too.
const MethodDidChangeStatus = "didChangeStatus"

// StatusKind is the kind of a status notification.
type StatusKind string

// The kinds of status.
const (
	StatusNormal   StatusKind = "Normal"   // ready
	StatusWarning  StatusKind = "Warning"  // no backend configured
	StatusError    StatusKind = "Error"    // the backend fails
	StatusInactive StatusKind = "Inactive" // every feature is off
)

// StatusParams are the parameters of MethodDidChangeStatus.
type StatusParams struct {
	// Busy is true while a generation runs.
	Busy    bool       `json:"busy"`
	Kind    StatusKind `json:"kind"`
	Message string     `json:"message"`
}

// The states lspilot.status reports.
const (
	StateReady       = "ready"
	StateNoBackend   = "no backend"
	StateBackendDown = "backend down"
	StateDisabled    = "disabled"
)

// statusTracker follows what the session's generations do: how many run,
// whether the backend failed last, the last error and the latency of
// suggestions. It sends a status notification when what it says changes.
type statusTracker struct {
	lat latencies

	mu        sync.Mutex
	busy      int       // guarded by mu; generations running
	down      bool      // guarded by mu; the last generation failed in the backend
	lastErr   string    // guarded by mu; redacted
	lastErrAt time.Time // guarded by mu
	modelless bool      // guarded by mu; the features answer nothing: no backend
	reported  bool      // guarded by mu; the features say which backends they use (Features.Backends)

	sendMu sync.Mutex   // serializes notifications, so they go out in order
	sent   StatusParams // guarded by sendMu; the last one sent
	any    bool         // guarded by sendMu; whether one was sent
}

// begin records a generation starting.
func (t *statusTracker) begin() {
	t.mu.Lock()
	t.busy++
	t.mu.Unlock()
}

// end records a generation's outcome. A cancelled one says nothing of the
// backend; a backend failure marks it down until a generation succeeds.
func (t *statusTracker) end(ctx context.Context, err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.busy--
	var be *inference.BackendError
	switch {
	case err == nil:
		t.down = false
	case ctx.Err() != nil, errors.Is(err, context.Canceled), errors.Is(err, ErrExcluded), errors.Is(err, ErrNoModel):
	default:
		t.lastErr, t.lastErrAt = inference.Redact(err.Error()), time.Now()
		t.down = t.down || errors.As(err, &be)
	}
}

// state returns the session's state for cfg.
func (t *statusTracker) state(cfg config.Config) (state string, busy bool, lastErr string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	switch {
	case !cfg.Completion.Enabled && !cfg.Hover.Enabled && !cfg.Actions.Enabled && !cfg.NextEdit.Enabled:
		state = StateDisabled
	case (t.modelless || t.reported) && len(cfg.Backends) == 0:
		state = StateNoBackend
	case t.down:
		state = StateBackendDown
	default:
		state = StateReady
	}
	return state, t.busy > 0, t.lastErr
}

// params returns the notification for the session's state under cfg.
func (t *statusTracker) params(cfg config.Config) StatusParams {
	state, busy, lastErr := t.state(cfg)
	p := StatusParams{Busy: busy, Kind: StatusNormal}
	switch state {
	case StateDisabled:
		p.Kind, p.Message = StatusInactive, "lspilot: disabled in the settings"
	case StateNoBackend:
		p.Kind, p.Message = StatusWarning, "lspilot: no backend configured (run lspilot doctor)"
	case StateBackendDown:
		p.Kind, p.Message = StatusError, "lspilot: backend down: "+lastErr
	default:
		p.Message = "lspilot: ready"
		if b, ok := primaryBackend(cfg); ok {
			p.Message += " (" + b.Model + " on " + b.Name + ")"
		}
	}
	return p
}

// publishStatus sends the session's status when it differs from the last
// one sent; before initialized and after shutdown it sends nothing.
func (s *server) publishStatus(ctx context.Context) {
	if st := s.lifecycle(); st != stateInitialized || s.notify == nil {
		return
	}
	t := &s.activity
	t.sendMu.Lock()
	defer t.sendMu.Unlock()
	p := t.params(s.statusConfig())
	if t.any && p == t.sent {
		return
	}
	t.sent, t.any = p, true
	if err := s.notify(context.WithoutCancel(ctx), MethodDidChangeStatus, p); err != nil {
		s.logger.Debug("status notification", zap.Error(err))
	}
}

// BackendStatus describes a configured backend without its credentials.
type BackendStatus struct {
	Name  string `json:"name"`
	URL   string `json:"url"`
	Kind  string `json:"kind,omitempty"`
	Model string `json:"model"`
}

// backendStatuses describes cfg's backends.
func backendStatuses(cfg config.Config) []BackendStatus {
	out := make([]BackendStatus, 0, len(cfg.Backends))
	for _, b := range cfg.Backends {
		name := b.Name
		if name == "" {
			name = b.URL
		}
		out = append(out, BackendStatus{Name: inference.DisplayURL(name), URL: inference.DisplayURL(b.URL), Kind: b.Kind, Model: b.Model})
	}
	return out
}

// primaryBackend is the first configured backend, the one most requests go to.
func primaryBackend(cfg config.Config) (BackendStatus, bool) {
	bs := backendStatuses(cfg)
	if len(bs) == 0 {
		return BackendStatus{}, false
	}
	return bs[0], true
}

// activityStatus returns the part of lspilot.status that the session's
// activity and configuration say.
func (s *server) activityStatus() Status {
	cfg := s.statusConfig()
	t := &s.activity
	st := Status{Backends: backendStatuses(cfg), Latency: t.lat.summary()}
	var lastErr string
	st.State, st.Busy, lastErr = t.state(cfg)
	if b, ok := primaryBackend(cfg); ok {
		st.Backend, st.BackendURL, st.Model = b.Name, b.URL, b.Model
	}
	t.mu.Lock()
	if lastErr != "" {
		st.LastError, st.LastErrorAt = lastErr, t.lastErrAt.UTC().Format(time.RFC3339)
	}
	t.mu.Unlock()
	return st
}

// statusConfig is the configuration status reports speak of: the session's,
// with the backends the features found on this machine when it names none.
func (s *server) statusConfig() config.Config {
	cfg := s.config.Get()
	if f := s.features.Load(); len(cfg.Backends) == 0 && f != nil && f.Backends != nil {
		cfg.Backends = f.Backends()
	}
	return cfg
}
