package benchmark

import (
	"context"
	"math/rand/v2"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/lspilot/lspilot/inference/clock"
	"github.com/lspilot/lspilot/lsp/edittrace"
	"github.com/lspilot/lspilot/lsp/textdoc"
)

// editor replays one trace through a session the way an editor with inline
// suggestions drives a server: a request after every change, the previous
// one cancelled (unless the strategy keeps it), ghost text shown when an
// answer comes before the next keystroke, and accepted when it is what the
// user was about to type.
type editor struct {
	s      *session
	tr     *edittrace.Trace
	clk    clock.Clock
	rec    *recorder
	rng    *rand.Rand
	accept float64 // probability of accepting a correct suggestion
	cancel bool    // cancel the previous request at each change

	// clean[i] is the length of the final text typed after events[:i], or
	// -1 when a typo is on screen.
	clean []int

	mu      sync.Mutex
	version int32  // guarded by mu; the document version of the latest request
	ghost   string // guarded by mu; the suggestion on screen for version
	ghostID string // guarded by mu; its id, for the feedback the editor sends
	wg      sync.WaitGroup
}

func newEditor(s *session, tr *edittrace.Trace, clk clock.Clock, rec *recorder, seed uint64, accept float64, cancel bool) *editor {
	ed := &editor{s: s, tr: tr, clk: clk, rec: rec, rng: rand.New(rand.NewPCG(seed, 0x1f3)), accept: accept, cancel: cancel}
	ed.clean = cleanPrefixes(tr)
	return ed
}

// run replays the trace until it ends or the clock passes until. Keystrokes
// keep the trace's schedule, as a user types on whatever the machine does:
// one that comes late (the editor was blocked sending the last) is recorded
// as such, and the next one's gap counts from when it was due.
func (ed *editor) run(ctx context.Context, until time.Time) error {
	defer ed.wg.Wait()
	cursor := len(ed.tr.Text)
	var prev context.CancelFunc
	due := ed.clk.Now()
	i := 0
	for i < len(ed.tr.Events) && ed.clk.Now().Before(until) {
		ev := ed.tr.Events[i]
		due = due.Add(time.Duration(ev.Gap) * time.Millisecond)
		if err := clock.Sleep(ctx, ed.clk, due.Sub(ed.clk.Now())); err != nil {
			break
		}
		ed.rec.late(ed.clk.Now().Sub(due))
		var err error
		typed := 0
		if a, ok := ed.tryAccept(cursor, i); ok {
			cursor, i, typed, err = ed.applyAccepted(cursor, a)
		} else {
			cursor, err = ed.apply(ev, cursor)
			typed = typedChars(ev)
			i++
		}
		if err != nil {
			return err
		}
		ed.rec.keystroke(typed)
		if prev != nil && ed.cancel {
			prev()
		}
		prev = ed.request(ctx, cursor)
	}
	if prev != nil {
		prev()
	}
	if i == len(ed.tr.Events) {
		ed.rec.traceEnded()
	}
	return nil
}

// apply performs one event and returns the cursor.
func (ed *editor) apply(ev edittrace.Event, cursor int) (int, error) {
	if ev.Op == "backspace" {
		_, size := utf8.DecodeLastRuneInString(ed.s.doc.Text[:cursor])
		return cursor - size, ed.s.edit(cursor-size, cursor, "")
	}
	return cursor + len(ev.Text), ed.s.edit(cursor, cursor, ev.Text)
}

// typedChars is the number of characters event ev inserts.
func typedChars(ev edittrace.Event) int {
	if ev.Op == "backspace" {
		return 0
	}
	return utf8.RuneCountInString(ev.Text)
}

// acceptance is a suggestion the user takes: n bytes of it, all of it
// unless partial; next is the event that follows the accepted text.
type acceptance struct {
	next, n int
	partial bool
}

// tryAccept decides whether the user takes the suggestion on screen instead
// of typing event i: all of it when it is what they were about to type, or
// its leading words up to where it goes wrong (see acceptable). It tells the
// server what was taken.
func (ed *editor) tryAccept(cursor, i int) (acceptance, bool) {
	ed.mu.Lock()
	ghost, id := ed.ghost, ed.ghostID
	ed.mu.Unlock()
	if ghost == "" || ed.clean[i] != cursor {
		return acceptance{}, false
	}
	n := acceptable(ghost, ed.tr.Final[cursor:])
	if n == 0 || ed.rng.Float64() >= ed.accept {
		return acceptance{}, false
	}
	for j := i + 1; j < len(ed.clean); j++ {
		if ed.clean[j] >= cursor+n {
			a := acceptance{next: j, n: n, partial: n < len(ghost)}
			if a.partial {
				length := utf16Len(ghost[:n])
				ed.wg.Go(func() { ed.s.partiallyAccepted(id, length) })
			} else {
				ed.wg.Go(func() { ed.s.accepted(id) })
			}
			return a, true
		}
	}
	return acceptance{}, false
}

// applyAccepted inserts the final text up to where event a.next starts: the
// a.n bytes of the suggestion taken, then the rest of the event that the
// accepted text ended in, which the user typed. It records the accepted
// characters and returns the cursor, the next event and the characters
// typed.
func (ed *editor) applyAccepted(cursor int, a acceptance) (int, int, int, error) {
	end, final := ed.clean[a.next], ed.tr.Final
	ed.rec.accepted(utf8.RuneCountInString(final[cursor:cursor+a.n]), a.partial)
	return end, a.next, utf8.RuneCountInString(final[cursor+a.n : end]), ed.s.edit(cursor, cursor, final[cursor:end])
}

// request sends an inline request for the current document and records
// when ghost text appears; it returns the request's cancel.
func (ed *editor) request(ctx context.Context, cursor int) context.CancelFunc {
	ctx, cancel := context.WithCancel(ctx)
	pos := wirePos(ed.s.doc.Position(cursor, textdoc.UTF16))
	ed.mu.Lock()
	ed.version = ed.s.doc.Version
	version := ed.version
	ed.ghost = ""
	ed.mu.Unlock()
	start := ed.clk.Now()
	ed.wg.Go(func() {
		defer cancel()
		text, id, err := ed.s.inline(ctx, pos)
		ed.mu.Lock()
		if err != nil || text == "" || version != ed.version {
			ed.mu.Unlock()
			return // too late: the user typed on
		}
		ed.ghost, ed.ghostID = text, id
		ed.rec.shown(ed.clk.Now().Sub(start))
		ed.mu.Unlock()
		ed.s.shown(id)
	})
	return cancel
}

// cleanPrefixes computes, for each event index, the length of the final
// text on screen before that event, or -1 while a typo is on screen.
func cleanPrefixes(tr *edittrace.Trace) []int {
	out := make([]int, len(tr.Events)+1)
	text := tr.Text
	for i, ev := range tr.Events {
		out[i] = prefixLen(text, tr.Final)
		if ev.Op == "backspace" {
			_, size := utf8.DecodeLastRuneInString(text)
			text = text[:len(text)-size]
		} else {
			text += ev.Text
		}
	}
	out[len(tr.Events)] = prefixLen(text, tr.Final)
	return out
}

func prefixLen(text, final string) int {
	if strings.HasPrefix(final, text) {
		return len(text)
	}
	return -1
}
