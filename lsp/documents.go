package lsp

import (
	"fmt"
	"sync"
	"time"

	"github.com/lspilot/lspilot/lsp/textdoc"
)

// documents holds the open documents of one session. Notifications replace
// entries in wire order; requests read snapshots concurrently.
type documents struct {
	mu   sync.RWMutex
	docs map[string]*docEntry // guarded by mu
}

// docEntry is one open document: its latest snapshot, and whether a refused
// change left the server's copy behind the client's.
type docEntry struct {
	snap      *textdoc.Snapshot
	outOfSync bool
	changed   time.Time // when the didChange that made snap arrived; zero after didOpen
}

func newDocuments() *documents {
	return &documents{docs: make(map[string]*docEntry)}
}

// open records a new document, replacing any previous copy.
func (d *documents) open(snap *textdoc.Snapshot) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.docs[snap.URI] = &docEntry{snap: snap}
}

// close forgets a document. It reports whether the document was open.
func (d *documents) close(uri string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	_, ok := d.docs[uri]
	delete(d.docs, uri)
	return ok
}

// snapshots returns the current snapshot of every document in sync.
func (d *documents) snapshots() []*textdoc.Snapshot {
	d.mu.RLock()
	defer d.mu.RUnlock()
	out := make([]*textdoc.Snapshot, 0, len(d.docs))
	for _, e := range d.docs {
		if !e.outOfSync {
			out = append(out, e.snap)
		}
	}
	return out
}

// get returns the current snapshot of uri.
func (d *documents) get(uri string) (*textdoc.Snapshot, error) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	e, ok := d.docs[uri]
	switch {
	case !ok:
		return nil, fmt.Errorf("%s: %w", uri, ErrUnknownDocument)
	case e.outOfSync:
		return nil, fmt.Errorf("%s: %w", uri, ErrOutOfSync)
	}
	return e.snap, nil
}

// change applies a didChange. Incremental changes need a document in sync
// and a version above the current one; a full-text change always applies and
// brings an out-of-sync document back. A refused change marks the document
// out of sync and leaves its text as it was. at is when the change arrived.
func (d *documents) change(uri string, version int32, changes []textdoc.Change, enc textdoc.Encoding, at time.Time) (*textdoc.Snapshot, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	e, ok := d.docs[uri]
	if !ok {
		return nil, fmt.Errorf("%s: %w", uri, ErrUnknownDocument)
	}
	// Only the changes after the last full-text one matter to an
	// out-of-sync document.
	for i := len(changes) - 1; i >= 0; i-- {
		if changes[i].Range == nil {
			e.outOfSync = false
			snap, err := e.snap.Apply(version, changes[i:], enc)
			return d.settle(e, snap, at, err)
		}
	}
	if e.outOfSync {
		return nil, fmt.Errorf("%s: %w", uri, ErrOutOfSync)
	}
	if version <= e.snap.Version {
		e.outOfSync = true
		return nil, fmt.Errorf("%s: stale version %d, have %d: %w", uri, version, e.snap.Version, ErrOutOfSync)
	}
	snap, err := e.snap.Apply(version, changes, enc)
	return d.settle(e, snap, at, err)
}

// settle stores the outcome of applying a change that arrived at at to e.
func (d *documents) settle(e *docEntry, snap *textdoc.Snapshot, at time.Time, err error) (*textdoc.Snapshot, error) {
	if err != nil {
		e.outOfSync = true
		return nil, fmt.Errorf("%s: %w (%w)", e.snap.URI, err, ErrOutOfSync)
	}
	e.snap, e.changed = snap, at
	return snap, nil
}

// changedAt returns when the didChange that made version of uri arrived;
// false when uri is at another version or version came from didOpen.
func (d *documents) changedAt(uri string, version int32) (time.Time, bool) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	e, ok := d.docs[uri]
	if !ok || e.snap.Version != version || e.changed.IsZero() {
		return time.Time{}, false
	}
	return e.changed, true
}

// markOutOfSync records that a change for uri was lost, for instance because
// its parameters could not be decoded.
func (d *documents) markOutOfSync(uri string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if e, ok := d.docs[uri]; ok {
		e.outOfSync = true
	}
}

// len returns the number of open documents.
func (d *documents) len() int {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return len(d.docs)
}
