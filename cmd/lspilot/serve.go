package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"time"

	"go.uber.org/zap"

	"github.com/lspilot/lspilot/lsp"
	"github.com/lspilot/lspilot/lsp/config"
)

// serveFlags are the flags of lspilot serve.
type serveFlags struct {
	listen, remote, config string
	logFile, logLevel      string
	tokenFile, tokenEnv    string
	idleTimeout            time.Duration
	backend                backendFlags
	metrics                metricsFlag
}

func parseServeFlags(args []string, io stdio) (*serveFlags, error) {
	f := &serveFlags{}
	fs := newFlagSet("serve", io)
	fs.StringVar(&f.listen, "listen", "", "serve on `ADDR` (tcp://HOST:PORT or unix:///PATH), one session per connection, instead of stdio")
	fs.StringVar(&f.remote, "remote", "", "forward stdio to a shared daemon: \"auto\" (start the per-user daemon if needed) or an ADDR")
	fs.StringVar(&f.config, "config", "", "config file (default $XDG_CONFIG_HOME/lspilot/config.toml)")
	fs.StringVar(&f.logFile, "log-file", "", "write logs to `FILE` instead of stderr")
	fs.StringVar(&f.logLevel, "log-level", "info", "log level: debug, info, warn, error")
	fs.StringVar(&f.tokenFile, "token-file", "", "with a tcp:// --listen or --remote, the token every connection presents first, read from `FILE` (yours, mode 0600)")
	fs.StringVar(&f.tokenEnv, "token-env", "", "like --token-file, the token read from the environment variable `NAME`")
	fs.DurationVar(&f.idleTimeout, "idle-timeout", 0, "with --listen, exit after this long without sessions (0: never)")
	f.backend.register(fs)
	f.metrics.register(fs)
	if err := parseFlags(fs, args, io); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("serve: unexpected arguments %q", fs.Args())
	}
	if f.listen != "" && f.remote != "" {
		return nil, errors.New("serve: --listen and --remote exclude each other")
	}
	if f.metrics.addr != "" && f.remote != "" {
		return nil, errors.New("serve: --metrics-addr goes to the process that serves: give it to the daemon, not with --remote")
	}
	if err := f.backend.check(); err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	return f, nil
}

func runServe(ctx context.Context, args []string, io stdio) error {
	f, err := parseServeFlags(args, io)
	if err != nil {
		return err
	}
	logger, err := newLogger(f.logLevel, f.logFile)
	if err != nil {
		return err
	}
	defer logger.Sync()
	if f.listen == "" && isTerminal(io.in) {
		fmt.Fprint(io.err, terminalNote)
	}
	if f.remote != "" {
		return forward(ctx, f, io, logger)
	}
	file, err := loadConfig(f.config)
	if err != nil {
		return err
	}
	file = f.backend.apply(file)
	cfg, err := config.Resolve(file)
	if err != nil {
		return err
	}
	m, stopMetrics, err := f.metrics.start(ctx, logger)
	if err != nil {
		return err
	}
	defer stopMetrics()
	auto := startDiscovery(ctx, cfg, logger) // nil when cfg names backends
	defer auto.Close()
	features, closeFeatures, err := auto.buildFeatures(ctx, cfg, logger, m)
	if err != nil {
		return err
	}
	layer := lsp.NewFileLayer(file, features, closeFeatures, auto.rebuilder(logger, m), logger)
	defer layer.Close()
	defer watchConfig(ctx, f, layer, logger)()
	opts := lsp.Options{Logger: logger, File: layer, Rebuild: auto.rebuilder(logger, m), Observer: observer(m), Notice: auto.Notice, Definitions: definitions}
	if f.listen != "" {
		return listenAndServe(ctx, f, opts)
	}
	io.in = pollableStdin(io.in)
	err = lsp.Serve(ctx, stdioConn{io}, opts)
	if errors.Is(err, lsp.ErrExitWithoutShutdown) {
		logger.Info("session ended without shutdown", zap.Error(err))
		return exitError{1}
	}
	return err
}

// listenAndServe serves sessions on the --listen address.
func listenAndServe(ctx context.Context, f *serveFlags, opts lsp.Options) error {
	network, address, err := splitAddr(f.listen)
	if err != nil {
		return err
	}
	token, err := loadToken(f.tokenFile, f.tokenEnv)
	if err != nil {
		return err
	}
	var ln net.Listener
	if network == "tcp" {
		ln, err = listenTCP(address, token != nil, opts.Logger)
	} else if token != nil {
		return errors.New("--token-file and --token-env apply to tcp:// addresses; a unix socket is guarded by its mode (0600)")
	} else {
		ln, err = listenUnix(address)
	}
	if err != nil {
		return err
	}
	defer ln.Close()
	opts.Logger.Info("listening", zap.String("addr", ln.Addr().String()), zap.Bool("token", token != nil))
	return lsp.ServeListener(ctx, ln, opts, lsp.ListenConfig{Idle: f.idleTimeout, Token: token})
}

// splitAddr parses tcp://HOST:PORT and unix:///PATH.
func splitAddr(addr string) (network, address string, err error) {
	network, address, ok := strings.Cut(addr, "://")
	if !ok || (network != "tcp" && network != "unix") || address == "" {
		return "", "", fmt.Errorf("address %q: want tcp://HOST:PORT or unix:///PATH", addr)
	}
	return network, address, nil
}

// stdioConn is the editor's end of a stdio session.
type stdioConn struct{ io stdio }

func (c stdioConn) Read(p []byte) (int, error)  { return c.io.in.Read(p) }
func (c stdioConn) Write(p []byte) (int, error) { return c.io.out.Write(p) }

// Close closes stdin and stdout when they are files.
func (c stdioConn) Close() error {
	for _, v := range []any{c.io.in, c.io.out} {
		switch f := v.(type) {
		case *os.File:
			f.Close()
		case *restoringFile:
			f.Close()
		}
	}
	return nil
}

// terminalNote is said on stderr when serve reads from a terminal: a person
// started it, who probably meant to configure an editor.
const terminalNote = `lspilot serve speaks the Language Server Protocol on stdin and stdout:
an editor starts it and talks to it; typing here does nothing useful.
To try it, configure your editor (see editors/ in the source tree), or run
  lspilot doctor     to check the backend
  lspilot help serve for the flags
Serving on stdio; press Ctrl-C to stop.
`
