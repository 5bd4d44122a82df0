package lsp

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/lspilot/lspilot/diffing"
)

// ErrOutsideWorkspace reports a proposal that names a file outside the
// workspace roots, directly, through "..", or through a symbolic link
// (dangling ones included); such edits are never offered.
var ErrOutsideWorkspace = errors.New("outside the workspace")

// location is where a file a proposal names lies.
type location struct {
	// abs is the path as named, made absolute: what the edit's URI says.
	abs string
	// real is where abs leads once every symbolic link along it is
	// followed, dangling links included.
	real string
	// root is the resolved workspace root that holds real.
	root string
	// rel is real relative to root, slash-separated; named is abs
	// relative to its root as named. Both are checked against the
	// protected paths.
	rel, named string
}

// locate resolves a file name from a proposal, relative to the root that
// holds docPath, and refuses it unless both the name and where it leads
// stay inside one workspace root. It is the one check every edit path
// makes: files read for the model, files edited and files created.
func (s *server) locate(docPath, name string) (location, error) {
	clean, err := diffing.CleanPath(name)
	if err != nil {
		return location{}, fmt.Errorf("%s: %w", name, err)
	}
	s.mu.Lock()
	roots := append([]string(nil), s.roots...)
	s.mu.Unlock()
	if len(roots) == 0 {
		return location{}, fmt.Errorf("%s: no workspace root to edit other files in: %w", name, ErrOutsideWorkspace)
	}
	abs := filepath.FromSlash(clean)
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(rootOf(roots, docPath), abs)
	}
	return locateIn(roots, abs, name)
}

// locateIn checks abs against roots; name is what the proposal said, for
// errors.
func locateIn(roots []string, abs, name string) (location, error) {
	real, err := resolvePath(abs)
	if err != nil {
		return location{}, fmt.Errorf("%s: %w", name, err)
	}
	for _, root := range roots {
		if !within(root, abs) {
			continue
		}
		realRoot, err := resolvePath(root)
		if err != nil || !within(realRoot, real) {
			continue
		}
		rel, _ := filepath.Rel(realRoot, real)
		named, _ := filepath.Rel(root, abs)
		return location{abs: abs, real: real, root: realRoot, rel: filepath.ToSlash(rel), named: filepath.ToSlash(named)}, nil
	}
	return location{}, fmt.Errorf("%s: %w", name, ErrOutsideWorkspace)
}

// rootOf returns the root holding path, or the first root.
func rootOf(roots []string, path string) string {
	for _, r := range roots {
		if within(r, path) {
			return r
		}
	}
	return roots[0]
}

// within reports whether path is root or below it; both are clean.
func within(root, path string) bool {
	rel, err := filepath.Rel(root, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// maxLinks bounds the symbolic links followed while resolving one path.
const maxLinks = 255

// errLinkLoop reports a path with too many symbolic links along it.
var errLinkLoop = errors.New("too many symbolic links")

// resolvePath returns where the absolute path leads once every symbolic
// link along it is followed, as the editor's write would follow them. Unlike
// filepath.EvalSymlinks it also follows a link whose target does not exist
// yet, since creating a file through it would create the target; the
// components after the first one that does not exist are kept as they are.
func resolvePath(path string) (string, error) {
	vol := filepath.VolumeName(path)
	done := vol + string(filepath.Separator)
	rest := splitPath(path[len(vol):])
	for links := 0; len(rest) > 0; {
		c := rest[0]
		rest = rest[1:]
		switch c {
		case "", ".":
			continue
		case "..":
			done = filepath.Dir(done)
			continue
		}
		next := filepath.Join(done, c)
		info, err := os.Lstat(next)
		if err != nil || info.Mode()&fs.ModeSymlink == 0 {
			done = next // a directory, a file, or nothing (yet)
			continue
		}
		if links++; links > maxLinks {
			return "", fmt.Errorf("resolve %s: %w", path, errLinkLoop)
		}
		target, err := os.Readlink(next)
		if err != nil {
			return "", fmt.Errorf("resolve %s: %w", path, err)
		}
		if filepath.IsAbs(target) {
			vol = filepath.VolumeName(target)
			done, target = vol+string(filepath.Separator), target[len(vol):]
		}
		rest = append(splitPath(target), rest...)
	}
	return filepath.Clean(done), nil
}

// splitPath splits a path into its components.
func splitPath(p string) []string {
	return strings.FieldsFunc(p, func(r rune) bool { return r == filepath.Separator || r == '/' })
}
