package main

import (
	"errors"
	"fmt"
	"net"
	"os"
	"syscall"

	"go.uber.org/zap"
)

// listenTCP listens on address, which needs a token: without one, anyone
// who reaches the port, every local user included on loopback, would drive
// the daemon with this user's rights (read workspace files through code
// actions, choose the backend they go to) and read the documents sent to it.
func listenTCP(address string, withToken bool, logger *zap.Logger) (net.Listener, error) {
	addr, err := net.ResolveTCPAddr("tcp", address)
	if err != nil {
		return nil, fmt.Errorf("listen: %w", err)
	}
	loopback := addr.IP != nil && addr.IP.IsLoopback()
	if !withToken {
		where := "anyone who reaches the port"
		if loopback {
			where = "every user of this machine"
		}
		return nil, fmt.Errorf("listen on %s: a TCP listener needs a token (--token-file or --token-env): without one %s could use lspilot with your rights. "+
			"Without a token, serve this user only with --listen unix:///PATH (mode 0600)", address, where)
	}
	ln, err := net.ListenTCP("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen: %w", err)
	}
	if !loopback {
		logger.Warn("listening beyond loopback: whoever reaches this address and has the token can use the daemon; the traffic is not encrypted",
			zap.String("addr", ln.Addr().String()))
	}
	return ln, nil
}

// listenUnix listens on a unix socket at path that only the current user
// may connect to (mode 0600). A stale socket of the user's own is replaced;
// anything else at path is refused.
func listenUnix(path string) (net.Listener, error) {
	if err := checkSocketPath(path); err != nil {
		return nil, err
	}
	exists, err := checkOwnSocket(path)
	if err != nil {
		return nil, fmt.Errorf("listen: %w", err)
	}
	if exists {
		if c, err := net.Dial("unix", path); err == nil {
			c.Close()
			return nil, fmt.Errorf("listen: %s: another server is listening there", path)
		}
		if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("listen: remove stale socket: %w", err)
		}
	}
	// The umask makes the socket 0600 from its creation on; a chmod after
	// bind would leave a moment when others could connect.
	old := syscall.Umask(0o177)
	ln, err := net.Listen("unix", path)
	syscall.Umask(old)
	if err != nil {
		return nil, fmt.Errorf("listen: %w", err)
	}
	return ln, nil
}
