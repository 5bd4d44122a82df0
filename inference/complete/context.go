package complete

import (
	"sync"

	"github.com/lspilot/lspilot/inference/privacy"
	"github.com/lspilot/lspilot/inference/prompt"
)

// chunkLines is the size of a context chunk taken around a cursor.
const chunkLines = 32

// jumpBytes is how far the cursor must move within a file for the region it
// left to become context: a few screens. Bytes, not lines, so that no
// request scans the file.
const jumpBytes = 4 << 10

// contextFeed decides what goes into the ring of extra context: the region
// around the cursor of the file the user just left, and the region of the
// same file the cursor jumped away from. Chunks are only ever appended, at
// those moments, so prompts stay byte-identical while the user types.
//
// Files the privacy rules exclude never enter the ring, and chunks read
// from it are checked again, so no prompt carries them.
type contextFeed struct {
	ring    *prompt.Ring
	private *privacy.Matcher

	mu   sync.Mutex
	last *cursorAt // guarded by mu; where the previous request was
}

type cursorAt struct {
	uri, path, text string
	cursor          int
}

func newContextFeed(limit int, private *privacy.Matcher) *contextFeed {
	return &contextFeed{ring: prompt.NewRing(limit), private: private}
}

// observe notes a request's cursor, adding the region left behind.
func (f *contextFeed) observe(req Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if l := f.last; l != nil {
		if l.uri != req.URI || abs(req.Cursor-l.cursor) > jumpBytes {
			f.ring.Add(prompt.Chunk(l.path, l.text, l.cursor, chunkLines))
		}
	}
	f.last = nil
	if !f.private.Excluded(req.Path) {
		f.last = &cursorAt{uri: req.URI, path: req.Path, text: req.Text, cursor: req.Cursor}
	}
}

// chunks returns the extra context, oldest first.
func (f *contextFeed) chunks() []prompt.File {
	all := f.ring.Chunks()
	out := all[:0:0]
	for _, c := range all {
		if !f.private.Excluded(c.Path) {
			out = append(out, c)
		}
	}
	return out
}

// maxSessions bounds the feeds kept; the least recently used session's
// goes first.
const maxSessions = 256

// contextFeeds keeps one feed per editor session: a session's prompts carry
// only regions of what that session edited, so one editor's typing never
// changes another's prompt prefix (nor shows it its files).
type contextFeeds struct {
	limit   int
	private *privacy.Matcher

	mu    sync.Mutex
	feeds map[string]*sessionFeed // guarded by mu
	tick  uint64                  // guarded by mu
}

type sessionFeed struct {
	*contextFeed
	used uint64
}

func newContextFeeds(limit int, private *privacy.Matcher) *contextFeeds {
	return &contextFeeds{limit: limit, private: private, feeds: map[string]*sessionFeed{}}
}

// get returns session's feed, creating it.
func (c *contextFeeds) get(session string) *contextFeed {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.tick++
	f, ok := c.feeds[session]
	if !ok {
		if len(c.feeds) >= maxSessions {
			c.dropOldest()
		}
		f = &sessionFeed{contextFeed: newContextFeed(c.limit, c.private)}
		c.feeds[session] = f
	}
	f.used = c.tick
	return f.contextFeed
}

func (c *contextFeeds) dropOldest() {
	delete(c.feeds, leastRecent(c.feeds, func(f *sessionFeed) uint64 { return f.used }))
}

// leastRecent returns the key of m whose value was used longest ago, by
// the tick used reads from it; "" for an empty m.
func leastRecent[V any](m map[string]V, used func(V) uint64) string {
	oldest, at, found := "", uint64(0), false
	for k, v := range m {
		if t := used(v); !found || t < at {
			oldest, at, found = k, t, true
		}
	}
	return oldest
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
