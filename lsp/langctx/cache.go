package langctx

import (
	"os"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/lspilot/lspilot/inference/prompt"
)

// loc is where a definition is: an absolute file path and the range the
// server gave, in its positions.
type loc struct {
	path                 string
	startLine, startChar uint32
	endLine, endChar     uint32
}

// stamp tells one version of a file from another: the Manager's generation
// of an open document, else the size and modification time on disk.
type stamp struct {
	gen   uint64
	size  int64
	mtime int64
}

// snippet is a definition turned into prompt text, with the stamp of the
// file it was read from.
type snippet struct {
	file prompt.File
	// decl is the declaring line alone, for a prompt with no room for the
	// whole declaration.
	decl  string
	stamp stamp
	// local marks a parameter or a variable of a function (see isLocal).
	local bool
}

// identKey names an identifier as used in one document.
type identKey struct{ uri, name string }

// answer is what the servers said of an identifier: the locations of its
// definition and type definition, in that order. An empty answer expires.
type answer struct {
	locs    []loc
	expires time.Time // zero for a non-empty answer
	// unknown marks an empty answer where the server named no place at
	// all: it does not know the document (a file its build leaves out, a
	// package still loading), not that the name has nothing to show.
	unknown bool
}

// negativeTTL is how long an empty answer (a local, a builtin, a definition
// outside what may be read) holds before the identifier is asked again;
// unknownTTL how long an unknown one does.
const (
	negativeTTL = 30 * time.Second
	unknownTTL  = 5 * time.Second
)

// cache holds snippets by location and answers by identifier, both
// bounded (least recently used out). Both are safe for concurrent use.
type cache struct {
	snippets *lru.Cache[loc, snippet]
	answers  *lru.Cache[identKey, answer]
	stamps   *lru.Cache[string, stampAt] // by path, of files on disk
}

func newCache(size int) *cache {
	s, _ := lru.New[loc, snippet](size) // size is positive
	a, _ := lru.New[identKey, answer](size)
	st, _ := lru.New[string, stampAt](size)
	return &cache{snippets: s, answers: a, stamps: st}
}

// stampTTL is how long a file's stamp on disk serves the keystroke path
// before the file is looked at again: a change on disk shows within it.
const stampTTL = time.Second

// stampAt is a file's stamp on disk as seen at a time; ok is false when
// it could not be read.
type stampAt struct {
	st stamp
	ok bool
	at time.Time
}

// diskStampAt returns the stamp of the file at path, looked at within
// stampTTL of now.
func (c *cache) diskStampAt(path string, now time.Time) (stamp, bool) {
	if s, ok := c.stamps.Get(path); ok && now.Sub(s.at) < stampTTL && !now.Before(s.at) {
		return s.st, s.ok
	}
	st, ok := diskStamp(path)
	c.stamps.Add(path, stampAt{st: st, ok: ok, at: now})
	return st, ok
}

// snippet returns the snippet at l if its file has not changed since it
// was read; a stale one is dropped.
func (c *cache) snippet(l loc, now stamp) (snippet, bool) {
	s, ok := c.snippets.Get(l)
	if !ok {
		return snippet{}, false
	}
	if s.stamp != now {
		c.snippets.Remove(l)
		return snippet{}, false
	}
	return s, true
}

// answer returns the cached answer for k unless it expired.
func (c *cache) answer(k identKey, now time.Time) (answer, bool) {
	a, ok := c.answers.Get(k)
	if !ok || !a.expires.IsZero() && now.After(a.expires) {
		return answer{}, false
	}
	return a, true
}

// diskStamp returns the stamp of a file on disk; ok is false when it
// cannot be read.
func diskStamp(path string) (stamp, bool) {
	fi, err := os.Stat(path)
	if err != nil || !fi.Mode().IsRegular() {
		return stamp{}, false
	}
	return stamp{size: fi.Size(), mtime: fi.ModTime().UnixNano()}, true
}
