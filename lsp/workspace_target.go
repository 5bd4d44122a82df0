package lsp

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"

	"go.lsp.dev/uri"

	"github.com/lspilot/lspilot/lsp/textdoc"
)

// fileTarget is a file a proposal changes, located and checked.
type fileTarget struct {
	uri    uri.URI
	name   string            // the file for messages, relative to its root when it has one
	base   *textdoc.Snapshot // the text the proposal's edits apply to
	exists bool              // the file is open or on disk
	rule   protectedRule
}

// target resolves a path a proposal names to a file inside the workspace
// and the text the proposal's edits apply to: the open document's
// snapshot, the file on disk, or nothing for a new file. Files outside the
// workspace (directly or through links) and files on disk that are not
// regular or exceed limit are refused.
func (s *server) target(snap *textdoc.Snapshot, name string, limit int) (fileTarget, error) {
	docPath := filePath(snap.URI)
	if name == s.relPath(snap.URI) || name == docPath {
		return fileTarget{uri: uri.URI(snap.URI), name: name, base: snap, exists: true, rule: s.docProtection(docPath)}, nil
	}
	loc, err := s.locate(docPath, name)
	if err != nil {
		return fileTarget{}, err
	}
	t := fileTarget{uri: uri.File(loc.abs), name: loc.named, rule: loc.protection(), exists: true}
	if string(t.uri) == snap.URI {
		t.rule = s.docProtection(docPath) // the document, named another way
	}
	if open, err := s.docs.get(string(t.uri)); err == nil {
		t.base = open
		return t, nil
	}
	text, err := readWorkspaceFile(loc, limit)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		t.exists = false
	case err != nil:
		return fileTarget{}, fmt.Errorf("%s: %w", loc.named, err)
	}
	t.base = textdoc.New(string(t.uri), "", 0, text)
	return t, nil
}

// protection returns the strictest rule the file falls under, by the path
// it was named by and by the path it leads to.
func (l location) protection() protectedRule {
	a, b := protection(l.named), protection(l.rel)
	if b.guard > a.guard {
		return b
	}
	return a
}

// docProtection returns the rule the document the action was asked on
// falls under: by its path in its workspace root, or by its absolute path
// outside any. The user chose to edit that very document, so it is at most
// confirmed, never refused. (Documents under .git/ never get here: the
// privacy rules keep them from every model.)
func (s *server) docProtection(docPath string) protectedRule {
	if docPath == "" {
		return protectedRule{}
	}
	s.mu.Lock()
	roots := append([]string(nil), s.roots...)
	s.mu.Unlock()
	rule := protection(filepath.ToSlash(docPath))
	if loc, err := locateIn(roots, docPath, docPath); err == nil {
		rule = loc.protection()
	}
	if rule.guard == guardRefuse {
		rule.guard = guardConfirm
	}
	return rule
}

// lookupFile gives the editor feature the text of another workspace file a
// proposal names, relative to the document at docPath: the open document,
// or the file on disk when it is regular and within
// codeActions.maxFileBytes. Protected files are read like any other, so
// that the proposal is verified and then refused with its reason; a file
// the privacy rules exclude is never read, whatever link leads to it.
func (s *server) lookupFile(docPath, name string) (string, bool) {
	loc, err := s.locate(docPath, name)
	if err != nil || s.config.Excluded(loc.rel) || s.config.Excluded(loc.real) {
		return "", false
	}
	if open, err := s.docs.get(string(uri.File(loc.abs))); err == nil {
		return open.Text, true
	}
	text, err := readWorkspaceFile(loc, s.config.Get().Actions.MaxFileBytes)
	return text, err == nil
}
