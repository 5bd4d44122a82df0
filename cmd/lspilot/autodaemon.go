package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"go.uber.org/zap"
)

// errNoDaemon is a socket path on which no daemon answers.
var errNoDaemon = errors.New("no daemon answers")

// dialAutoDaemon connects to the per-user daemon of the configuration args
// define (see daemonArgs), starting it under a lock when none answers,
// so that concurrent editors start exactly one. The directory must be the
// user's own (see privateDir).
func dialAutoDaemon(ctx context.Context, args []string, files daemonFiles, logger *zap.Logger) (net.Conn, error) {
	sock := files.sock
	if err := checkSocketPath(sock); err != nil {
		return nil, err
	}
	if err := privateDir(filepath.Dir(sock)); err != nil {
		return nil, err
	}
	if conn, err := dialOwnSocket(sock); !errors.Is(err, errNoDaemon) {
		return conn, err
	}
	conn, unlock, err := lockOrDial(ctx, files.lock, sock)
	if conn != nil || err != nil {
		return conn, err
	}
	defer unlock()
	if conn, err := dialOwnSocket(sock); !errors.Is(err, errNoDaemon) {
		return conn, err // another editor started it while we waited
	}
	pid, err := startDaemon(files, args)
	if err != nil {
		return nil, err
	}
	logger.Info("started shared daemon", zap.String("socket", sock), zap.Int("daemon", pid))
	return waitForDaemon(ctx, sock, files.log, pid)
}

// dialOwnSocket connects to the socket at path, which must be the user's
// own; errNoDaemon when there is none or nothing answers.
func dialOwnSocket(path string) (net.Conn, error) {
	exists, err := checkOwnSocket(path)
	if err != nil {
		return nil, err
	}
	if !exists {
		return nil, errNoDaemon
	}
	conn, err := net.Dial("unix", path)
	if err != nil {
		return nil, fmt.Errorf("%w on %s: %w", errNoDaemon, path, err)
	}
	return conn, nil
}

// waitForDaemon dials sock until the daemon pid started answers, it exits,
// or daemonStartTimeout passes.
func waitForDaemon(ctx context.Context, sock, logFile string, pid int) (net.Conn, error) {
	deadline := time.Now().Add(daemonStartTimeout)
	for {
		conn, err := dialOwnSocket(sock)
		if !errors.Is(err, errNoDaemon) {
			return conn, err
		}
		var ws syscall.WaitStatus
		if wpid, _ := syscall.Wait4(pid, &ws, syscall.WNOHANG, nil); wpid == pid {
			return nil, fmt.Errorf("the daemon (pid %d) exited at start with status %d; its log %s ends with: %s",
				pid, ws.ExitStatus(), logFile, logTail(logFile))
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return nil, fmt.Errorf("the daemon (pid %d) did not answer on %s within %s; see its log %s",
				pid, sock, daemonStartTimeout, logFile)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// startDaemon starts "lspilot serve --listen unix://SOCKET" with args in
// its own session, logging to the daemon's log, and returns its pid. What
// the daemon writes to stderr before its logger is up, such as why it
// cannot start, goes to the log too.
func startDaemon(files daemonFiles, args []string) (int, error) {
	return spawnDaemon(files.log, append([]string{"--listen", "unix://" + files.sock, "--log-file", files.log}, args...))
}

// spawnDaemon starts "lspilot serve" with args in its own session, its
// stderr appended to logFile, and returns its pid.
func spawnDaemon(logFile string, args []string) (int, error) {
	exe, err := os.Executable()
	if err != nil {
		return 0, fmt.Errorf("find own executable: %w", err)
	}
	log, err := openLogFile(logFile)
	if err != nil {
		return 0, err
	}
	defer log.Close()
	cmd := exec.Command(exe, append([]string{"serve"}, args...)...)
	cmd.Stderr = log
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		return 0, fmt.Errorf("start daemon: %w", err)
	}
	pid := cmd.Process.Pid
	return pid, cmd.Process.Release()
}

// logTail returns the last line of a log file, or why there is none.
func logTail(path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return err.Error()
	}
	data = bytes.TrimRight(data, "\n")
	if len(data) == 0 {
		return "(empty)"
	}
	return strings.TrimSpace(string(data[bytes.LastIndexByte(data, '\n')+1:]))
}
