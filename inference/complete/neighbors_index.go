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
	oldest := leastRecent(s.files, func(f *neighborFile) uint64 { return f.seen })
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

// fileIndex maps the identifiers of a text to the windows holding them and
// to those declaring them.
type fileIndex struct {
	text     string
	windows  []window
	postings map[uint32]postings // by identifier hash
}

// postings are the numbers of the windows that use and that declare an
// identifier, ascending.
type postings struct{ uses, decls []int32 }

// window is a run of whole lines of a text, as byte offsets, and the
// number of distinct identifiers it holds.
type window struct {
	start, end int
	idents     int
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
	idx := fileIndex{text: text, postings: map[uint32]postings{}}
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
		n := int32(len(idx.windows))
		for _, h := range buf {
			p := idx.postings[h]
			p.uses = append(p.uses, n)
			idx.postings[h] = p
		}
		for _, h := range toSet(appendDeclared(buf[:0], text[w.start:w.end])) {
			p := idx.postings[h] // a window uses what it declares
			p.decls = append(p.decls, n)
			idx.postings[h] = p
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
	n := len(x.windows)
	c := *counts
	if cap(c) < 2*n {
		c = make([]int32, 2*n)
	}
	c = c[:2*n]
	clear(c)
	uses, decls := c[:n], c[n:]
	for _, h := range query {
		p := x.postings[h]
		for _, w := range p.uses {
			uses[w]++
		}
		for _, w := range p.decls {
			decls[w]++
		}
	}
	for w, u := range uses {
		if decls[w] > 0 || int(u) >= minShared {
			score := float64(decls[w]) + jaccard(int(u), len(query), x.windows[w].idents)
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
