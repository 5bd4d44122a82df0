package lsp

import (
	"context"
	"errors"
	"os"
	"time"
	"unicode/utf8"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
	"go.uber.org/zap"

	"github.com/lspilot/lspilot/inference/complete"
	"github.com/lspilot/lspilot/inference/nextedit"
	"github.com/lspilot/lspilot/lsp/textdoc"
)

// DidOpen implements protocol.Server.
func (s *server) DidOpen(_ context.Context, params *protocol.DidOpenTextDocumentParams) error {
	item := params.TextDocument
	s.links.Delete(string(item.URI)) // where it leads is looked at again
	snap := textdoc.New(string(item.URI), string(item.LanguageID), item.Version, item.Text)
	s.docs.open(snap)
	s.observe(snap)
	s.observeSaved(snap)
	s.observeNextEdit(snap)
	if m := s.defsFor(string(item.URI)); m != nil {
		m.Open(string(item.URI), string(item.LanguageID), item.Version, item.Text)
	}
	s.logger.Debug("open", zap.String("uri", string(item.URI)), zap.Int32("version", item.Version), zap.Int("bytes", len(item.Text)))
	return nil
}

// DidChange implements protocol.Server. A refused change is logged and marks
// the document out of sync until the next full-text change; it never
// corrupts the server's copy.
func (s *server) DidChange(ctx context.Context, params *protocol.DidChangeTextDocumentParams) error {
	arrived := time.Now()
	uri := string(params.TextDocument.URI)
	changes := make([]textdoc.Change, len(params.ContentChanges))
	for i, c := range params.ContentChanges {
		switch c := c.(type) {
		case *protocol.TextDocumentContentChangePartial:
			r := textdoc.Range{Start: position(c.Range.Start), End: position(c.Range.End)}
			changes[i] = textdoc.Change{Range: &r, Text: c.Text}
		case *protocol.TextDocumentContentChangeWholeDocument:
			changes[i] = textdoc.Change{Text: c.Text}
		}
	}
	snap, err := s.docs.change(uri, params.TextDocument.Version, changes, s.encoding(), arrived)
	if err != nil {
		s.logger.Error("refused change", zap.String("uri", uri), zap.Int32("version", params.TextDocument.Version), zap.Error(err))
		if errors.Is(err, ErrOutOfSync) {
			s.logMessage(ctx, protocol.MessageTypeWarning, "lspilot: "+err.Error())
		}
		return nil
	}
	s.nextEdits.cancel(uri) // a next edit computed on the old text would be refused
	s.noticeAccept(snap, changes)
	s.observe(snap)
	s.observeNextEdit(snap)
	if m := s.defsFor(uri); m != nil {
		m.Change(uri, snap.Version, snap.Text)
	}
	return nil
}

// observe tells the completer, when its context sources learn from
// documents, what a document holds now.
func (s *server) observe(snap *textdoc.Snapshot) {
	if obs, ok := s.features.Load().Completer.(DocumentObserver); ok {
		obs.Observe(complete.Document{
			Session: s.session, URI: snap.URI, Path: s.relPath(snap.URI), Language: snap.LanguageID, Text: snap.Text,
		})
	}
}

// observeNextEdit tells the next editor what a document holds now, for its
// edit history.
func (s *server) observeNextEdit(snap *textdoc.Snapshot) {
	s.features.Load().NextEditor.Observe(nextedit.Document{
		Session: s.session, URI: snap.URI, Path: s.relPath(snap.URI), Text: snap.Text,
	})
}

// maxSavedBytes bounds the file read from disk when a document opens.
const maxSavedBytes = 1 << 20

// observeSaved tells the next editor, before an opened document's text,
// the file as saved in the workspace when the two differ: what the user
// changed before lspilot saw the document (unsaved edits, or typing while
// the server started) counts among the session's changes.
func (s *server) observeSaved(snap *textdoc.Snapshot) {
	if !s.config.Get().NextEdit.Enabled {
		return
	}
	saved, ok := s.savedText(snap.URI)
	if !ok || saved == snap.Text {
		return
	}
	s.features.Load().NextEditor.Observe(nextedit.Document{
		Session: s.session, URI: snap.URI, Path: s.relPath(snap.URI), Text: saved,
	})
}

// savedText returns the text of a document's file on disk, if it is a
// regular file of a workspace root within maxSavedBytes.
func (s *server) savedText(docURI string) (string, bool) {
	p := filePath(docURI)
	if _, in := s.rootOf(p); p == "" || !in {
		return "", false
	}
	if fi, err := os.Stat(p); err != nil || !fi.Mode().IsRegular() || fi.Size() > maxSavedBytes {
		return "", false
	}
	data, err := os.ReadFile(p)
	if err != nil || !utf8.Valid(data) {
		return "", false
	}
	return string(data), true
}

// DidClose implements protocol.Server.
func (s *server) DidClose(_ context.Context, params *protocol.DidCloseTextDocumentParams) error {
	uri := string(params.TextDocument.URI)
	if !s.docs.close(uri) {
		s.logger.Warn("close of a document that is not open", zap.String("uri", uri))
	}
	s.setSelection(uri, selection{})
	if m := s.defsFor(uri); m != nil {
		m.Close(uri)
	}
	s.links.Delete(uri)
	s.listed.forget(uri)
	if obs, ok := s.features.Load().Completer.(CompletionObserver); ok {
		obs.Forget(s.session, uri)
	}
	s.features.Load().NextEditor.Forget(s.session, uri)
	return nil
}

// DidSave implements protocol.Server. Saving changes no text the server
// holds; it is accepted so that clients may send it.
func (s *server) DidSave(_ context.Context, params *protocol.DidSaveTextDocumentParams) error {
	s.logger.Debug("save", zap.String("uri", string(params.TextDocument.URI)))
	return nil
}

// snapshot returns the current snapshot of a request's document.
func (s *server) snapshot(uri uri.URI) (*textdoc.Snapshot, error) {
	return s.docs.get(string(uri))
}
