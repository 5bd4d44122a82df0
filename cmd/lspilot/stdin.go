package main

import (
	"io"
	"os"

	"golang.org/x/sys/unix"
)

// pollableStdin returns standard input as a file whose Close interrupts a
// Read in progress, so that a session ends at once after exit or a signal.
//
// os.Stdin is opened in blocking mode: a Read blocked in read(2) on a pipe or
// a terminal cannot be interrupted, and the session would wait for the
// editor to close the pipe. Switched to non-blocking mode, the descriptor is
// handled by Go's poller, whose Close wakes the reader. The mode is shared
// with every process holding the same pipe or terminal, so Close restores it.
// Regular files and descriptors the poller cannot take are returned as they
// are.
func pollableStdin(in io.Reader) io.Reader {
	f, ok := in.(*os.File)
	if !ok {
		return in
	}
	fi, err := f.Stat()
	if err != nil || fi.Mode().IsRegular() {
		return in
	}
	fd := int(f.Fd()) // Fd puts the descriptor back in blocking mode if it was not
	if err := unix.SetNonblock(fd, true); err != nil {
		return in
	}
	return &restoringFile{File: os.NewFile(uintptr(fd), f.Name()), fd: fd}
}

// restoringFile is a non-blocking standard input that is put back in
// blocking mode when closed.
type restoringFile struct {
	*os.File
	fd int
}

// Close restores blocking mode, then closes the file, which wakes a Read
// waiting in the poller.
func (f *restoringFile) Close() error {
	unix.SetNonblock(f.fd, false)
	return f.File.Close()
}

// isTerminal reports whether r is a terminal.
func isTerminal(r io.Reader) bool {
	f, ok := r.(interface{ Fd() uintptr })
	if !ok {
		return false
	}
	_, err := unix.IoctlGetTermios(int(f.Fd()), unix.TCGETS)
	return err == nil
}
