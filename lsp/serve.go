package lsp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync/atomic"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/lspilot/lspilot/lsp/config"
	"github.com/lspilot/lspilot/lsp/langctx"
)

// ErrExitWithoutShutdown is returned by Serve when the client sent exit, or
// went away, without a shutdown request first; the process should exit 1.
var ErrExitWithoutShutdown = errors.New("exit without shutdown")

// closeTimeout bounds how long Serve waits for the connection to drain after
// exit. A stdin blocked in read cannot always be interrupted; the process
// exits anyway.
const closeTimeout = 2 * time.Second

// Options configures a session.
type Options struct {
	// Logger receives the session's logs; nil discards them.
	Logger *zap.Logger
	// Features answers model-backed requests; they may be shared by sessions.
	Features Features
	// ConfigFile is the config file's content, the lowest layer above the
	// defaults; nil when there is none. Features were built from it.
	ConfigFile map[string]any
	// Rebuild builds features for a session whose settings change what
	// Features were built from (backends, completion, fim); the session owns
	// them and calls close when done. Nil keeps Features whatever the
	// settings say.
	Rebuild func(ctx context.Context, cfg config.Config) (f Features, close func(), err error)
	// Observer hears what the session does, for metrics; nil for none.
	Observer Observer
	// File, when set, replaces ConfigFile and Features: the session starts
	// from its current layer and follows its reloads.
	File *FileLayer
	// Notice, when set, gives news that each session shows the user once
	// after initialized (window/showMessage).
	Notice NoticeFunc
	// Definitions, when set, is the complete.Source the features' engine
	// was given: each session adds the language servers of its workspace
	// roots to it (context.definitions).
	Definitions *langctx.Registry

	daemon *daemon // the listener serving this session, if any
}

// Serve runs one LSP session over rwc until the client sends exit or the
// input ends. It returns nil after shutdown and exit, and
// ErrExitWithoutShutdown (possibly wrapped) otherwise. Cancelling ctx ends the
// session and the work it started.
func Serve(ctx context.Context, rwc io.ReadWriteCloser, opts Options) error {
	logger := opts.Logger
	if logger == nil {
		logger = zap.NewNop()
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	maxBytes := new(atomic.Int64)
	maxBytes.Store(config.DefaultMaxMessageBytes)
	st := newStream(rwc, maxBytes, logger)
	conn := jsonrpc2.NewConn(st, jsonrpc2.WithCodec(Codec{}))
	s := newServer(logger, protocol.ClientDispatcher(conn), opts.Features.withDefaults(), maxBytes, opts.ConfigFile)
	s.daemon, s.rebuild = opts.daemon, opts.Rebuild
	if opts.Observer != nil {
		s.observer = opts.Observer
	}
	s.notify = conn.Notify
	s.definitions = opts.Definitions
	defer s.closeOwnFeatures()
	defer s.closeDefinitions() // after the connection drained: no document arrives any more
	defer s.forgetNextEdits()  // the next editor may serve other sessions
	if opts.File != nil {
		defer opts.File.attach(s)() // detached before its features close
	}
	conn.Go(ctx, s.handler(ctx))
	announced := s.announce(ctx, opts.Notice)

	select {
	case <-s.exited:
	case <-st.ended: // the client went away; in-flight work is cancelled below
	case <-ctx.Done():
	}
	cancel() // stop in-flight requests before draining
	closed := make(chan error, 1)
	go func() { closed <- conn.Close() }()
	select {
	case <-closed:
	case <-time.After(closeTimeout):
		logger.Warn("connection did not drain in time")
	}
	<-announced // cancelled above; a write it was blocked in fails once the connection is closed

	s.mu.Lock()
	code, state := s.exitCode, s.state
	s.mu.Unlock()
	switch {
	case code == 0 || (code < 0 && state == stateShutdown):
		return nil
	case code < 0 && conn.Err() != nil:
		return fmt.Errorf("%w: connection: %w", ErrExitWithoutShutdown, conn.Err())
	}
	return ErrExitWithoutShutdown
}

// handler builds the middleware chain: $/cancelRequest is handled first, in
// wire order; every other message gets a cancellable context, the lifecycle
// gate, recovery, error mapping and logging, then dispatch.
func (s *server) handler(connCtx context.Context) jsonrpc2.Handler {
	return s.withCancel(connCtx, s.middleware(protocol.ServerHandler(s, nil)))
}
