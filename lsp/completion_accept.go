package lsp

import (
	"sync"
	"unicode/utf8"

	"github.com/lspilot/lspilot/inference/complete"
	"github.com/lspilot/lspilot/lsp/textdoc"
)

// listedItems learns that the user accepted a completion list item from
// the edit that inserts it. Clients may run the item's command on accept,
// but Helix 25.07 never runs completion item commands, and it resolves an
// item when the menu highlights it, accepted or not; what every client does
// is send the didChange that applies the item's TextEdit. So the items of a
// document's latest list with items are remembered, and a change that turns
// the text they were made for into that text with one item's edit applied
// is that item's acceptance. Each suggestion id counts as accepted once,
// however many of these signals and of the command arrive for it.
type listedItems struct {
	mu    sync.Mutex
	byURI map[string]listedDoc // guarded by mu
	done  [32]string           // guarded by mu; ids reported accepted, a ring
	next  int                  // guarded by mu; the ring's next slot
}

// listedDoc is one list of items: each replaces snap.Text[start:end] with
// word plus its suggestion.
type listedDoc struct {
	snap       *textdoc.Snapshot
	start, end int
	word       string
	items      []complete.Suggestion
}

// note remembers the items of a list sent for snap, whose edits replace
// snap.Text[start:end] and begin with word.
func (l *listedItems) note(snap *textdoc.Snapshot, start, end int, word string, items []complete.Suggestion) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.byURI == nil {
		l.byURI = map[string]listedDoc{}
	}
	l.byURI[snap.URI] = listedDoc{snap: snap, start: start, end: end, word: word, items: items}
}

// forget drops the items listed for a closed document.
func (l *listedItems) forget(uri string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.byURI, uri)
}

// accepted returns the item of the latest list for now.URI that a change
// inserting inserted bytes at most in one piece made now's text, if any.
// An item counts only when at least half of its suggestion arrived in one
// piece, so that typing it out by hand is not taken for an acceptance.
func (l *listedItems) accepted(now *textdoc.Snapshot, inserted int) (complete.Suggestion, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	d, ok := l.byURI[now.URI]
	if !ok {
		return complete.Suggestion{}, false
	}
	for _, sg := range d.items {
		if 2*inserted >= len(sg.Text) && d.applied(sg, now.Text) {
			delete(l.byURI, now.URI)
			return sg, true
		}
	}
	return complete.Suggestion{}, false
}

// applied reports whether text is d's text with sg's edit applied: the
// text up to the cursor, the suggestion, and the text after what it
// replaced.
func (d listedDoc) applied(sg complete.Suggestion, text string) bool {
	old, off := d.snap.Text, d.start+len(d.word)
	end := max(d.end, off)
	mid := off + len(sg.Text)
	return len(text) == len(old)-(end-off)+len(sg.Text) &&
		text[:off] == old[:off] && text[off:mid] == sg.Text && text[mid:] == old[end:]
}

// first reports whether id has not been reported accepted before, and
// records it.
func (l *listedItems) first(id string) bool {
	if id == "" {
		return true
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, d := range l.done {
		if d == id {
			return false
		}
	}
	l.done[l.next] = id
	l.next = (l.next + 1) % len(l.done)
	return true
}

// noticeAccept reports the acceptance of a listed item that the change
// which made now inserted; changes are that didChange's content changes.
func (s *server) noticeAccept(now *textdoc.Snapshot, changes []textdoc.Change) {
	inserted := 0
	for _, c := range changes {
		inserted = max(inserted, len(c.Text))
	}
	sg, ok := s.listed.accepted(now, inserted)
	if !ok || !s.listed.first(sg.ID) {
		return
	}
	s.report(sg.ID, complete.FeedbackAccepted)
	s.reportAcceptedChars(utf8.RuneCountInString(sg.Text))
}
