package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"
)

// openNoFollow opens path without following a symbolic link in its last
// element, and names the link when there is one.
func openNoFollow(path string, flag int) (*os.File, error) {
	f, err := os.OpenFile(path, flag|syscall.O_NOFOLLOW|syscall.O_CLOEXEC, 0o600)
	if errors.Is(err, syscall.ELOOP) {
		return nil, fmt.Errorf("%s is a symbolic link: refusing to follow it", path)
	}
	return f, err
}

// checkOwnFile checks that f is a regular file of the current user; with
// anyKind, files that are not regular (devices, pipes) pass too.
func checkOwnFile(f *os.File, anyKind bool) error {
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		if anyKind {
			return nil
		}
		return fmt.Errorf("%s is not a regular file (%s)", f.Name(), fi.Mode().Type())
	}
	if uid := ownerOf(fi); uid != os.Getuid() {
		return fmt.Errorf("%s belongs to uid %d, not to you (uid %d)", f.Name(), uid, os.Getuid())
	}
	return nil
}

// ownerOf returns the uid that owns a file.
func ownerOf(fi fs.FileInfo) int {
	return int(fi.Sys().(*syscall.Stat_t).Uid)
}

// unsafeDirError is a per-user directory that others could use to read the
// editor's documents or to redirect the daemon's files.
type unsafeDirError struct {
	dir, problem string
}

func (e *unsafeDirError) Error() string {
	return fmt.Sprintf("daemon directory %s %s; it must be a directory of your own with mode 0700. "+
		"Remove it (rm -rf %s) and try again, or set XDG_RUNTIME_DIR to a private directory", e.dir, e.problem, e.dir)
}

// privateDir creates dir with mode 0700 when it does not exist, then checks
// that it is safe: see checkPrivateDir.
func privateDir(dir string) error {
	if err := os.Mkdir(dir, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("create daemon directory: %w", err)
	}
	return checkPrivateDir(dir)
}

// checkPrivateDir checks that dir is a directory, not a symbolic link,
// owned by the current user and closed to everyone else.
func checkPrivateDir(dir string) error {
	fi, err := os.Lstat(dir)
	if err != nil {
		return fmt.Errorf("daemon directory: %w", err)
	}
	uid := os.Getuid()
	switch {
	case fi.Mode()&fs.ModeSymlink != 0:
		return &unsafeDirError{dir, "is a symbolic link"}
	case !fi.IsDir():
		return &unsafeDirError{dir, "is not a directory"}
	case ownerOf(fi) != uid:
		return &unsafeDirError{dir, fmt.Sprintf("belongs to uid %d, not to you (uid %d): another user may have created it", ownerOf(fi), uid)}
	case fi.Mode().Perm()&0o077 != 0:
		return &unsafeDirError{dir, fmt.Sprintf("has mode %#o, which lets other users in", fi.Mode().Perm())}
	}
	return nil
}

// maxSocketPath is the longest path a unix socket can have on Linux: the
// 108 bytes of sun_path less the terminating NUL.
const maxSocketPath = 107

// checkSocketPath refuses a unix socket path the kernel cannot bind.
func checkSocketPath(path string) error {
	if len(path) > maxSocketPath {
		return fmt.Errorf("socket path %s is %d bytes long, more than the %d a unix socket allows: "+
			"use a shorter path (for the shared daemon, set XDG_RUNTIME_DIR to a shorter directory)",
			path, len(path), maxSocketPath)
	}
	return nil
}

// checkOwnSocket checks that path, when it exists, is a unix socket of the
// current user and not a symbolic link. It reports whether it exists.
func checkOwnSocket(path string) (exists bool, err error) {
	fi, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	switch {
	case fi.Mode()&fs.ModeSymlink != 0:
		return true, fmt.Errorf("%s is a symbolic link, not the daemon's socket: remove it", path)
	case fi.Mode().Type() != fs.ModeSocket:
		return true, fmt.Errorf("%s is not a socket: remove it", path)
	case ownerOf(fi) != os.Getuid():
		return true, fmt.Errorf("socket %s belongs to uid %d, not to you (uid %d): remove it", path, ownerOf(fi), os.Getuid())
	}
	return true, nil
}
