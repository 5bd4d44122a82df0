package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// lockOrDial takes the lock at path, which another forwarder holds while it
// starts the daemon; if that daemon answers on sock meanwhile, it returns a
// connection to it instead. It gives up after lockTimeout, naming the
// holder.
func lockOrDial(ctx context.Context, path, sock string) (conn net.Conn, unlock func(), err error) {
	f, err := openNoFollow(path, os.O_CREATE|os.O_RDWR)
	if err != nil {
		return nil, nil, fmt.Errorf("open lock: %w", err)
	}
	if err := checkOwnFile(f, false); err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("open lock: %w", err)
	}
	deadline := time.Now().Add(lockTimeout)
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return nil, func() { f.Close() }, nil // closing releases the lock
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) {
			f.Close()
			return nil, nil, fmt.Errorf("lock %s: %w", path, err)
		}
		if conn, err := dialOwnSocket(sock); !errors.Is(err, errNoDaemon) {
			f.Close()
			return conn, nil, err
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			holder := lockHolder(f)
			f.Close()
			return nil, nil, fmt.Errorf("lock %s is held by %s, and no daemon answered on %s within %s: "+
				"if that process is stuck, end it and try again", path, holder, sock, lockTimeout)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// lockHolder names the process holding a flock on f, from /proc/locks.
func lockHolder(f *os.File) string {
	fi, err := f.Stat()
	if err != nil {
		return "another process"
	}
	ino := fi.Sys().(*syscall.Stat_t).Ino
	locks, err := os.Open("/proc/locks")
	if err != nil {
		return "another process"
	}
	defer locks.Close()
	sc := bufio.NewScanner(locks)
	for sc.Scan() {
		// 1: FLOCK  ADVISORY  WRITE 1234 00:2a:5678 0 EOF
		fields := strings.Fields(sc.Text())
		if len(fields) < 6 || fields[1] != "FLOCK" {
			continue
		}
		dev := strings.Split(fields[5], ":")
		if n, err := strconv.ParseUint(dev[len(dev)-1], 10, 64); err == nil && n == ino {
			return "pid " + fields[4] + processName(fields[4])
		}
	}
	return "another process"
}

// processName returns " (name)" for a pid, or "" when it cannot be read.
func processName(pid string) string {
	comm, err := os.ReadFile("/proc/" + pid + "/comm")
	if err != nil {
		return ""
	}
	return " (" + strings.TrimSpace(string(comm)) + ")"
}
