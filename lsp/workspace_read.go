package lsp

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// ErrNotRegular reports a file a proposal names that is not a regular file:
// a directory, a named pipe, a socket or a device. Such files are never
// read or edited.
var ErrNotRegular = errors.New("not a regular file")

// ErrFileTooLarge reports a file larger than codeActions.maxFileBytes.
var ErrFileTooLarge = errors.New("larger than codeActions.maxFileBytes")

// readWorkspaceFile returns the text of the file at loc. It reads only a
// regular file of at most limit bytes: it checks the file before opening
// it, opens it without blocking (a named pipe put in its place cannot hang
// the read) and beneath its root (a link swapped in cannot lead out), and
// checks the opened file again. A file that does not exist returns an error
// that satisfies errors.Is(err, fs.ErrNotExist). Every read of a workspace
// file on the edit path goes through it.
func readWorkspaceFile(loc location, limit int) (string, error) {
	root, err := os.OpenRoot(loc.root)
	if err != nil {
		return "", fmt.Errorf("open workspace root: %w", err)
	}
	defer root.Close()
	name := filepath.FromSlash(loc.rel)
	info, err := root.Lstat(name)
	if err != nil {
		return "", err
	}
	if err := readable(info, limit); err != nil {
		return "", err
	}
	f, err := root.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return "", err
	}
	defer f.Close()
	if info, err = f.Stat(); err != nil {
		return "", err
	}
	if err := readable(info, limit); err != nil {
		return "", err
	}
	data, err := io.ReadAll(io.LimitReader(f, int64(limit)+1))
	if err != nil {
		return "", err
	}
	if len(data) > limit {
		return "", fmt.Errorf("more than %d bytes: %w", limit, ErrFileTooLarge)
	}
	return string(data), nil
}

// readable refuses a file that is not regular or is larger than limit.
func readable(info fs.FileInfo, limit int) error {
	if !info.Mode().IsRegular() {
		return fmt.Errorf("%s: %w", fileKind(info.Mode()), ErrNotRegular)
	}
	if info.Size() > int64(limit) {
		return fmt.Errorf("%d bytes: %w (%d)", info.Size(), ErrFileTooLarge, limit)
	}
	return nil
}

// fileKind names the type of a file that is not regular, for messages.
func fileKind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	}
	return "a special file"
}
