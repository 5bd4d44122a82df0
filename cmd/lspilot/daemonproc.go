package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"slices"
	"strconv"
	"syscall"
	"time"

	"github.com/lspilot/lspilot/lsp"
)

// daemonInfo is a running shared daemon, verified to be the current user's
// lspilot serving its socket.
type daemonInfo struct {
	files  daemonFiles
	pid    int
	status lsp.Status // without the session that asked for it
	args   []string   // its flags after "serve", from its command line
}

// probeDaemon asks the daemon on sock for its status and verifies who it
// is: the process the kernel names as the socket's server (SO_PEERCRED)
// must be the current user's, report that same pid, and be "lspilot serve"
// listening on sock. errNoDaemon when nothing answers on sock.
func probeDaemon(sock string, timeout time.Duration) (*daemonInfo, error) {
	conn, err := dialOwnSocket(sock)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	cred, err := peerCred(conn)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", sock, err)
	}
	if int(cred.Uid) != os.Getuid() {
		return nil, fmt.Errorf("%s is served by uid %d, not by you (uid %d)", sock, cred.Uid, os.Getuid())
	}
	conn.SetDeadline(time.Now().Add(timeout))
	st, err := lsp.QueryStatus(conn, "lspilot daemon")
	if err != nil {
		return nil, fmt.Errorf("ask the daemon on %s for its status: %w", sock, err)
	}
	if st.PID != int(cred.Pid) {
		return nil, fmt.Errorf("%s: the daemon says it is pid %d, the kernel says pid %d: not touching either", sock, st.PID, cred.Pid)
	}
	args, err := daemonCmdline(st.PID, sock)
	if err != nil {
		return nil, err
	}
	st.Sessions--
	st.TotalSessions--
	return &daemonInfo{files: filesOf(sock), pid: st.PID, status: st, args: args}, nil
}

// peerCred returns the credentials of the process serving a unix socket.
func peerCred(conn net.Conn) (*syscall.Ucred, error) {
	uc, ok := conn.(*net.UnixConn)
	if !ok {
		return nil, errors.New("not a unix socket")
	}
	raw, err := uc.SyscallConn()
	if err != nil {
		return nil, err
	}
	var cred *syscall.Ucred
	var cerr error
	if err := raw.Control(func(fd uintptr) {
		cred, cerr = syscall.GetsockoptUcred(int(fd), syscall.SOL_SOCKET, syscall.SO_PEERCRED)
	}); err != nil {
		return nil, err
	}
	if cerr != nil {
		return nil, fmt.Errorf("peer credentials: %w", cerr)
	}
	return cred, nil
}

// daemonCmdline returns the flags after "serve" of process pid, which must
// be "lspilot serve --listen unix://SOCK".
func daemonCmdline(pid int, sock string) ([]string, error) {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/cmdline")
	if err != nil {
		return nil, fmt.Errorf("read the command line of pid %d: %w", pid, err)
	}
	var args []string
	for a := range bytes.SplitSeq(bytes.TrimSuffix(data, []byte{0}), []byte{0}) {
		args = append(args, string(a))
	}
	i := slices.Index(args, "--listen")
	if len(args) < 2 || args[1] != "serve" || i < 0 || i+1 >= len(args) || args[i+1] != "unix://"+sock {
		return nil, fmt.Errorf("pid %d serving %s is not \"lspilot serve --listen unix://%s\" (%q): not touching it", pid, sock, sock, args)
	}
	return args[2:], nil
}

// stop asks the daemon to exit with SIGTERM, which it handles like an
// interrupt, ending its sessions, and waits until it has.
func (d *daemonInfo) stop(ctx context.Context, timeout time.Duration) error {
	// The handle refers to this process even if its pid is reused: verify
	// after taking it, then signal through it.
	p, err := os.FindProcess(d.pid)
	if err != nil {
		return err
	}
	defer p.Release()
	if _, err := daemonCmdline(d.pid, d.files.sock); err != nil {
		return err
	}
	if err := p.Signal(syscall.SIGTERM); err != nil {
		return fmt.Errorf("stop daemon pid %d: %w", d.pid, err)
	}
	deadline := time.Now().Add(timeout)
	for !processGone(d.pid) {
		if time.Now().After(deadline) || ctx.Err() != nil {
			return fmt.Errorf("daemon pid %d did not exit within %s of SIGTERM; its log is %s", d.pid, timeout, d.files.log)
		}
		time.Sleep(20 * time.Millisecond)
	}
	return nil
}

// processGone reports whether pid has exited: it no longer exists, or is
// a zombie its parent has not reaped yet.
func processGone(pid int) bool {
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return true
	}
	// pid (comm) S ...: the state follows the last parenthesis.
	i := bytes.LastIndexByte(stat, ')')
	return i < 0 || i+2 >= len(stat) || stat[i+2] == 'Z' || stat[i+2] == 'X'
}

// restart stops the daemon and starts it again with the same flags, under
// its lock as a forwarder would; it returns the new daemon's pid.
func (d *daemonInfo) restart(ctx context.Context, timeout time.Duration) (int, error) {
	if err := d.stop(ctx, timeout); err != nil {
		return 0, err
	}
	conn, unlock, err := lockOrDial(ctx, d.files.lock, d.files.sock)
	if err != nil {
		return 0, err
	}
	if conn == nil {
		defer unlock()
		pid, err := spawnDaemon(d.files.log, d.args)
		if err != nil {
			return 0, err
		}
		if conn, err = waitForDaemon(ctx, d.files.sock, d.files.log, pid); err != nil {
			return 0, err
		}
	}
	conn.Close() // an editor may have started it meanwhile: ask who runs it
	now, err := probeDaemon(d.files.sock, timeout)
	if err != nil {
		return 0, err
	}
	return now.pid, nil
}
