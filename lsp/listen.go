package lsp

import (
	"context"
	"errors"
	"net"
	"sync"
	"time"

	"go.uber.org/zap"
)

// ServeListener accepts connections on ln and runs one session per
// connection; the sessions share opts.Features, so a shared daemon has one
// scheduler and one cache. With idle > 0 it returns once no session has been
// open for that long. Cancelling ctx stops accepting and ends the sessions.
func ServeListener(ctx context.Context, ln net.Listener, opts Options, idle time.Duration) error {
	logger := opts.Logger
	if logger == nil {
		logger = zap.NewNop()
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	d := &daemon{opts: opts, logger: logger, idle: idle, started: time.Now()}
	d.timer = time.AfterFunc(idleOrNever(idle), func() {
		logger.Info("idle timeout: no sessions", zap.Duration("idle", idle))
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
		d.opened()
		wg.Go(func() {
			defer d.closed()
			err := Serve(ctx, conn, d.sessionOptions(conn))
			if err != nil && !errors.Is(err, ErrExitWithoutShutdown) {
				logger.Warn("session ended", zap.Error(err))
			}
		})
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
