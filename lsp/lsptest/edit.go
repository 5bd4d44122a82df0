package lsptest

import (
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/lspilot/lspilot/lsp/textdoc"
)

// Edit replaces the byte span [start, end) of document u with text, in the
// editor's copy and, through one incremental didChange, in the server's.
func (e *Editor) Edit(u string, start, end int, text string) {
	e.t.Helper()
	e.mu.Lock()
	snap, enc := e.docs[u], e.enc
	r := textdoc.Range{Start: snap.Position(start, enc), End: snap.Position(end, enc)}
	next, err := snap.Apply(snap.Version+1, []textdoc.Change{{Range: &r, Text: text}}, enc)
	if err != nil {
		e.mu.Unlock()
		e.t.Fatalf("edit %s: %v", u, err)
	}
	e.docs[u] = next
	e.mu.Unlock()
	e.send(u, next.Version, &protocol.TextDocumentContentChangePartial{
		Range: protocol.Range{Start: protoPos(r.Start), End: protoPos(r.End)}, Text: text,
	})
}

// Type types text into document u at byte offset off, one didChange per
// character as an editor sends them, and returns the offset after it.
func (e *Editor) Type(u string, off int, text string) int {
	e.t.Helper()
	for _, r := range text {
		e.Edit(u, off, off, string(r))
		off += len(string(r))
	}
	return off
}

// Replace sends the whole new text of document u as a full-text change.
func (e *Editor) Replace(u, text string) {
	e.t.Helper()
	e.mu.Lock()
	snap := e.docs[u]
	next := textdoc.New(u, snap.LanguageID, snap.Version+1, text)
	e.docs[u] = next
	e.mu.Unlock()
	e.send(u, next.Version, &protocol.TextDocumentContentChangeWholeDocument{Text: text})
}

// send sends one didChange.
func (e *Editor) send(u string, version int32, change protocol.TextDocumentContentChangeEvent) {
	e.t.Helper()
	err := e.Server.DidChange(e.context(), &protocol.DidChangeTextDocumentParams{
		TextDocument: protocol.VersionedTextDocumentIdentifier{
			TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: uri.URI(u)},
			Version:                version,
		},
		ContentChanges: []protocol.TextDocumentContentChangeEvent{change},
	})
	if err != nil {
		e.t.Fatalf("didChange: %v", err)
	}
}

// Position returns the wire position of byte offset off in document u.
func (e *Editor) Position(u string, off int) protocol.Position {
	e.mu.Lock()
	defer e.mu.Unlock()
	return protoPos(e.docs[u].Position(off, e.enc))
}

func protoPos(p textdoc.Position) protocol.Position {
	return protocol.Position{Line: uint32(p.Line), Character: uint32(p.Character)}
}
