package complete

import (
	"sync"

	"github.com/lspilot/lspilot/inference/prompt"
)

// chunkLines is the size of a context chunk taken around a cursor.
const chunkLines = 32

// jumpLines is how far the cursor must move within a file for the region
// it left to become context.
const jumpLines = 48

// contextFeed decides what goes into the ring of extra context: the region
// around the cursor of the file the user just left, and the region of the
// same file the cursor jumped away from. Chunks are only ever appended, at
// those moments, so prompts stay byte-identical while the user types.
type contextFeed struct {
	ring *prompt.Ring

	mu   sync.Mutex
	last *cursorAt // guarded by mu; where the previous request was
}

type cursorAt struct {
	uri, path, text string
	cursor, line    int
}

func newContextFeed(limit int) *contextFeed {
	return &contextFeed{ring: prompt.NewRing(limit)}
}

// observe notes a request's cursor, adding the region left behind.
func (f *contextFeed) observe(req Request) {
	line := lineOf(req.Text, req.Cursor)
	f.mu.Lock()
	defer f.mu.Unlock()
	if l := f.last; l != nil {
		if l.uri != req.URI || abs(line-l.line) > jumpLines {
			f.ring.Add(prompt.Chunk(l.path, l.text, l.cursor, chunkLines))
		}
	}
	f.last = &cursorAt{uri: req.URI, path: req.Path, text: req.Text, cursor: req.Cursor, line: line}
}

// chunks returns the extra context, oldest first.
func (f *contextFeed) chunks() []prompt.File {
	return f.ring.Chunks()
}

// lineOf counts the lines before off. It is called once per request and
// costs a scan of the text before the cursor.
func lineOf(text string, off int) int {
	n := 0
	for i := 0; i < off; i++ {
		if text[i] == '\n' {
			n++
		}
	}
	return n
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
