package recall

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
)

// Set is a tree of source files in one language that sites are drawn from.
type Set struct {
	// Name names the set in reports.
	Name string
	// Root is the tree's directory; Language the files' language id and
	// Ext their extension.
	Root, Language, Ext string
}

// CacheDir is where "make recall-corpus" unpacks the Python and
// TypeScript projects: $XDG_CACHE_HOME/lspilot/recall, or ~/.cache.
func CacheDir() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		dir = os.TempDir()
	}
	return filepath.Join(dir, "lspilot", "recall")
}

// DefaultSets returns the Go standard library of this toolchain, and the
// Python project (rich, from Debian's python3-rich) and the TypeScript one
// (rxjs' sources, from npm) when unpacked under cache. Missing projects
// are reported in missing, with the command that fetches them.
func DefaultSets(cache string) (sets []Set, missing []string) {
	sets = []Set{{Name: "go", Root: filepath.Join(runtime.GOROOT(), "src"), Language: "go", Ext: ".go"}}
	for _, s := range []Set{
		{Name: "python", Root: filepath.Join(cache, "python/usr/lib/python3/dist-packages/rich"), Language: "python", Ext: ".py"},
		{Name: "ts", Root: filepath.Join(cache, "ts/package/src"), Language: "typescript", Ext: ".ts"},
	} {
		if st, err := os.Stat(s.Root); err != nil || !st.IsDir() {
			missing = append(missing, fmt.Sprintf("%s: no %s (run make recall-corpus)", s.Name, s.Root))
			continue
		}
		sets = append(sets, s)
	}
	return sets, missing
}

// maxFileBytes bounds the files sites are drawn from and visited: larger
// ones are generated tables.
const maxFileBytes = 256 << 10

// files lists the set's source files relative to its root, in a stable
// order, without tests, test data, vendored code and declaration files.
func (s Set) files() ([]string, error) {
	var out []string
	err := filepath.WalkDir(s.Root, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && (d.Name() == "testdata" || d.Name() == "vendor" || d.Name() == "node_modules"):
			return filepath.SkipDir
		case d.IsDir() || !strings.HasSuffix(p, s.Ext) || testFile(d.Name()):
			return nil
		}
		if info, err := d.Info(); err != nil || info.Size() > maxFileBytes {
			return nil
		}
		rel, err := filepath.Rel(s.Root, p)
		out = append(out, filepath.ToSlash(rel))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", s.Root, err)
	}
	if len(out) == 0 {
		return nil, errors.New("list " + s.Root + ": no " + s.Ext + " files")
	}
	slices.Sort(out)
	return out, nil
}

func testFile(name string) bool {
	return strings.HasSuffix(name, "_test.go") || strings.HasSuffix(name, ".d.ts") ||
		strings.HasSuffix(name, ".spec.ts") || strings.HasPrefix(name, "test_")
}
