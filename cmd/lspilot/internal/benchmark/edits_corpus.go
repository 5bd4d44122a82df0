package benchmark

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// maxEditFileLines bounds the files edit traces are drawn from.
const maxEditFileLines = 1500

// editCorpus synthesizes per edit traces for each of n editors from the Go
// standard library: the kinds in turn, each from a file drawn at random
// that offers one. The same seed gives the same traces.
func editCorpus(n, per int, seed uint64) ([][]*editTrace, error) {
	files, err := listFiles(source{filepath.Join(runtime.GOROOT(), "src"), ".go", "go"})
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("edit corpus: no Go files found (is Go installed at %s?): %v", runtime.GOROOT(), err)
	}
	r := rand.New(rand.NewPCG(seed, seed^0x2545f491))
	out := make([][]*editTrace, n)
	for ed := range out {
		for t := range per {
			kind := editKinds[(ed+t)%len(editKinds)]
			tr, err := drawEdit(r, files, kind, fmt.Sprintf("editor%03d-t%02d", ed, t))
			if err != nil {
				return nil, err
			}
			out[ed] = append(out[ed], tr)
		}
	}
	return out, nil
}

// drawEdit draws files until one offers an edit trace of kind, named dir
// and the file's name.
func drawEdit(r *rand.Rand, files []fileRef, kind, dir string) (*editTrace, error) {
	for range 500 {
		f := files[r.IntN(len(files))]
		src, err := os.ReadFile(f.path)
		if err != nil || !usable(src) || strings.Count(string(src), "\n") > maxEditFileLines {
			continue
		}
		path := dir + "/" + filepath.Base(f.path)
		if tr := synthesizeEdit(path, kind, string(src), r.Uint64()); tr != nil {
			return tr, nil
		}
	}
	return nil, fmt.Errorf("edit corpus: no file offers a %s edit", kind)
}
