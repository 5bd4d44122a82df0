package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
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

// forward connects stdio to a daemon and relays messages both ways until
// the session ends. With --remote=auto the per-user daemon is started when
// none answers.
func forward(ctx context.Context, f *serveFlags, io stdio, logger *zap.Logger) error {
	token, err := loadToken(f.tokenFile, f.tokenEnv)
	if err != nil {
		return err
	}
	opts := lsp.ForwardOptions{Logger: logger}
	var conn net.Conn
	if f.remote == "auto" {
		if token != nil {
			return errors.New("--token-file and --token-env apply to --remote tcp://; the shared daemon's socket is guarded by its directory (0700)")
		}
		dir := daemonDir()
		conn, err = dialAutoDaemon(ctx, f, dir, logger)
		opts.Daemon = filepath.Join(dir, "daemon.sock")
		opts.Hint = "Its log is " + filepath.Join(dir, "daemon.log") + "."
	} else {
		conn, err = dialRemote(f.remote, token)
		opts.Daemon = f.remote
		opts.Hint = "If it refused this connection (a missing or wrong token), its log says so."
	}
	if err != nil {
		return fmt.Errorf("connect to daemon: %w", err)
	}
	logger.Info("forwarding to daemon", zap.String("daemon", opts.Daemon))
	err = lsp.Forward(ctx, io.in, io.out, conn, opts)
	if errors.Is(err, lsp.ErrExitWithoutShutdown) {
		return exitError{1}
	}
	return err
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
