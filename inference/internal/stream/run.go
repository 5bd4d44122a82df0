package stream

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.uber.org/zap"

	"github.com/lspilot/lspilot/inference"
)

var (
	errIdle    = errors.New("idle timeout")
	errTimeout = errors.New("backend timeout")
)

// Attempt performs one HTTP exchange for a stream: it sends the request and
// feeds what the server streams into sink until the stream ends or a Sink
// method returns an error, which it returns unchanged. It must return
// promptly once ctx is done.
type Attempt func(ctx context.Context, sink *Sink) error

// BatchAttempt is an Attempt for a batch, with one sink per prompt. It keeps
// reading while some sink is not Stopped.
type BatchAttempt func(ctx context.Context, sinks []*Sink) error

// Runner drives streamed requests for a backend; it holds what all backends
// share: retries, the idle timeout, the request timeout, early stop, stats
// and logging. The zero value works, with no retries and no timeouts.
type Runner struct {
	// Origin names the backend in errors; Run sets Model per request.
	Origin inference.Origin
	// Retry bounds retries before any text arrived.
	Retry RetryPolicy
	// IdleTimeout bounds the silence before the first chunk and between
	// chunks; 0 disables it.
	IdleTimeout time.Duration
	// Timeout bounds a whole request, retries included; 0 leaves it to ctx.
	Timeout time.Duration
	// Logger gets one debug line per request; nil logs nothing.
	Logger *zap.Logger
	// Clock replaces time.Now in tests of time budgets.
	Clock func() time.Time
	// AffinityHeader names the header that carries the AffinityKey of the
	// request's session to the server (see SetAffinityHeader); empty sends
	// none.
	AffinityHeader string
}

// Run streams one request: it validates req, runs attempt (again, after a
// backoff, when it failed before any text arrived and the error is
// inference.Retryable), applies early stop and returns the merged stats.
func (r *Runner) Run(ctx context.Context, req *inference.Request, attempt Attempt, fn func(inference.Chunk) error) (inference.Stats, error) {
	sts, err := r.RunBatch(ctx, req, 1,
		func(ctx context.Context, sinks []*Sink) error { return attempt(ctx, sinks[0]) },
		func(_ int, c inference.Chunk) error { return fn(c) })
	return sts[0], err
}

// RunBatch is Run for n prompts that share one HTTP request.
func (r *Runner) RunBatch(ctx context.Context, req *inference.Request, n int, attempt BatchAttempt, fn func(int, inference.Chunk) error) ([]inference.Stats, error) {
	clock := r.Clock
	if clock == nil {
		clock = time.Now
	}
	if err := req.Validate(); err != nil {
		sts := make([]inference.Stats, n)
		for i := range sts {
			sts[i].Slot = -1
		}
		return sts, err
	}
	ctx = withAffinity(ctx, r.AffinityHeader, req.Session)
	start := clock()
	sinks := make([]*Sink, n)
	for i := range sinks {
		sinks[i] = newSink(i, req, clock, fn)
	}
	try, err := r.attempts(ctx, sinks, attempt, clock)
	if err == nil {
		err = flushAll(sinks)
	}
	sts := make([]inference.Stats, n)
	for i, s := range sinks {
		sts[i] = s.stats()
		sts[i].Total = clock().Sub(start)
		sts[i].Attempts = try
	}
	r.log(ctx, req, sts[0], err)
	return sts, err
}

// attempts runs attempt until it succeeds or may not be retried.
func (r *Runner) attempts(ctx context.Context, sinks []*Sink, attempt BatchAttempt, clock func() time.Time) (int, error) {
	if r.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(ctx, r.Timeout, errTimeout)
		defer cancel()
	}
	for try := 1; ; try++ {
		err := r.once(ctx, sinks, attempt, clock)
		if err == nil || received(sinks) {
			return try, err
		}
		wait, ok := r.Retry.delay(try, err)
		if !ok {
			return try, err
		}
		r.logger().Debug("retry", zap.Int("attempt", try), zap.Duration("wait", wait), zap.Error(err))
		if !sleep(ctx, wait) {
			if ctx.Err() != nil {
				return try, r.ctxError(ctx)
			}
			return try, err
		}
	}
}

// once runs one attempt under its own idle watchdog and classifies how it
// ended.
func (r *Runner) once(ctx context.Context, sinks []*Sink, attempt BatchAttempt, clock func() time.Time) error {
	actx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	wd := newWatchdog(r.IdleTimeout, cancel)
	defer wd.stop()
	begin := clock()
	for _, s := range sinks {
		s.reset(wd, begin)
	}
	err := attempt(actx, sinks)
	for _, s := range sinks {
		if s.cbErr != nil {
			return s.cbErr
		}
	}
	switch {
	case allStopped(sinks), err == nil && allEnded(sinks):
		return nil
	case ctx.Err() != nil:
		return r.ctxError(ctx)
	case errors.Is(context.Cause(actx), errIdle):
		return r.Origin.Error(inference.ErrStalled, 0, "", nil)
	case errors.Is(err, inference.ErrStop):
		return nil
	}
	// A nil error without the server's end marker is inference.StopStreamEnd.
	return err
}

// ctxError reports a done ctx: the backend's own timeout as ErrTimeout, the
// caller's cancellation or deadline as the context error.
func (r *Runner) ctxError(ctx context.Context) error {
	if errors.Is(context.Cause(ctx), errTimeout) {
		return r.Origin.Error(inference.ErrTimeout, 0, fmt.Sprintf("no answer within %v", r.Timeout), context.DeadlineExceeded)
	}
	return fmt.Errorf("%s: %w", r.Origin.Backend, ctx.Err())
}

func received(sinks []*Sink) bool {
	for _, s := range sinks {
		if s.received {
			return true
		}
	}
	return false
}

func allEnded(sinks []*Sink) bool {
	for _, s := range sinks {
		if !s.ended {
			return false
		}
	}
	return true
}

func allStopped(sinks []*Sink) bool {
	for _, s := range sinks {
		if !s.stopped {
			return false
		}
	}
	return true
}

func flushAll(sinks []*Sink) error {
	for _, s := range sinks {
		if err := s.flush(); err != nil {
			return err
		}
	}
	return nil
}

func (r *Runner) logger() *zap.Logger {
	if r.Logger == nil {
		return zap.NewNop()
	}
	return r.Logger
}

func (r *Runner) log(ctx context.Context, req *inference.Request, st inference.Stats, err error) {
	l := r.logger()
	if ce := l.Check(zap.DebugLevel, "generate"); ce != nil {
		ce.Write(zap.String("backend", r.Origin.Backend), zap.String("request_id", inference.RequestID(ctx)), zap.String("model", req.Model),
			zap.Duration("total", st.Total), zap.Duration("first_chunk", st.TimeToFirstChunk),
			zap.Int("prompt_tokens", st.PromptTokens), zap.Int("generated", st.GeneratedTokens),
			zap.Duration("prompt_eval", st.PromptEval), zap.String("stop", string(st.StopReason)),
			zap.Int("attempts", st.Attempts), zap.Error(err))
	}
}
