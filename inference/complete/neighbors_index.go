package complete

import (
	"strings"
	"sync"
)

// neighborSet is what a Neighbors source holds of one session.
type neighborSet struct {
	used uint64 // guarded by Neighbors.mu

	mu     sync.Mutex
	files  map[string]*neighborFile // guarded by mu; by URI
	tick   uint64                   // guarded by mu; counts observations
	bytes  int                      // guarded by mu; the files' sizes
	counts []int32                  // guarded by mu; scratch of matches
}

func (s *neighborSet) dropOldest() {
	var (
		oldest string
		at     uint64
		found  bool
	)
	for uri, f := range s.files {
		if !found || f.seen < at {
			oldest, at, found = uri, f.seen, true
		}
	}
	s.bytes -= s.files[oldest].size()
	delete(s.files, oldest)
}

// neighborFile is one document of a session and its index.
type neighborFile struct {
	uri, path, language string
	seen                uint64    // the set's tick when last observed
	idx                 fileIndex // of the text last indexed
	pending             string    // a newer text to index; "" when none
}

// size is the text f keeps.
func (f *neighborFile) size() int { return len(f.idx.text) + len(f.pending) }

// fileIndex maps the identifiers of a text to the windows holding them.
type fileIndex struct {
	text     string
	windows  []window
	postings map[uint32][]int32 // identifier hash to window numbers, ascending
}

// window is a run of whole lines of a text, as byte offsets, the number of
// distinct identifiers it holds and those it declares.
type window struct {
	start, end int
	idents     int
	declares   identSet
}

// match is a window like the cursor's surroundings.
type match struct {
	file   *neighborFile
	window int
	score  float64
}

// index cuts text into windows of lines lines, one starting every half
// window, and indexes their identifiers.
func index(text string, lines int) fileIndex {
	starts := lineStarts(text)
	stride := max(lines/2, 1)
	idx := fileIndex{text: text, postings: map[uint32][]int32{}}
	var buf []uint32
	for first := 0; first < len(starts); first += stride {
		last := min(first+lines, len(starts))
		end := len(text)
		if last < len(starts) {
			end = starts[last]
		}
		w := window{start: starts[first], end: end}
		buf = toSet(appendIdents(buf[:0], text[w.start:w.end]))
		w.idents = len(buf)
		if d := toSet(appendDeclared(nil, text[w.start:w.end])); len(d) > 0 {
			w.declares = d
		}
		n := int32(len(idx.windows))
		for _, h := range buf {
			idx.postings[h] = append(idx.postings[h], n)
		}
		idx.windows = append(idx.windows, w)
		if last == len(starts) {
			break
		}
	}
	return idx
}

// lineStarts returns the offsets where the lines of text start.
func lineStarts(text string) []int {
	out := []int{0}
	for i := 0; i < len(text); {
		j := strings.IndexByte(text[i:], '\n')
		if j < 0 || i+j+1 == len(text) {
			break
		}
		i += j + 1
		out = append(out, i)
	}
	return out
}

// matches appends to found the windows that declare identifiers of query
// or share at least minShared identifiers with it. A window scores the
// number of query identifiers it declares plus its Jaccard similarity with
// query: declarations first, the most similar first among equals. counts
// is scratch space, one counter per window.
func (x *fileIndex) matches(found []match, f *neighborFile, query identSet, minShared int, counts *[]int32) []match {
	c := *counts
	if cap(c) < len(x.windows) {
		c = make([]int32, len(x.windows))
	}
	c = c[:len(x.windows)]
	clear(c)
	for _, h := range query {
		for _, w := range x.postings[h] {
			c[w]++
		}
	}
	for w, n := range c {
		if n == 0 {
			continue
		}
		decl := 0
		if ds := x.windows[w].declares; ds != nil {
			decl = shared(query, ds)
		}
		if decl > 0 || int(n) >= minShared {
			score := float64(decl) + jaccard(int(n), len(query), x.windows[w].idents)
			found = append(found, match{file: f, window: w, score: score})
		}
	}
	*counts = c
	return found
}

// aroundLine returns up to before lines before the cursor's line and up to
// after lines after it, without the line itself.
func aroundLine(text string, cursor, before, after int) (string, string) {
	ls := strings.LastIndexByte(text[:cursor], '\n') + 1
	start := ls
	for k := 0; k < before && start > 0; k++ {
		start = strings.LastIndexByte(text[:start-1], '\n') + 1
	}
	le := len(text)
	if i := strings.IndexByte(text[cursor:], '\n'); i >= 0 {
		le = cursor + i + 1
	}
	end := le
	for k := 0; k < after && end < len(text); k++ {
		if i := strings.IndexByte(text[end:], '\n'); i >= 0 {
			end += i + 1
		} else {
			end = len(text)
		}
	}
	return text[start:ls], text[le:end]
}
