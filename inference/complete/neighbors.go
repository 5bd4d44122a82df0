package complete

import (
	"cmp"
	"slices"
	"sync"

	"github.com/lspilot/lspilot/inference/privacy"
	"github.com/lspilot/lspilot/inference/prompt"
)

// Neighbors is a Source for languages without a language server: windows of
// the documents a session opened or changed (its neighbouring tabs, kept
// after they close) that declare identifiers used around the cursor (the
// name after func, def, class, function, type and the like), then those
// whose identifiers are most like the cursor's surroundings, by Jaccard
// similarity.
//
// Documents are cut into windows of WindowLines lines, one starting every
// half window, and indexed (identifier to windows) when first observed. A
// document changed afterwards is indexed again at the first Snippets call
// for another document: typing costs one string copy per keystroke, and
// the document being typed is never a candidate for its own prompt. Snippets
// looks only at the lines around the cursor's line, not at the line itself,
// so its answer stays the same while the line is typed. It is safe for
// concurrent use; sessions never see each other's documents.
type Neighbors struct {
	cfg NeighborsConfig

	mu       sync.Mutex
	sessions map[string]*neighborSet // guarded by mu
	tick     uint64                  // guarded by mu
}

// NeighborsConfig bounds a Neighbors source. Zero fields take defaults.
type NeighborsConfig struct {
	// Files bounds the documents kept per session, and SessionBytes their
	// text; the least recently observed goes first (defaults 20 and 4 MiB).
	Files, SessionBytes int
	// WindowLines is the size of a window and of the text before the
	// cursor's line compared with it; half as many lines after the cursor's
	// line are compared too (default 20).
	WindowLines int
	// Snippets bounds the windows returned (default 3) and Bytes their
	// total size (default 2048, about half the default extra-context
	// budget, so that the ring keeps room).
	Snippets, Bytes int
	// MinShared is the fewest identifiers a window must share with the
	// cursor's surroundings (default 3).
	MinShared int
	// MaxFileBytes: larger documents are not indexed (default 512 KiB).
	MaxFileBytes int
	// Private says which files are never indexed; nil holds the built-in
	// patterns only.
	Private *privacy.Matcher
}

func (c NeighborsConfig) withDefaults() NeighborsConfig {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&c.Files, 20)
	def(&c.SessionBytes, 4<<20)
	def(&c.WindowLines, 20)
	def(&c.Snippets, 3)
	def(&c.Bytes, 2048)
	def(&c.MinShared, 3)
	def(&c.MaxFileBytes, 512<<10)
	if c.Private == nil {
		c.Private, _ = privacy.New(nil) // the built-in patterns compile
	}
	return c
}

// NewNeighbors returns an empty Neighbors source.
func NewNeighbors(cfg NeighborsConfig) *Neighbors {
	return &Neighbors{cfg: cfg.withDefaults(), sessions: map[string]*neighborSet{}}
}

var (
	_ Source           = (*Neighbors)(nil)
	_ DocumentObserver = (*Neighbors)(nil)
)

// Observe records a session's document as it is now. A document not seen
// before is indexed at once; a known one is kept for indexing later.
func (n *Neighbors) Observe(doc Document) {
	if doc.Text == "" || len(doc.Text) > n.cfg.MaxFileBytes || n.cfg.Private.Excluded(doc.Path) {
		return
	}
	set := n.session(doc.Session, true)
	set.mu.Lock()
	defer set.mu.Unlock()
	set.tick++
	f, ok := set.files[doc.URI]
	switch {
	case !ok:
		f = &neighborFile{uri: doc.URI, idx: index(doc.Text, n.cfg.WindowLines)}
		set.files[doc.URI] = f
		set.bytes += f.size()
	case doc.Text == f.idx.text:
		set.bytes -= len(f.pending)
		f.pending = ""
	default:
		set.bytes += len(doc.Text) - len(f.pending)
		f.pending = doc.Text
	}
	f.path, f.language, f.seen = doc.Path, doc.Language, set.tick
	for len(set.files) > 1 && (len(set.files) > n.cfg.Files || set.bytes > n.cfg.SessionBytes) {
		set.dropOldest()
	}
}

// Snippets implements Source: the windows most like the cursor's
// surroundings, the most similar last (nearest the cursor in the prompt,
// and the last to be dropped when the budget is tight).
func (n *Neighbors) Snippets(req Request) []prompt.File {
	set := n.session(req.Session, false)
	if set == nil || req.Cursor < 0 || req.Cursor > len(req.Text) {
		return nil
	}
	before, after := aroundLine(req.Text, req.Cursor, n.cfg.WindowLines, n.cfg.WindowLines/2)
	query := toSet(appendIdents(appendIdents(nil, before), after))
	if len(query) == 0 {
		return nil
	}
	set.mu.Lock()
	defer set.mu.Unlock()
	var found []match
	for uri, f := range set.files {
		if uri == req.URI || !sameLanguage(f.language, req.Language) {
			continue
		}
		if f.pending != "" {
			set.bytes -= f.size()
			f.idx, f.pending = index(f.pending, n.cfg.WindowLines), ""
			set.bytes += f.size()
		}
		found = f.idx.matches(found, f, query, n.cfg.MinShared, &set.counts)
	}
	return n.pick(found)
}

// pick takes the best matches that fit, no two overlapping, and returns
// them the best last.
func (n *Neighbors) pick(found []match) []prompt.File {
	var taken []match
	size := 0
	for _, m := range best(found, pickFrom*n.cfg.Snippets) {
		if len(taken) == n.cfg.Snippets {
			break
		}
		w := m.file.idx.windows[m.window]
		if size+w.end-w.start > n.cfg.Bytes || overlaps(taken, m) {
			continue
		}
		size += w.end - w.start
		taken = append(taken, m)
	}
	out := make([]prompt.File, len(taken))
	for i, m := range taken {
		w := m.file.idx.windows[m.window]
		out[len(taken)-1-i] = prompt.File{Path: m.file.path, Text: m.file.idx.text[w.start:w.end]}
	}
	return out
}

// pickFrom is how many candidates per snippet wanted pick considers: enough
// for those that overlap or do not fit.
const pickFrom = 8

// best returns the k best matches, best first, in a stable order: by score,
// then path, URI and window. It keeps only k sorted, so that many weak
// matches cost little.
func best(found []match, k int) []match {
	top := make([]match, 0, k+1)
	for _, m := range found {
		i, _ := slices.BinarySearchFunc(top, m, better)
		if i == k {
			continue
		}
		top = slices.Insert(top, i, m)
		if len(top) > k {
			top = top[:k]
		}
	}
	return top
}

// better orders matches, the best first.
func better(a, b match) int {
	return cmp.Or(cmp.Compare(b.score, a.score), cmp.Compare(a.file.path, b.file.path),
		cmp.Compare(a.file.uri, b.file.uri), cmp.Compare(a.window, b.window))
}

// overlaps reports whether m shares lines with a match taken: windows
// start every half window, so neighbours overlap.
func overlaps(taken []match, m match) bool {
	for _, t := range taken {
		if t.file == m.file && t.window-m.window < 2 && m.window-t.window < 2 {
			return true
		}
	}
	return false
}

// session returns the documents of a session, creating them when create
// is set.
func (n *Neighbors) session(id string, create bool) *neighborSet {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.tick++
	s, ok := n.sessions[id]
	if !ok {
		if !create {
			return nil
		}
		if len(n.sessions) >= maxNeighborSessions {
			n.dropOldest()
		}
		s = &neighborSet{files: map[string]*neighborFile{}}
		n.sessions[id] = s
	}
	s.used = n.tick
	return s
}

func (n *Neighbors) dropOldest() {
	delete(n.sessions, leastRecent(n.sessions, func(s *neighborSet) uint64 { return s.used }))
}

// maxNeighborSessions bounds the sessions whose documents are kept; the
// least recently active session's go first.
const maxNeighborSessions = 64

func sameLanguage(a, b string) bool {
	return a == "" || b == "" || a == b
}
