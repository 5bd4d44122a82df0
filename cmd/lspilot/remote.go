package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"go.uber.org/zap"

	"github.com/lspilot/lspilot/lsp"
)

// daemonIdle is how long the shared daemon outlives its last session.
const daemonIdle = 5 * time.Minute

// Waits of a forwarder are bounded: for a daemon it started, for the lock
// that another forwarder holds while it starts one (which also waits for its
// daemon), and for an explicit --remote address.
const (
	daemonStartTimeout = 8 * time.Second
	lockTimeout        = daemonStartTimeout + 2*time.Second
	dialTimeout        = 5 * time.Second
)

// daemonDir is the per-user directory of the shared daemon's socket, lock
// and log: $XDG_RUNTIME_DIR/lspilot, or lspilot-UID in the temp directory.
func daemonDir() string {
	if dir := os.Getenv("XDG_RUNTIME_DIR"); dir != "" {
		return filepath.Join(dir, "lspilot")
	}
	return filepath.Join(os.TempDir(), "lspilot-"+strconv.Itoa(os.Getuid()))
}

// refuseWait bounds how long a forwarder that cannot reach its daemon
// waits for the editor's initialize, to answer it with the reason.
const refuseWait = time.Second

// forward connects stdio to a daemon and relays messages both ways until
// the session ends. With --remote=auto the per-user daemon of the
// configuration is started when none answers. When no daemon can be
// reached, the editor is told why before forward returns.
func forward(ctx context.Context, f *serveFlags, io stdio, logger *zap.Logger) error {
	conn, opts, err := connectDaemon(ctx, f, logger)
	if err != nil {
		reason := "lspilot: cannot reach the shared daemon: " + err.Error()
		if f.remote != "auto" || !strings.Contains(reason, filesOf(opts.Daemon).log) {
			reason += " " + opts.Hint
		}
		if rerr := lsp.RefuseEditor(io.in, io.out, reason, refuseWait); rerr != nil {
			logger.Warn("tell the editor", zap.Error(rerr))
		}
		return fmt.Errorf("connect to daemon: %w", err)
	}
	logger.Info("forwarding to daemon", zap.String("daemon", opts.Daemon))
	err = lsp.Forward(ctx, io.in, io.out, conn, opts)
	if errors.Is(err, lsp.ErrExitWithoutShutdown) {
		return exitError{1}
	}
	return err
}

// connectDaemon connects to the daemon that --remote names, starting the
// per-user one for --remote=auto.
func connectDaemon(ctx context.Context, f *serveFlags, logger *zap.Logger) (net.Conn, lsp.ForwardOptions, error) {
	opts := lsp.ForwardOptions{Logger: logger}
	token, err := loadToken(f.tokenFile, f.tokenEnv)
	if err != nil {
		return nil, opts, err
	}
	if f.remote != "auto" {
		opts.Daemon = f.remote
		opts.Hint = "If it refused this connection (a missing or wrong token), its log says so."
		conn, err := dialRemote(f.remote, token)
		return conn, opts, err
	}
	if token != nil {
		return nil, opts, errors.New("--token-file and --token-env apply to --remote tcp://; the shared daemon's socket is guarded by its directory (0700)")
	}
	args, configPath, err := daemonArgs(f)
	if err != nil {
		return nil, opts, err
	}
	files := daemonFilesFor(daemonDir(), args, configPath)
	opts.Daemon = files.sock
	opts.Hint = "Its log is " + files.log + "."
	conn, err := dialAutoDaemon(ctx, args, files, logger)
	return conn, opts, err
}

// dialRemote connects to a daemon at addr, presenting token first on TCP.
func dialRemote(addr string, token []byte) (net.Conn, error) {
	network, address, err := splitAddr(addr)
	if err != nil {
		return nil, err
	}
	if network == "unix" {
		if token != nil {
			return nil, errors.New("--token-file and --token-env apply to tcp:// addresses")
		}
		if err := checkSocketPath(address); err != nil {
			return nil, err
		}
	}
	conn, err := net.DialTimeout(network, address, dialTimeout)
	if err != nil {
		return nil, err
	}
	if token != nil {
		if _, err := conn.Write(lsp.AuthenticateFrame(token)); err != nil {
			conn.Close()
			return nil, fmt.Errorf("authenticate: %w", err)
		}
	}
	return conn, nil
}
