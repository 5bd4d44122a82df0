package lsp

import (
	"fmt"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/lspilot/lspilot/diffing"
	"github.com/lspilot/lspilot/lsp/textdoc"
)

// workspaceEdit turns a verified proposal into a WorkspaceEdit. With
// documentChanges, each file's edit carries the version it was computed
// against, so the editor refuses it if the file changed meanwhile; clients
// without them get plain changes. Edits of protected files carry a change
// annotation that asks the user to confirm; protected returns those files'
// names.
func (s *server) workspaceEdit(snap *textdoc.Snapshot, res diffing.Result) (we *protocol.WorkspaceEdit, protected []string, err error) {
	caps := s.clientCaps()
	limit := s.config.Get().Actions.MaxFileBytes
	we = &protocol.WorkspaceEdit{}
	for _, f := range res.Files {
		t, err := s.target(snap, f.Path, limit)
		if err != nil {
			return nil, nil, err
		}
		if err := allowed(f, t, caps, limit); err != nil {
			return nil, nil, err
		}
		var ann protocol.ChangeAnnotationIdentifier
		if t.rule.guard == guardConfirm {
			ann = annotate(we, t, len(protected))
			protected = append(protected, t.name)
		}
		edits := textEdits(t.base, f.Edits, s.encoding())
		if !caps.documentChanges {
			if we.Changes == nil {
				we.Changes = map[uri.URI][]protocol.TextEdit{}
			}
			we.Changes[t.uri] = edits
			continue
		}
		we.DocumentChanges = append(we.DocumentChanges, documentChanges(t, f.Create, edits, ann)...)
	}
	return we, protected, nil
}

// allowed refuses a change the server never offers, or that the client
// cannot apply as it must be applied.
func allowed(f diffing.FileResult, t fileTarget, caps clientCaps, limit int) error {
	switch {
	case f.Delete:
		return fmt.Errorf("%s: deleting files is not offered", t.name)
	case t.rule.guard == guardRefuse:
		return fmt.Errorf("%s is %s, never edited by code actions: %w", t.name, t.rule.what, ErrProtected)
	case t.rule.guard == guardConfirm && !(caps.annotations && caps.documentChanges):
		return fmt.Errorf("%s is %s, and the editor cannot ask to confirm the change: %w", t.name, t.rule.what, ErrProtected)
	case f.Create && !caps.create:
		return fmt.Errorf("%s: the editor cannot create files", t.name)
	case f.Create && t.exists:
		return fmt.Errorf("%s: the file to create already exists", t.name)
	case len(f.NewText) > limit:
		return fmt.Errorf("%s: %d bytes exceeds codeActions.maxFileBytes (%d)", t.name, len(f.NewText), limit)
	}
	return nil
}

// annotate adds to we the change annotation for the n-th protected file,
// t, and returns its identifier.
func annotate(we *protocol.WorkspaceEdit, t fileTarget, n int) protocol.ChangeAnnotationIdentifier {
	id := protocol.ChangeAnnotationIdentifier(fmt.Sprintf("lspilot.protected.%d", n))
	if we.ChangeAnnotations == nil {
		we.ChangeAnnotations = map[protocol.ChangeAnnotationIdentifier]protocol.ChangeAnnotation{}
	}
	yes := true
	desc := "An AI code action proposes to change this file. Review the change before you apply it."
	we.ChangeAnnotations[id] = protocol.ChangeAnnotation{
		Label:             fmt.Sprintf("Protected file %s: %s", t.name, t.rule.what),
		NeedsConfirmation: &yes,
		Description:       &desc,
	}
	return id
}

// documentChanges returns the versioned changes of one file: its creation
// when new, then its edits, all under the annotation ann when it is set.
func documentChanges(t fileTarget, create bool, edits []protocol.TextEdit, ann protocol.ChangeAnnotationIdentifier) []protocol.DocumentChange {
	var out []protocol.DocumentChange
	if create {
		cf := &protocol.CreateFile{Kind: "create", URI: t.uri}
		cf.AnnotationID = ann
		out = append(out, cf)
	}
	id := protocol.OptionalVersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: t.uri}}
	if t.base.Version > 0 {
		v := t.base.Version
		id.Version = &v
	}
	elems := make([]protocol.TextDocumentEditElement, len(edits))
	for i := range edits {
		if ann != "" {
			elems[i] = &protocol.AnnotatedTextEdit{TextEdit: edits[i], AnnotationID: ann}
		} else {
			elems[i] = &edits[i]
		}
	}
	return append(out, &protocol.TextDocumentEdit{TextDocument: id, Edits: elems})
}

// textEdits converts byte-offset edits on base into protocol edits.
func textEdits(base *textdoc.Snapshot, edits []diffing.Edit, enc textdoc.Encoding) []protocol.TextEdit {
	out := make([]protocol.TextEdit, len(edits))
	for i, e := range edits {
		out[i] = protocol.TextEdit{Range: protoRange(base, e.Start, e.End, enc), NewText: e.New}
	}
	return out
}
