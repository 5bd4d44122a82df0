package lsp

// selection is a span of a document version, in bytes.
type selection struct {
	version    int32
	start, end int
}

// setSelection records the editor's selection in a document; an empty one
// forgets it. Editors send the selection with every code-action request
// (VS Code asks whenever the selection changes), and hover, which carries
// only a position, explains a selection that holds it.
func (s *server) setSelection(uri string, sel selection) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if sel.start == sel.end {
		delete(s.selections, uri)
		return
	}
	if s.selections == nil {
		s.selections = map[string]selection{}
	}
	s.selections[uri] = sel
}

// selectionAt returns the recorded selection of a document version that
// holds off.
func (s *server) selectionAt(uri string, version int32, off int) (selection, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sel, ok := s.selections[uri]
	if !ok || sel.version != version || off < sel.start || off >= sel.end {
		return selection{}, false
	}
	return sel, true
}
