package langctx

import (
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// scope decides which definitions may be read, and how their paths read in
// a prompt. Inside the root: all, named relative to it. Outside: only the
// language's own library, named from the library's root, so that a prompt
// never carries the user's home directory:
//   - Go: GOROOT ("GOROOT/src/fmt/print.go") and the module cache
//     ("GOMODCACHE/golang.org/x/...");
//   - Python: the typeshed stubs pyright ships, and a Python installation's
//     library (".../lib/python3.x/...");
//   - TypeScript and JavaScript: TypeScript's own lib files and @types
//     packages;
//   - Rust: the toolchain's library sources; C and C++: /usr/include.
//
// Anything else outside the root (a sibling checkout, a file in the home
// directory) is never read, and neither are the declarations of the
// languages' predeclared names (Go's builtin package, Python's builtins
// stubs, TypeScript's core lib files): models know them, and the type of
// every number would fill the budget.
type scope struct {
	root string

	goOnce sync.Once
	goRoot string // guarded by goOnce
	goMod  string // guarded by goOnce
}

// libraryMarkers are the path segments that begin a library outside the
// root, for the languages whose library has no variable to ask.
var libraryMarkers = []string{
	"/typeshed-fallback/", "/node_modules/typescript/lib/", "/node_modules/@types/",
	"/rustlib/src/", "/usr/include/",
}

// display returns how path reads in a prompt, and false when it may not
// be read.
func (s *scope) display(path string) (string, bool) {
	path = filepath.Clean(path)
	if predeclared(path) {
		return "", false
	}
	if rel, ok := under(s.root, path); ok {
		return rel, true
	}
	if strings.HasSuffix(path, ".go") {
		s.goOnce.Do(s.goEnv)
		for _, lib := range []struct{ dir, name string }{{s.goRoot, "GOROOT"}, {s.goMod, "GOMODCACHE"}} {
			if rel, ok := under(lib.dir, path); ok && lib.dir != "" {
				return lib.name + "/" + rel, true
			}
		}
		return "", false
	}
	for _, m := range libraryMarkers {
		if i := strings.Index(path, m); i >= 0 {
			return strings.TrimPrefix(path[i:], "/"), true
		}
	}
	if i := strings.Index(path, "/lib/python3"); i >= 0 && !strings.Contains(path, "/site-packages/") {
		return strings.TrimPrefix(path[i:], "/"), true
	}
	return "", false
}

// predeclared reports the files that declare a language's predeclared
// names.
func predeclared(path string) bool {
	slash := filepath.ToSlash(path)
	return strings.HasSuffix(slash, "/src/builtin/builtin.go") ||
		strings.HasSuffix(slash, "/stdlib/builtins.pyi") ||
		strings.Contains(slash, "/typescript/lib/lib.") && strings.HasSuffix(slash, ".d.ts")
}

// goEnv asks the go command for GOROOT and GOMODCACHE, once.
func (s *scope) goEnv() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", "env", "GOROOT", "GOMODCACHE")
	cmd.Dir = s.root
	out, err := cmd.Output()
	if err != nil {
		return
	}
	f := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(f) == 2 {
		s.goRoot, s.goMod = filepath.Clean(f[0]), filepath.Clean(f[1])
	}
}

// under returns path relative to dir when it lies inside it.
func under(dir, path string) (string, bool) {
	if dir == "" {
		return "", false
	}
	rel, err := filepath.Rel(dir, path)
	if err != nil || rel == ".." || strings.HasPrefix(rel, "../") || filepath.IsAbs(rel) {
		return "", false
	}
	return filepath.ToSlash(rel), true
}
