package langctx

import (
	"os"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
)

// goModule is the Go module around a directory: where its go.mod is, the
// module's path and the modules it requires, as last read.
type goModule struct {
	dir, path string
	requires  []module.Version
}

// goModTTL is how long the go.mod found for a directory serves before it
// is looked for and read again.
const goModTTL = 30 * time.Second

type goModAt struct {
	mod goModule
	ok  bool
	at  time.Time
}

// goPackageDir returns the directory of the Go package at importPath as
// the code of directory from imports it: inside from's module (or its
// vendor directory), in the standard library under GOROOT, else in the
// module cache at the version from's go.mod requires. False when none of
// these holds it.
func (m *Manager) goPackageDir(from, importPath string) (string, bool) {
	if importPath == "" || strings.HasPrefix(importPath, ".") || filepath.IsAbs(importPath) {
		return "", false
	}
	mod, hasMod := m.goModuleOf(from)
	var dirs []string
	if hasMod {
		if rest, ok := strings.CutPrefix(importPath, mod.path); ok && (rest == "" || rest[0] == '/') {
			dirs = append(dirs, filepath.Join(mod.dir, filepath.FromSlash(rest)))
		}
		dirs = append(dirs, filepath.Join(mod.dir, "vendor", filepath.FromSlash(importPath)))
	}
	m.scope.goOnce.Do(m.scope.goEnv)
	if goRoot := m.scope.goRoot; goRoot != "" {
		dirs = append(dirs, filepath.Join(goRoot, "src", filepath.FromSlash(importPath)),
			filepath.Join(goRoot, "src", "vendor", filepath.FromSlash(importPath)))
	}
	if hasMod && m.scope.goMod != "" {
		if d, ok := inModuleCache(m.scope.goMod, mod.requires, importPath); ok {
			dirs = append(dirs, d)
		}
	}
	for _, d := range dirs {
		if fi, err := os.Stat(d); err == nil && fi.IsDir() {
			return d, true
		}
	}
	return "", false
}

// inModuleCache returns where the module cache holds importPath: in the
// required module whose path is the longest prefix of it.
func inModuleCache(cache string, requires []module.Version, importPath string) (string, bool) {
	best := -1
	for i, r := range requires {
		rest, ok := strings.CutPrefix(importPath, r.Path)
		if ok && (rest == "" || rest[0] == '/') && (best < 0 || len(r.Path) > len(requires[best].Path)) {
			best = i
		}
	}
	if best < 0 {
		return "", false
	}
	r := requires[best]
	escaped, err := module.EscapePath(r.Path)
	if err != nil {
		return "", false
	}
	version, err := module.EscapeVersion(r.Version)
	if err != nil {
		return "", false
	}
	rest := strings.TrimPrefix(importPath, r.Path)
	return filepath.Join(cache, filepath.FromSlash(escaped)+"@"+version, filepath.FromSlash(rest)), true
}

// goModuleOf returns the module of directory dir: the go.mod in it or in
// the nearest directory above it, looked for again after goModTTL.
func (m *Manager) goModuleOf(dir string) (goModule, bool) {
	now := m.cfg.Now()
	if e, ok := m.goMods.Get(dir); ok && now.Sub(e.at) < goModTTL && !now.Before(e.at) {
		return e.mod, e.ok
	}
	mod, ok := findGoModule(dir)
	m.goMods.Add(dir, goModAt{mod: mod, ok: ok, at: now})
	return mod, ok
}

// maxGoModBytes bounds a go.mod read.
const maxGoModBytes = 1 << 20

// findGoModule reads the go.mod of dir or of the nearest directory above
// it that has one.
func findGoModule(dir string) (goModule, bool) {
	for d := filepath.Clean(dir); ; {
		p := filepath.Join(d, "go.mod")
		if st, ok := diskStamp(p); ok && st.size <= maxGoModBytes {
			data, err := os.ReadFile(p)
			if err != nil {
				return goModule{}, false
			}
			f, err := modfile.ParseLax(p, data, nil)
			if err != nil || f.Module == nil {
				return goModule{}, false
			}
			mod := goModule{dir: d, path: f.Module.Mod.Path}
			for _, r := range f.Require {
				mod.requires = append(mod.requires, r.Mod)
			}
			return mod, true
		}
		up := filepath.Dir(d)
		if up == d {
			return goModule{}, false
		}
		d = up
	}
}
