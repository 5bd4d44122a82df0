package lsp

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/lspilot/lspilot/diffing"
	"github.com/lspilot/lspilot/lsp/textdoc"
)

// ErrOutsideWorkspace reports a proposal that names a file outside the
// workspace roots; such edits are never offered.
var ErrOutsideWorkspace = errors.New("outside the workspace")

// workspaceEdit turns a verified proposal into a WorkspaceEdit. With
// documentChanges, each file's edit carries the version it was computed
// against, so the editor refuses it if the file changed meanwhile; clients
// without them get plain changes.
func (s *server) workspaceEdit(snap *textdoc.Snapshot, res EditResult) (*protocol.WorkspaceEdit, error) {
	caps := s.clientCaps()
	limit := s.config.get().Actions.MaxFileBytes
	we := &protocol.WorkspaceEdit{}
	for _, f := range res.Files {
		target, base, err := s.target(snap, f.Path)
		if err != nil {
			return nil, err
		}
		switch {
		case f.Delete:
			return nil, fmt.Errorf("%s: deleting files is not offered", f.Path)
		case f.Create && !caps.create:
			return nil, fmt.Errorf("%s: the editor cannot create files", f.Path)
		case len(f.NewText) > limit:
			return nil, fmt.Errorf("%s: %d bytes exceeds codeActions.maxFileBytes (%d)", f.Path, len(f.NewText), limit)
		}
		edits := textEdits(base, f.Edits, s.encoding())
		if !caps.documentChanges {
			if we.Changes == nil {
				we.Changes = map[uri.URI][]protocol.TextEdit{}
			}
			we.Changes[target] = edits
			continue
		}
		id := protocol.OptionalVersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: target}}
		if base.Version > 0 {
			v := base.Version
			id.Version = &v
		}
		if f.Create {
			we.DocumentChanges = append(we.DocumentChanges, &protocol.CreateFile{Kind: "create", URI: target})
		}
		elems := make([]protocol.TextDocumentEditElement, len(edits))
		for i := range edits {
			elems[i] = &edits[i]
		}
		we.DocumentChanges = append(we.DocumentChanges, &protocol.TextDocumentEdit{TextDocument: id, Edits: elems})
	}
	return we, nil
}

// textEdits converts byte-offset edits on base into protocol edits.
func textEdits(base *textdoc.Snapshot, edits []diffing.Edit, enc textdoc.Encoding) []protocol.TextEdit {
	out := make([]protocol.TextEdit, len(edits))
	for i, e := range edits {
		out[i] = protocol.TextEdit{Range: protoRange(base, e.Start, e.End, enc), NewText: e.New}
	}
	return out
}

// target resolves a path a proposal names to a URI inside the workspace and
// the text the proposal's edits apply to: the open document's snapshot,
// the file on disk, or nothing for a new file. Paths with "..", absolute
// paths elsewhere and symbolic links that leave the workspace are refused.
func (s *server) target(snap *textdoc.Snapshot, name string) (uri.URI, *textdoc.Snapshot, error) {
	if name == s.relPath(snap.URI) || name == filePath(snap.URI) {
		return uri.URI(snap.URI), snap, nil
	}
	abs, err := s.inWorkspace(snap, name)
	if err != nil {
		return "", nil, err
	}
	u := uri.File(abs)
	if open, err := s.docs.get(string(u)); err == nil {
		return u, open, nil
	}
	data, err := os.ReadFile(abs)
	if errors.Is(err, os.ErrNotExist) {
		return u, textdoc.New(string(u), "", 0, ""), nil
	}
	if err != nil {
		return "", nil, fmt.Errorf("%s: %w", name, err)
	}
	return u, textdoc.New(string(u), "", 0, string(data)), nil
}

// inWorkspace returns the absolute path of name, relative to the root that
// holds the document, when it stays inside a workspace root.
func (s *server) inWorkspace(snap *textdoc.Snapshot, name string) (string, error) {
	clean, err := diffing.CleanPath(name)
	if err != nil {
		return "", fmt.Errorf("%s: %w", name, err)
	}
	s.mu.Lock()
	roots := append([]string(nil), s.roots...)
	s.mu.Unlock()
	if len(roots) == 0 {
		return "", fmt.Errorf("%s: no workspace root to edit other files in: %w", name, ErrOutsideWorkspace)
	}
	abs := clean
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(rootOf(roots, filePath(snap.URI)), clean)
	}
	for _, root := range roots {
		if within(root, abs) && within(realPath(root), realPath(abs)) {
			return abs, nil
		}
	}
	return "", fmt.Errorf("%s: %w", name, ErrOutsideWorkspace)
}

// rootOf returns the root holding path, or the first root.
func rootOf(roots []string, path string) string {
	for _, r := range roots {
		if within(r, path) {
			return r
		}
	}
	return roots[0]
}

// within reports whether path is root or below it.
func within(root, path string) bool {
	rel, err := filepath.Rel(root, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// realPath resolves symbolic links in the longest existing prefix of path.
func realPath(path string) string {
	rest := ""
	for p := path; ; p = filepath.Dir(p) {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			return filepath.Join(real, rest)
		}
		if p == filepath.Dir(p) {
			return path
		}
		rest = filepath.Join(filepath.Base(p), rest)
	}
}

// lookupFile gives the editor feature the text of another workspace file a
// proposal names.
func (s *server) lookupFile(name string) (string, bool) {
	abs, err := s.inWorkspace(textdoc.New("", "", 0, ""), name)
	if err != nil {
		return "", false
	}
	if open, err := s.docs.get(string(uri.File(abs))); err == nil {
		return open.Text, true
	}
	info, err := os.Stat(abs)
	if err != nil || !info.Mode().IsRegular() || info.Size() > int64(s.config.get().Actions.MaxFileBytes) {
		return "", false
	}
	data, err := os.ReadFile(abs)
	return string(data), err == nil
}
