package complete

import (
	"context"
	"strings"
	"sync"
)

// generation is one backend stream, shared by the requests it can answer:
// the one that started it and later keystrokes that type into what it
// streams. Its context is the engine's, not a request's, because editors
// cancel the previous request at every keystroke; it is cancelled when a
// request it cannot answer supersedes it.
type generation struct {
	before, after string // the document around the cursor it completes
	// seed is 0 for the engine's suggestion, which is greedy unless
	// configured otherwise, and n > 0 for the alternative sampled with seed n.
	seed   int
	cancel context.CancelFunc
	done   chan struct{} // closed when text and err are set

	mu   sync.Mutex
	raw  strings.Builder // guarded by mu; the text streamed so far
	text string          // the post-processed suggestion, set before done
	id   string          // the suggestion's id, set before done
	err  error           // set before done
	cut  bool            // set with text: the time budget cut the answer short
}

// finished reports whether g's stream has ended.
func (g *generation) finished() bool {
	select {
	case <-g.done:
		return true
	default:
		return false
	}
}

func (g *generation) append(s string) string {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.raw.WriteString(s)
	return g.raw.String()
}

func (g *generation) streamed() string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.raw.String()
}

// extends reports whether a document reading before+after at the cursor can
// be answered by g: the same text after the cursor, and before it g's text
// plus keystrokes that agree with what g has streamed so far. Before the
// first chunk nothing can be checked, and only the same cursor joins: a
// restart then costs little, as the backend's cache holds the prompt. A
// finished generation answers only its own cursor, and only when it
// succeeded: a failed or cancelled one is never an answer, so asking again
// goes to the backend. Past its cursor, typing-through answers instead.
func (g *generation) extends(before, after string) bool {
	if after != g.after || !strings.HasPrefix(before, g.before) {
		return false
	}
	typed := before[len(g.before):]
	if g.finished() {
		return typed == "" && g.err == nil
	}
	if typed == "" {
		return true
	}
	raw := strings.TrimLeft(g.streamed(), " \t")
	typed = strings.TrimLeft(typed, " \t")
	return raw != "" && (strings.HasPrefix(raw, typed) || strings.HasPrefix(typed, raw))
}

// answer returns g's suggestion as seen from a cursor after before: the part
// the user has not typed yet, or "" when the typing went elsewhere.
func (g *generation) answer(before string) string {
	typed := before[len(g.before):]
	if !strings.HasPrefix(g.text, typed) {
		return ""
	}
	return g.text[len(typed):]
}
