package main

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/lspilot/lspilot/lsp/lsptest"
)

// TestServeOnTerminal starts serve with a terminal as stdin: it says on
// stderr that an editor runs it, still serves a session typed into the
// terminal, exits after shutdown and exit, and leaves the terminal in
// blocking mode as it found it.
func TestServeOnTerminal(t *testing.T) {
	master, slave := openPTY(t)
	s := startRaw(t, slave, binary, "serve", "--config", os.DevNull)
	s.in = master
	s.call(t, 1, "initialize", `{"capabilities":{}}`)
	// stderr is copied apart from the replies: it may trail them.
	lsptest.WaitFor(t, "the note for a person at a terminal on stderr", func() bool {
		return strings.Contains(s.stderr.String(), "an editor starts it")
	})
	s.call(t, 2, "shutdown")
	s.send(t, `{"jsonrpc":"2.0","method":"exit"}`)
	if err := s.cmd.Wait(); err != nil {
		t.Fatalf("serve on a terminal: %v\n%s", err, s.stderr)
	}
	flags, err := unix.FcntlInt(slave.Fd(), unix.F_GETFL, 0)
	if err != nil {
		t.Fatal(err)
	}
	if flags&unix.O_NONBLOCK != 0 {
		t.Error("the terminal was left in non-blocking mode")
	}
}

// TestServeOnPipeSaysNothing checks that the note is for terminals only.
func TestServeOnPipeSaysNothing(t *testing.T) {
	s := startRaw(t, nil, binary, "serve", "--config", os.DevNull)
	s.call(t, 1, "initialize", `{"capabilities":{}}`)
	s.call(t, 2, "shutdown")
	s.send(t, `{"jsonrpc":"2.0","method":"exit"}`)
	if err := s.cmd.Wait(); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(s.stderr.String(), "an editor starts it") {
		t.Errorf("the terminal note was written for a pipe:\n%s", s.stderr)
	}
}

// openPTY opens a pseudo-terminal in raw mode, so that frames written to
// master reach the process reading slave byte for byte.
func openPTY(t testing.TB) (master, slave *os.File) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	fd := int(m.Fd())
	if err := unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0); err != nil {
		t.Fatal(err)
	}
	n, err := unix.IoctlGetInt(fd, unix.TIOCGPTN)
	if err != nil {
		t.Fatal(err)
	}
	sfd, err := unix.Open(fmt.Sprintf("/dev/pts/%d", n), unix.O_RDWR|unix.O_NOCTTY|unix.O_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	s := os.NewFile(uintptr(sfd), "pty")
	t.Cleanup(func() { s.Close() })
	tio, err := unix.IoctlGetTermios(sfd, unix.TCGETS)
	if err != nil {
		t.Fatal(err)
	}
	tio.Iflag &^= unix.IGNBRK | unix.BRKINT | unix.PARMRK | unix.ISTRIP | unix.INLCR | unix.IGNCR | unix.ICRNL | unix.IXON
	tio.Oflag &^= unix.OPOST
	tio.Lflag &^= unix.ECHO | unix.ECHONL | unix.ICANON | unix.ISIG | unix.IEXTEN
	tio.Cflag = tio.Cflag&^(unix.CSIZE|unix.PARENB) | unix.CS8
	tio.Cc[unix.VMIN], tio.Cc[unix.VTIME] = 1, 0
	if err := unix.IoctlSetTermios(sfd, unix.TCSETS, tio); err != nil {
		t.Fatal(err)
	}
	return m, s
}
