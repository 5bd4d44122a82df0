package langctx

import (
	"math"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/lspilot/lspilot/inference/complete"
)

// The names used together with those around the cursor are found in
// windows of windowLines lines of the directory's other files, one every
// windowStride lines, matched against the names of the lines around the
// cursor (togetherAbove above its line, togetherBelow below, not its own,
// which is being typed): the togetherWindows windows sharing the most with
// them name what code like the one being written uses next.
const (
	windowLines     = 20
	windowStride    = 10
	togetherAbove   = 20
	togetherBelow   = 6
	togetherWindows = 12
)

// maxWindowDirs bounds the directories whose windows are indexed.
const maxWindowDirs = 16

// maxWindowPostings bounds the windows a name may be found in for it to
// match: one that common tells little, and reading its windows would cost
// the keystroke path.
const maxWindowPostings = 256

// fileWindows is what windows of one file hold: the names it uses, and per
// window the indexes in names of those used in it.
type fileWindows struct {
	names   []string
	windows [][]int32
}

// windowsOf splits the identifiers found in text into its windows.
func windowsOf(text string, found []ident) fileWindows {
	var fw fileWindows
	local := map[string]int32{}
	line, counted := 0, 0
	for _, id := range found {
		i, ok := local[id.name]
		if !ok {
			i = int32(len(fw.names))
			local[id.name] = i
			fw.names = append(fw.names, id.name)
		}
		line += strings.Count(text[counted:id.off], "\n")
		counted = id.off
		// Windows w*windowStride .. w*windowStride+windowLines-1 hold line.
		for w := max0(line-windowLines+windowStride) / windowStride; w*windowStride <= line; w++ {
			for len(fw.windows) <= w {
				fw.windows = append(fw.windows, nil)
			}
			if ws := fw.windows[w]; len(ws) == 0 || !slices.Contains(ws, i) {
				fw.windows[w] = append(ws, i)
			}
		}
	}
	return fw
}

// windowIndex indexes the windows of a directory's files by the names used
// in them. A name found in many windows tells little and weighs less (its
// inverse document frequency).
type windowIndex struct {
	at       time.Time
	names    []string
	windows  [][]int32 // by window, the names used in it
	fileOf   []int32   // by window, its file in paths
	paths    []string
	byName   map[string]int32
	postings [][]int32 // by name, the windows using it
	weight   []float64 // by name

	mu   sync.Mutex
	memo togetherMemo // guarded by mu
	// scratch and touched are the windows' scores while a query is
	// answered, and those scored, kept between queries; guarded by mu.
	scratch []float64
	touched []int32
}

// togetherMemo is the last query answered: while a line is typed, the
// lines around it stay the same.
type togetherMemo struct {
	self, around string
	limit        int
	names        []string
}

// newWindowIndex indexes the windows of the files at paths.
func newWindowIndex(paths []string, files []fileWindows) *windowIndex {
	ids := map[string]int32{}
	x := &windowIndex{paths: paths, byName: ids}
	for f, fw := range files {
		global := make([]int32, len(fw.names))
		for i, name := range fw.names {
			g, ok := ids[name]
			if !ok {
				g = int32(len(x.names))
				ids[name] = g
				x.names = append(x.names, name)
				x.postings = append(x.postings, nil)
			}
			global[i] = g
		}
		for _, ws := range fw.windows {
			if len(ws) == 0 {
				continue
			}
			w := int32(len(x.windows))
			in := make([]int32, len(ws))
			for k, i := range ws {
				in[k] = global[i]
				x.postings[global[i]] = append(x.postings[global[i]], w)
			}
			x.windows = append(x.windows, in)
			x.fileOf = append(x.fileOf, int32(f))
		}
	}
	x.weight = make([]float64, len(x.names))
	for i, p := range x.postings {
		x.weight[i] = math.Log(float64(len(x.windows)+1) / float64(len(p)+1))
	}
	return x
}

// together returns up to limit names the windows of files other than self
// that share the most with the names of around use and around does not:
// each window scores the weight of the names it shares, and a name scores
// the scores of the togetherWindows best windows it is used in times its
// weight.
func (x *windowIndex) together(self string, around []ident, limit int) []string {
	if x == nil || len(x.windows) == 0 || limit <= 0 {
		return nil
	}
	key := aroundKey(around)
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.memo.self == self && x.memo.around == key && x.memo.limit == limit {
		return x.memo.names
	}
	query := map[int32]bool{}
	var order []int32 // the names of query, each once, in a fixed order
	for _, id := range around {
		if i, ok := x.byName[id.name]; ok && !query[i] {
			query[i] = true
			order = append(order, i)
		}
	}
	best := x.bestWindows(self, order)
	score := map[int32]float64{}
	for _, w := range best {
		for _, i := range x.windows[w.i] {
			if !query[i] {
				score[i] += w.score * x.weight[i]
			}
		}
	}
	var top []scored
	for i, s := range score {
		top = keepBest(top, scored{i: i, score: s}, limit)
	}
	var names []string
	for _, s := range top {
		names = append(names, x.names[s.i])
	}
	x.memo = togetherMemo{self: self, around: key, limit: limit, names: names}
	return names
}

// bestWindows returns the togetherWindows windows, of files other than
// self, whose names of query weigh the most.
func (x *windowIndex) bestWindows(self string, query []int32) []scored {
	if len(x.scratch) < len(x.windows) {
		x.scratch = make([]float64, len(x.windows))
	}
	got, touched := x.scratch, x.touched[:0]
	for _, i := range query {
		if p := x.postings[i]; len(p) <= maxWindowPostings && x.weight[i] > 0 {
			for _, w := range p {
				if got[w] == 0 {
					touched = append(touched, w)
				}
				got[w] += x.weight[i]
			}
		}
	}
	var best []scored
	for _, w := range touched {
		if x.paths[x.fileOf[w]] != self {
			best = keepBest(best, scored{i: w, score: got[w]}, togetherWindows)
		}
		got[w] = 0
	}
	x.touched = touched
	return best
}

// aroundKey identifies the names around the cursor, in their order.
func aroundKey(around []ident) string {
	var sb strings.Builder
	for _, id := range around {
		sb.WriteString(id.name)
		sb.WriteByte(' ')
	}
	return sb.String()
}

// namesAround returns the identifiers used in the lines around the cursor
// that the windows are matched against: not those of the cursor's line.
func namesAround(languageID, text string, cursor int) []ident {
	cursor = min(max0(cursor), len(text))
	lineStart := strings.LastIndexByte(text[:cursor], '\n') + 1
	lineEnd := lineEndBelow(text, cursor, 0)
	above := scanIdents(languageID, text, lineStartAbove(text, cursor, togetherAbove), lineStart, -1)
	below := scanIdents(languageID, text, min(lineEnd+1, len(text)), lineEndBelow(text, cursor, togetherBelow), -1)
	return append(above, below...)
}

// windowsKey is the key of a directory's windows for a language.
func windowsKey(languageID, dir string) string { return languageID + "\x00" + dir }

// indexWindows indexes the windows of files, a directory's as dirFiles
// found them, under key, unless done within dirTTL of now.
func (m *Manager) indexWindows(key string, files []dirFile, now time.Time) {
	if x, ok := m.windows.Get(key); ok && now.Sub(x.at) < dirTTL {
		return
	}
	paths := make([]string, len(files))
	windows := make([]fileWindows, len(files))
	for i, f := range files {
		paths[i], windows[i] = f.path, f.uses.windows
	}
	x := newWindowIndex(paths, windows)
	x.at = now
	m.windows.Add(key, x)
}

// usedTogether returns up to limit names the other files of the
// document's directory use together with the names around the cursor
// (see together), each at a use in one of them.
func (m *Manager) usedTogether(req complete.Request, dir dirEntry, limit int) []ident {
	path := uriPath(req.URI)
	x, _ := m.windows.Peek(windowsKey(req.Language, filepath.Dir(path)))
	names := x.together(path, namesAround(req.Language, req.Text, req.Cursor), limit)
	out := make([]ident, 0, len(names))
	for _, name := range names {
		if id, ok := dir.uses[name]; ok {
			out = append(out, id)
		}
	}
	return out
}
