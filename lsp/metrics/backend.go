package metrics

import (
	"context"
	"errors"
	"sync/atomic"
	"time"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/sched"
)

var _ sched.Observer = (*Metrics)(nil)

// Generated implements sched.Observer: the duration, tokens and failure of
// a backend generation. A cancelled generation is no failure.
func (m *Metrics) Generated(backend string, lane inference.Lane, d time.Duration, st inference.Stats, err error) {
	backend, l := Label(backend), lane.String()
	m.genDuration.WithLabelValues(backend, l).Observe(d.Seconds())
	if st.PromptTokens > 0 {
		m.promptTokens.WithLabelValues(backend, l).Add(float64(st.PromptTokens))
	}
	if st.CacheReported && st.CachedTokens > 0 {
		m.cachedTokens.WithLabelValues(backend, l).Add(float64(st.CachedTokens))
	}
	if st.PromptEval > 0 {
		m.promptEval.WithLabelValues(backend, l).Add(st.PromptEval.Seconds())
	}
	if st.GeneratedTokens > 0 {
		m.generated.WithLabelValues(backend, l).Add(float64(st.GeneratedTokens))
	}
	m.initErrors(backend)
	if kind := ErrorKind(err); kind != "" {
		m.backendErrors.WithLabelValues(backend, kind).Inc()
	}
	if err == nil || inference.Failover(err) {
		m.downFlag(backend).Store(err != nil)
	}
}

// initErrors creates the error series of backend at zero the first time it
// is seen, so that rate() sees its first error.
func (m *Metrics) initErrors(backend string) {
	if _, seen := m.errorsSeen.LoadOrStore(backend, true); seen {
		return
	}
	for _, kind := range ErrorKinds {
		m.backendErrors.WithLabelValues(backend, kind)
	}
}

// downFlag returns the flag saying that backend's latest generation failed
// in a way that calls for failover.
func (m *Metrics) downFlag(backend string) *atomic.Bool {
	if f, ok := m.health.Load(backend); ok {
		return f.(*atomic.Bool)
	}
	f, _ := m.health.LoadOrStore(backend, new(atomic.Bool))
	return f.(*atomic.Bool)
}

// ErrorKinds are the values of the kind label of lspilot_backend_errors_total.
var ErrorKinds = []string{
	"timeout", "refused", "stalled", "truncated", "garbage", "rate_limited", "unauthorized",
	"model_not_found", "http_4xx", "http_5xx", "context_overflow", "unsupported", "other",
}

// ErrorKind classifies a generation's error for lspilot_backend_errors_total:
// "" for none, a cancellation or a closing scheduler, else one of ErrorKinds.
func ErrorKind(err error) string {
	switch {
	case err == nil, errors.Is(err, context.Canceled), errors.Is(err, sched.ErrClosed):
		return ""
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, inference.ErrTimeout):
		return "timeout"
	}
	be := inference.AsBackendError(err)
	if be == nil {
		return "other"
	}
	switch be.Kind {
	case inference.ErrUnreachable:
		return "refused"
	case inference.ErrStalled:
		return "stalled"
	case inference.ErrTruncated:
		return "truncated"
	case inference.ErrMalformed, inference.ErrLineTooLong:
		return "garbage"
	case inference.ErrRateLimited:
		return "rate_limited"
	case inference.ErrUnauthorized:
		return "unauthorized"
	case inference.ErrModelNotFound:
		return "model_not_found"
	case inference.ErrBadRequest:
		return "http_4xx"
	case inference.ErrServer, inference.ErrUnavailable:
		return "http_5xx"
	case inference.ErrContextOverflow:
		return "context_overflow"
	case inference.ErrUnsupported, inference.ErrNoFIM:
		return "unsupported"
	}
	return "other"
}
