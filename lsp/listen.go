package lsp

import (
	"context"
	"errors"
	"io"
	"net"
	"sync"
	"time"

	"go.uber.org/zap"
)

// ListenConfig configures ServeListener.
type ListenConfig struct {
	// Idle, when positive, ends ServeListener once no session has been open
	// for that long.
	Idle time.Duration
	// Token, when set, must be presented by every connection before anything
	// else, in a MethodAuthenticate notification; a connection that does not
	// is closed without being served.
	Token []byte
	// MaxUnauthenticated bounds the connections waiting to present the
	// token; more are closed at once. 0 means DefaultMaxUnauthenticated.
	MaxUnauthenticated int
}

// DefaultMaxUnauthenticated is how many connections may wait at once to
// present the token: enough for every editor of a team connecting at the
// same moment, few enough that a flood of idle connections holds no more.
const DefaultMaxUnauthenticated = 64

// ServeListener accepts connections on ln and runs one session per
// connection; the sessions share opts.Features, so a shared daemon has one
// scheduler and one cache. Cancelling ctx stops accepting and ends the
// sessions.
func ServeListener(ctx context.Context, ln net.Listener, opts Options, lc ListenConfig) error {
	logger := opts.Logger
	if logger == nil {
		logger = zap.NewNop()
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	d := &daemon{opts: opts, logger: logger, idle: lc.Idle, started: time.Now()}
	d.timer = time.AfterFunc(idleOrNever(lc.Idle), func() {
		if !d.idleNow() {
			return // a connection came as the timer fired
		}
		logger.Info("idle timeout: no sessions", zap.Duration("idle", lc.Idle))
		cancel()
	})
	defer d.timer.Stop()
	go func() {
		<-ctx.Done()
		ln.Close()
	}()

	var wg sync.WaitGroup
	defer wg.Wait()
	for {
		conn, err := ln.Accept()
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		if !d.accepted(lc) {
			logger.Warn("refused connection: too many waiting to authenticate", zap.String("peer", conn.RemoteAddr().String()))
			conn.Close()
			continue
		}
		wg.Go(func() { d.serveConn(ctx, conn, lc.Token) })
	}
}

// serveConn authenticates conn when a token is set, then serves a session
// on it.
func (d *daemon) serveConn(ctx context.Context, conn net.Conn, token []byte) {
	var rwc io.ReadWriteCloser = conn
	if token != nil {
		var err error
		stop := context.AfterFunc(ctx, func() { conn.Close() })
		rwc, err = authenticate(conn, token)
		stop()
		if err != nil {
			d.logger.Warn("refused connection", zap.String("peer", conn.RemoteAddr().String()), zap.Error(err))
			conn.Close()
			d.refused()
			return
		}
	}
	d.opened()
	defer d.closed()
	err := Serve(ctx, rwc, d.sessionOptions(conn))
	if err != nil && !errors.Is(err, ErrExitWithoutShutdown) {
		d.logger.Warn("session ended", zap.Error(err))
	}
}

// idleOrNever turns a zero idle timeout into one that never fires.
func idleOrNever(idle time.Duration) time.Duration {
	if idle <= 0 {
		return time.Duration(1<<63 - 1)
	}
	return idle
}

// daemon is the state a listener's sessions share.
type daemon struct {
	opts    Options
	logger  *zap.Logger
	idle    time.Duration
	started time.Time
	timer   *time.Timer

	mu         sync.Mutex
	sessions   int // guarded by mu
	total      int // guarded by mu
	connecting int // guarded by mu; accepted, not yet a session or refused
}

// accepted counts a connection from the moment it is accepted, so that the
// idle timeout never ends one that is still authenticating; false when
// too many already wait to authenticate.
func (d *daemon) accepted(lc ListenConfig) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	limit := lc.MaxUnauthenticated
	if limit <= 0 {
		limit = DefaultMaxUnauthenticated
	}
	if lc.Token != nil && d.connecting >= limit {
		return false
	}
	d.connecting++
	d.timer.Stop()
	return true
}

// opened turns an accepted connection into a session.
func (d *daemon) opened() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.connecting--
	d.sessions++
	d.total++
}

// refused forgets an accepted connection that did not authenticate.
func (d *daemon) refused() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.connecting--
	d.resetIfIdle()
}

func (d *daemon) closed() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.sessions--
	d.resetIfIdle()
}

// resetIfIdle starts the idle timeout when nothing is open. Its caller
// holds mu.
func (d *daemon) resetIfIdle() {
	if d.sessions == 0 && d.connecting == 0 {
		d.timer.Reset(idleOrNever(d.idle))
	}
}

// idleNow reports whether no session is open and none is connecting.
func (d *daemon) idleNow() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.sessions == 0 && d.connecting == 0
}

// status reports the daemon's sessions for the lspilot.status command.
func (d *daemon) status() (open, total int, started time.Time) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.sessions, d.total, d.started
}

// sessionOptions returns the options of one connection's session.
func (d *daemon) sessionOptions(conn net.Conn) Options {
	opts := d.opts
	opts.Logger = d.logger.With(zap.String("peer", conn.RemoteAddr().String()))
	opts.daemon = d
	return opts
}
