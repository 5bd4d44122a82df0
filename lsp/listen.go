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
}

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

	mu       sync.Mutex
	sessions int // guarded by mu
	total    int // guarded by mu
}

func (d *daemon) opened() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.sessions++
	d.total++
	d.timer.Stop()
}

func (d *daemon) closed() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.sessions--
	if d.sessions == 0 {
		d.timer.Reset(idleOrNever(d.idle))
	}
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
