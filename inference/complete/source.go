package complete

import (
	"strings"
	"sync"

	"github.com/lspilot/lspilot/inference/prompt"
)

// Source adds what it knows of the repository to prompts: snippets such as
// the definitions of the identifiers near the cursor, resolved in the
// background. Snippets runs on the keystroke path: it must return at once
// with what is already resolved for req, and may start resolving for the
// requests to come. Snippets are returned in a stable order.
type Source interface {
	Snippets(req Request) []prompt.File
}

// snippetLines freezes the snippets of one document per line: every request
// on a line gets those taken at the line's first request, so that the
// prompt's bytes stay the same while the user types the line and the
// backend's cached prefix holds. A new line takes a fresh set.
type snippetLines struct {
	mu        sync.Mutex
	lineStart int           // guarded by mu; byte offset of the frozen line's start
	head      string        // guarded by mu; the tail of the document before that line
	files     []prompt.File // guarded by mu
	valid     bool          // guarded by mu; a line is frozen
}

// snippets returns the sources' snippets for req, frozen per line and
// without those the prompt already holds: text found in the document being
// completed or in the extra context held, and files the privacy rules
// exclude.
func (e *Engine) snippets(req Request, held []prompt.File) []prompt.File {
	if len(e.cfg.Sources) == 0 {
		return nil
	}
	sl := e.doc(docKey{req.Session, req.URI}).snippets()
	start := strings.LastIndexByte(req.Text[:req.Cursor], '\n') + 1
	head := lineHead(req.Text[:start])
	sl.mu.Lock()
	defer sl.mu.Unlock()
	if sl.valid && sl.lineStart == start && sl.head == head {
		return sl.files
	}
	var out []prompt.File
	for _, s := range e.cfg.Sources {
		for _, f := range s.Snippets(req) {
			if f.Text == "" || e.cfg.Private.Excluded(f.Path) || strings.Contains(req.Text, f.Text) ||
				heldBy(held, f.Text) || heldBy(out, f.Text) {
				continue
			}
			out = append(out, f)
		}
	}
	sl.lineStart, sl.head, sl.files, sl.valid = start, head, out, true
	return out
}

// lineHead identifies the text before a line cheaply: its last 64 bytes.
// With the line's offset it tells a new line from the same one.
func lineHead(s string) string {
	return s[max(len(s)-64, 0):]
}

// heldBy reports whether one of files holds text.
func heldBy(files []prompt.File, text string) bool {
	for _, f := range files {
		if strings.Contains(f.Text, text) {
			return true
		}
	}
	return false
}
