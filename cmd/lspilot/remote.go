package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"go.uber.org/zap"
)

// daemonIdle is how long the shared daemon outlives its last session.
const daemonIdle = 5 * time.Minute

// daemonStartTimeout bounds the wait for a freshly started daemon.
const daemonStartTimeout = 10 * time.Second

// daemonDir is the per-user directory of the shared daemon's socket, lock
// and log: $XDG_RUNTIME_DIR/lspilot, or lspilot-UID in the temp directory.
func daemonDir() string {
	if dir := os.Getenv("XDG_RUNTIME_DIR"); dir != "" {
		return filepath.Join(dir, "lspilot")
	}
	return filepath.Join(os.TempDir(), "lspilot-"+strconv.Itoa(os.Getuid()))
}

// forward connects stdio to a daemon and copies bytes both ways until
// either side ends. With --remote=auto the per-user daemon is started when
// none answers.
func forward(ctx context.Context, f *serveFlags, io stdio, logger *zap.Logger) error {
	var conn net.Conn
	var err error
	if f.remote == "auto" {
		conn, err = dialAutoDaemon(ctx, f, logger)
	} else {
		var network, address string
		if network, address, err = splitAddr(f.remote); err == nil {
			conn, err = net.Dial(network, address)
		}
	}
	if err != nil {
		return fmt.Errorf("connect to daemon: %w", err)
	}
	defer conn.Close()
	logger.Info("forwarding to daemon", zap.String("addr", conn.RemoteAddr().String()))
	return pipe(ctx, conn, io)
}

// pipe copies stdin to conn and conn to stdout. It returns when the daemon
// closes the connection, or when stdin ends and the daemon has answered
// what came before.
func pipe(ctx context.Context, conn net.Conn, io stdio) error {
	done := make(chan error, 2)
	go func() {
		_, err := copyBuffer(conn, io.in)
		if cw, ok := conn.(interface{ CloseWrite() error }); ok {
			cw.CloseWrite()
		}
		done <- err
	}()
	go func() {
		_, err := copyBuffer(io.out, conn)
		done <- err
	}()
	select {
	case <-ctx.Done():
		return nil
	case <-done:
		// Either direction ending ends the session: the daemon closed the
		// connection (after exit), or stdin ended and the daemon's replies
		// are drained by the second copy below.
	}
	select {
	case <-done:
	case <-time.After(2 * time.Second):
	}
	return nil
}

func copyBuffer(dst io.Writer, src io.Reader) (int64, error) {
	return io.CopyBuffer(dst, src, make([]byte, 64<<10))
}

// dialAutoDaemon connects to the per-user daemon, starting it under a lock
// when none answers, so that concurrent editors start exactly one.
func dialAutoDaemon(ctx context.Context, f *serveFlags, logger *zap.Logger) (net.Conn, error) {
	dir := daemonDir()
	sock := filepath.Join(dir, "daemon.sock")
	if conn, err := net.Dial("unix", sock); err == nil {
		return conn, nil
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("daemon directory: %w", err)
	}
	unlock, err := lockFile(filepath.Join(dir, "daemon.lock"))
	if err != nil {
		return nil, err
	}
	defer unlock()
	if conn, err := net.Dial("unix", sock); err == nil {
		return conn, nil // another editor started it while we waited
	}
	os.Remove(sock) // stale: nothing answers on it
	if err := startDaemon(f, sock, filepath.Join(dir, "daemon.log")); err != nil {
		return nil, err
	}
	logger.Info("started shared daemon", zap.String("socket", sock))
	deadline := time.Now().Add(daemonStartTimeout)
	for {
		conn, err := net.Dial("unix", sock)
		if err == nil {
			return conn, nil
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return nil, fmt.Errorf("daemon did not start (see %s): %w", filepath.Join(dir, "daemon.log"), err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// startDaemon starts "lspilot serve --listen unix://sock" detached from
// this process, in its own session, logging to logFile.
func startDaemon(f *serveFlags, sock, logFile string) error {
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("find own executable: %w", err)
	}
	args := []string{"serve", "--listen", "unix://" + sock, "--idle-timeout", daemonIdle.String(),
		"--log-file", logFile, "--log-level", f.logLevel}
	if f.config != "" {
		args = append(args, "--config", f.config)
	}
	if f.idleTimeout > 0 {
		args[4] = f.idleTimeout.String()
	}
	cmd := exec.Command(exe, args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start daemon: %w", err)
	}
	return cmd.Process.Release()
}

// lockFile takes an exclusive lock on path, waiting for it.
func lockFile(path string) (unlock func(), err error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open lock: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, fmt.Errorf("lock %s: %w", path, errors.Unwrap(err))
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}
