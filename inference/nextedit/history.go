package nextedit

import (
	"cmp"
	"slices"
	"strings"
	"sync"
)

// Change is one recorded edit of a document: a burst of typing in one
// place, closed when the user starts changing another place.
type Change struct {
	// Path names the document (relative to the workspace when it is in one).
	Path string
	// Diff is the change as unified-diff hunks, without file headers.
	Diff string
	// Old and New are the changed lines with their context, before and
	// after the change (the original/updated blocks some formats use).
	Old, New string

	seq int64 // when it was last changed, in the session's order
}

// size is what a change costs against the history's byte bound.
func (c Change) size() int { return len(c.Path) + len(c.Diff) + len(c.Old) + len(c.New) }

// HistoryConfig bounds a session's history. Zero values take the defaults.
type HistoryConfig struct {
	// MaxChanges bounds the recorded changes of a session. Default 10.
	MaxChanges int
	// MaxBytes bounds their total size. Default 16 KiB.
	MaxBytes int
}

// History defaults.
const (
	DefaultMaxChanges      = 10
	DefaultMaxHistoryBytes = 16 << 10
	// nearLines is how far, in lines, a change may lie from the one being
	// typed and still belong to it.
	nearLines = 2
	// diffContext is the unchanged lines around each hunk of a change.
	diffContext = 1
)

func (c HistoryConfig) withDefaults() HistoryConfig {
	if c.MaxChanges <= 0 {
		c.MaxChanges = DefaultMaxChanges
	}
	if c.MaxBytes <= 0 {
		c.MaxBytes = DefaultMaxHistoryBytes
	}
	return c
}

// History records the recent edits of each session's documents, from the
// full texts the editor's changes produce. It is safe for concurrent use.
type History struct {
	cfg HistoryConfig

	mu       sync.Mutex
	sessions map[string]*sessionHistory // guarded by mu
}

// sessionHistory is one session's closed changes, oldest first, and its
// documents.
type sessionHistory struct {
	changes []Change
	bytes   int
	docs    map[string]*docHistory // by URI
	seq     int64                  // counts the session's changes
}

// docHistory is a document as last seen, and the change being typed: base
// is the text before it, line where it was last made.
type docHistory struct {
	path, base, cur string
	line            int
	pending         bool
	seq             int64 // when the pending change was last changed
}

// NewHistory returns an empty history.
func NewHistory(cfg HistoryConfig) *History {
	return &History{cfg: cfg.withDefaults(), sessions: make(map[string]*sessionHistory)}
}

// Observe records that a session's document now holds text. A change far
// from the one being typed closes that one into the history.
func (h *History) Observe(session, uri, path, text string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	s := h.sessions[session]
	if s == nil {
		s = &sessionHistory{docs: make(map[string]*docHistory)}
		h.sessions[session] = s
	}
	d := s.docs[uri]
	if d == nil {
		s.docs[uri] = &docHistory{path: path, base: text, cur: text}
		return
	}
	if text == d.cur {
		return
	}
	line := strings.Count(text[:commonPrefix(d.cur, text)], "\n")
	if d.pending && (line < d.line-nearLines || line > d.line+nearLines) {
		h.close(s, d)
	}
	s.seq++
	d.path, d.cur, d.line, d.pending, d.seq = path, text, line, true, s.seq
}

// close records d's pending change in s and starts a new one.
func (h *History) close(s *sessionHistory, d *docHistory) {
	if c, ok := changeOf(d.path, d.base, d.cur); ok && c.size() <= h.cfg.MaxBytes {
		c.seq = d.seq
		s.changes = append(s.changes, c)
		s.bytes += c.size()
		for len(s.changes) > h.cfg.MaxChanges || s.bytes > h.cfg.MaxBytes {
			s.bytes -= s.changes[0].size()
			s.changes = s.changes[1:]
		}
	}
	d.base, d.pending = d.cur, false
}

// Forget drops a closed document; a session without documents is dropped
// with its history.
func (h *History) Forget(session, uri string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	s := h.sessions[session]
	if s == nil {
		return
	}
	delete(s.docs, uri)
	if len(s.docs) == 0 {
		delete(h.sessions, session)
	}
}

// Recent is what the history knows when a suggestion is asked for.
type Recent struct {
	// Changes are the session's changes, oldest first, within the
	// history's bounds: the closed ones and those still being typed in any
	// document.
	Changes []Change
	// Original is the document's text before the change being typed in
	// it; the current text when none is.
	Original string
	// Touched are the other documents the changes touched, most recent
	// first, each with the text around its last change.
	Touched []Related
}

// Related is an excerpt of another document.
type Related struct {
	Path, Text string
}

// touchedLines is how many lines around a touched document's last change
// go into its excerpt, on each side.
const touchedLines = 10

// Recent returns the history of a session as the document uri sees it.
func (h *History) Recent(session, uri string) Recent {
	h.mu.Lock()
	defer h.mu.Unlock()
	s := h.sessions[session]
	if s == nil {
		return Recent{}
	}
	var r Recent
	if d := s.docs[uri]; d != nil {
		r.Original = d.base
	}
	r.Changes = h.bounded(append(slices.Clone(s.changes), h.pending(s)...))
	r.Touched = touched(s, uri)
	return r
}

// pending returns the changes being typed in s's documents.
func (h *History) pending(s *sessionHistory) []Change {
	var out []Change
	for _, d := range s.docs {
		if !d.pending {
			continue
		}
		if c, ok := changeOf(d.path, d.base, d.cur); ok && c.size() <= h.cfg.MaxBytes {
			c.seq = d.seq
			out = append(out, c)
		}
	}
	return out
}

// bounded orders changes oldest first and keeps the latest within the
// history's bounds.
func (h *History) bounded(changes []Change) []Change {
	slices.SortStableFunc(changes, func(a, b Change) int { return cmp.Compare(a.seq, b.seq) })
	n, size := 0, 0
	for i := len(changes) - 1; i >= 0 && n < h.cfg.MaxChanges && size+changes[i].size() <= h.cfg.MaxBytes; i-- {
		n, size = n+1, size+changes[i].size()
	}
	return changes[len(changes)-n:]
}

// touched returns excerpts of the documents other than uri that s's
// changes touched, most recently changed first.
func touched(s *sessionHistory, uri string) []Related {
	var docs []*docHistory
	for u, d := range s.docs {
		if u != uri && d.seq > 0 {
			docs = append(docs, d)
		}
	}
	slices.SortFunc(docs, func(a, b *docHistory) int { return cmp.Compare(b.seq, a.seq) })
	out := make([]Related, 0, len(docs))
	for _, d := range docs {
		out = append(out, Related{Path: d.path, Text: linesAround(d.cur, d.line, touchedLines)})
	}
	return out
}
