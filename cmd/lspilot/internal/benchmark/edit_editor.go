package benchmark

import (
	"context"
	"fmt"
	"math"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/lspilot/lspilot/inference/clock"
)

// Keystrokes of the moves an edit trace's user makes besides typing.
const (
	// navigateKeys moves the cursor to the next place (a search's next
	// match, a jump to a reference).
	navigateKeys = 1
	// deleteKeys removes the text a step replaces (change word).
	deleteKeys = 1
	// jumpAcceptKeys takes a next edit shown away from the cursor: jump to
	// it, accept it.
	jumpAcceptKeys = 2
	// acceptKeys takes a next edit shown where the cursor is.
	acceptKeys = 1
)

// Median pauses of an edit trace's user, in milliseconds.
const (
	lookPause  = 600 // after a step, before moving on
	startPause = 450 // at a place, before the first keystroke there
	typeGap    = 180 // between keystrokes
	thinkGap   = 450 // after a line end or a bracket
)

// editReplay replays edit traces through a session the way an editor with
// inline suggestions, and with next edits when next is set, drives a
// server. The user types the first step of a trace; at each following
// place they take a shown next edit that makes what they would type there
// (or more of the trace's steps), and otherwise move there and type it,
// taking inline suggestions as on typing traces.
type editReplay struct {
	ed   *editor // the inline suggestions' requests and ghost text
	next bool    // ask for next edits
	due  time.Time

	mu       sync.Mutex
	asked    int32      // guarded by mu; the document version of the latest next-edit request
	shown    *shownEdit // guarded by mu; the next edit on screen for it
	cancelNE context.CancelFunc
}

func newEditReplay(ed *editor, next bool) *editReplay {
	return &editReplay{ed: ed, next: next}
}

// run replays traces in turn, each in its own document, until they end or
// the clock passes until.
func (er *editReplay) run(ctx context.Context, traces []*editTrace, until time.Time) error {
	defer er.ed.wg.Wait()
	defer er.stopAsking()
	er.due = er.ed.clk.Now()
	for _, tr := range traces {
		if !er.ed.clk.Now().Before(until) {
			return nil
		}
		// The requests about the document before end before it closes.
		er.stopAsking()
		er.ed.wg.Wait()
		if err := er.ed.s.reopen(tr.Path, tr.Language, tr.States[0]); err != nil {
			return err
		}
		done, err := er.trace(ctx, tr, until)
		if err != nil || !done {
			return err
		}
		er.ed.rec.traceEnded()
	}
	return nil
}

// trace replays one trace; done is false when the run ended first.
func (er *editReplay) trace(ctx context.Context, tr *editTrace, until time.Time) (done bool, err error) {
	for k := 0; k < len(tr.Steps); {
		if k > 0 {
			if !er.pause(ctx, lookPause, until) {
				return false, nil
			}
			if j, ok := er.takeNextEdit(ctx, tr, k, jumpAcceptKeys); ok {
				k = j
				continue
			}
			er.ed.rec.keystroke(0) // navigateKeys
			er.ask(ctx, tr.Steps[k].Start)
			if !er.pause(ctx, startPause, until) {
				return false, nil
			}
			if j, ok := er.takeNextEdit(ctx, tr, k, acceptKeys); ok {
				k = j
				continue
			}
		}
		cursor, ok, err := er.typeStep(ctx, tr.Steps[k], until)
		if err != nil || !ok {
			return false, err
		}
		k++
		if got := er.ed.s.doc.Text; got != tr.States[k] {
			return false, fmt.Errorf("%s: step %d left another text than the trace's", tr.Path, k)
		}
		er.ed.rec.stepMade(false)
		er.ask(ctx, cursor)
	}
	return true, nil
}

// typeStep types st: the text it replaces removed at once, then its new
// text a keystroke at a time (a run of white space in one, as editors
// indent), taking the inline suggestion on screen when it is what comes
// next. It returns the cursor; ok is false when the run ended first.
func (er *editReplay) typeStep(ctx context.Context, st step, until time.Time) (int, bool, error) {
	ed := er.ed
	var prev context.CancelFunc
	defer func() {
		if prev != nil {
			prev()
		}
	}()
	cursor := st.Start
	if st.End > st.Start {
		if !er.pause(ctx, typeGap, until) {
			return 0, false, nil
		}
		if err := ed.s.edit(st.Start, st.End, ""); err != nil {
			return 0, false, err
		}
		ed.rec.keystroke(0) // deleteKeys
		prev = ed.request(ctx, cursor)
	}
	for typed := 0; typed < len(st.New); {
		median := float64(typeGap)
		if typed > 0 && strings.ContainsAny(st.New[typed-1:typed], "\n{}()[];,") {
			median = thinkGap
		}
		if !er.pause(ctx, median, until) {
			return 0, false, nil
		}
		want := st.New[typed:]
		n, accepted := er.takeGhost(want)
		if !accepted {
			n = keystroke(want)
		}
		if err := ed.s.edit(cursor, cursor, want[:n]); err != nil {
			return 0, false, err
		}
		if accepted {
			ed.rec.keystroke(0)
		} else {
			ed.rec.keystroke(utf8.RuneCountInString(want[:n]))
		}
		cursor, typed = cursor+n, typed+n
		if prev != nil && ed.cancel {
			prev()
		}
		prev = ed.request(ctx, cursor)
	}
	return cursor, true, nil
}

// keystroke returns the bytes of want that one keystroke types: a run of
// white space (an editor's indentation), or a character.
func keystroke(want string) int {
	if n := len(want) - len(strings.TrimLeft(want, " \t")); n > 0 {
		return n
	}
	_, size := utf8.DecodeRuneInString(want)
	return size
}

// takeGhost decides whether the user takes the inline suggestion on screen
// instead of typing what want starts with; it returns the bytes taken and
// tells the server.
func (er *editReplay) takeGhost(want string) (int, bool) {
	ed := er.ed
	ed.mu.Lock()
	ghost, id := ed.ghost, ed.ghostID
	ed.mu.Unlock()
	if ghost == "" {
		return 0, false
	}
	n := min(acceptable(ghost, want), len(want))
	if n == 0 || ed.rng.Float64() >= ed.accept {
		return 0, false
	}
	partial := n < len(ghost)
	if partial {
		length := utf16Len(ghost[:n])
		ed.wg.Go(func() { ed.s.partiallyAccepted(id, length) })
	} else {
		ed.wg.Go(func() { ed.s.accepted(id) })
	}
	ed.rec.accepted(utf8.RuneCountInString(want[:n]), partial)
	return n, true
}

// ask sends a next-edit request for the document as it is, with the
// cursor at byte offset cursor, replacing the one before; the answer, when
// it has an edit and the document is unchanged, goes on screen.
func (er *editReplay) ask(ctx context.Context, cursor int) {
	if !er.next {
		return
	}
	ed := er.ed
	doc := ed.s.doc
	ctx, cancel := context.WithCancel(ctx)
	er.mu.Lock()
	if er.cancelNE != nil {
		er.cancelNE()
	}
	er.asked, er.shown, er.cancelNE = doc.Version, nil, cancel
	er.mu.Unlock()
	start := ed.clk.Now()
	ed.rec.nextAsked()
	ed.wg.Go(func() {
		defer cancel()
		e, ok, err := ed.s.nextEdit(ctx, doc, cursor)
		er.mu.Lock()
		current := err == nil && er.asked == doc.Version && ctx.Err() == nil
		if current {
			ed.rec.nextAnswered(ed.clk.Now().Sub(start))
		}
		if !current || !ok {
			er.mu.Unlock()
			return
		}
		er.shown = &e
		er.mu.Unlock()
		ed.rec.nextShown()
		ed.s.shownNextEdit(e.id)
	})
}

// stopAsking cancels the next-edit request in flight.
func (er *editReplay) stopAsking() {
	er.mu.Lock()
	defer er.mu.Unlock()
	if er.cancelNE != nil {
		er.cancelNE()
	}
}

// takeNextEdit takes the next edit on screen when it makes steps k and on
// of tr, at a cost of keys keystrokes, and returns the step that follows.
func (er *editReplay) takeNextEdit(ctx context.Context, tr *editTrace, k, keys int) (int, bool) {
	ed := er.ed
	er.mu.Lock()
	e := er.shown
	er.mu.Unlock()
	doc := ed.s.doc
	if e == nil || e.version != doc.Version {
		return 0, false
	}
	after := doc.Text[:e.start] + e.text + doc.Text[e.end:]
	j := k + 1
	for j < len(tr.States) && tr.States[j] != after {
		j++
	}
	if j == len(tr.States) {
		return 0, false // not what the user would do: typed over
	}
	if err := ed.s.edit(e.start, e.end, e.text); err != nil {
		return 0, false
	}
	chars := 0
	for _, st := range tr.Steps[k:j] {
		chars += utf8.RuneCountInString(st.New)
		ed.rec.stepMade(true)
	}
	for range keys {
		ed.rec.keystroke(0)
	}
	ed.rec.nextAccepted(chars)
	ed.wg.Go(func() { ed.s.acceptedNextEdit(e.id) })
	er.ask(ctx, e.start+len(e.text))
	return j, true
}

// pause waits a log-normal gap of the median in milliseconds after the
// last action's time; false when the run ends first.
func (er *editReplay) pause(ctx context.Context, median float64, until time.Time) bool {
	ed := er.ed
	gap := time.Duration(math.Exp(math.Log(median)+0.5*ed.rng.NormFloat64())) * time.Millisecond
	er.due = er.due.Add(gap)
	if !er.due.Before(until) {
		return false
	}
	if err := clock.Sleep(ctx, ed.clk, er.due.Sub(ed.clk.Now())); err != nil {
		return false
	}
	ed.rec.late(ed.clk.Now().Sub(er.due))
	return true
}
