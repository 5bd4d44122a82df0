package benchmark

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"github.com/lspilot/lspilot/lsp/edittrace"
)

// source is a tree of files in one language that the corpus draws from.
type source struct {
	root     string
	ext      string
	language string
}

// sources lists what a Debian machine with Go, Python and Neovim holds.
func sources() []source {
	out := []source{{filepath.Join(runtime.GOROOT(), "src"), ".go", "go"}}
	if py, _ := filepath.Glob("/usr/lib/python3*"); len(py) > 0 {
		out = append(out, source{py[0], ".py", "python"})
	}
	return append(out, source{"/usr/include", ".h", "c"}, source{"/usr/share/nvim/runtime/lua", ".lua", "lua"})
}

// Corpus synthesizes n editing traces, one per editor, from files of the
// sources present on this machine: each editor types about lines lines of a
// file after keeping the ones before. The same seed gives the same traces.
func Corpus(n, lines int, seed uint64) ([]*edittrace.Trace, error) {
	var files []fileRef
	for _, s := range sources() {
		fs, err := listFiles(s)
		if err != nil {
			continue // a source this machine lacks
		}
		files = append(files, fs...)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("corpus: no source files found (is Go installed at %s?)", runtime.GOROOT())
	}
	r := rand.New(rand.NewPCG(seed, seed^0x5bd1e995))
	traces := make([]*edittrace.Trace, 0, n)
	for i := 0; len(traces) < n; i++ {
		if i > 50*n {
			return nil, fmt.Errorf("corpus: found only %d usable files of %d needed", len(traces), n)
		}
		f := files[r.IntN(len(files))]
		src, err := os.ReadFile(f.path)
		if err != nil || !usable(src) {
			continue
		}
		all := strings.SplitAfter(string(src), "\n")
		if len(all) < 2*lines {
			continue
		}
		start := r.IntN(len(all) - 2*lines + 1)
		window := strings.Join(all[start:start+2*lines], "")
		path := fmt.Sprintf("editor%03d/%s", len(traces), filepath.Base(f.path))
		traces = append(traces, edittrace.Synthesize(path, f.language, window, lines, seed+uint64(i)))
	}
	return traces, nil
}

// fileRef is one candidate file.
type fileRef struct{ path, language string }

// listFiles returns the files of s in a stable order, skipping test data.
func listFiles(s source) ([]fileRef, error) {
	var out []fileRef
	err := filepath.WalkDir(s.root, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && (d.Name() == "testdata" || d.Name() == "vendor"):
			return filepath.SkipDir
		case !d.IsDir() && strings.HasSuffix(p, s.ext) && !strings.HasSuffix(p, "_test.go"):
			out = append(out, fileRef{p, s.language})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b fileRef) int { return strings.Compare(a.path, b.path) })
	return out, nil
}

// usable rejects generated, binary and minified files.
func usable(src []byte) bool {
	if len(src) > 512<<10 || slices.Contains(src, 0) {
		return false
	}
	for _, line := range strings.Split(string(src), "\n") {
		if len(line) > 400 {
			return false
		}
	}
	return !strings.Contains(string(src[:min(len(src), 2048)]), "Code generated")
}
