package lsp

import (
	"context"

	"github.com/lspilot/lspilot/inference/nextedit"
)

// guardedNextEditor keeps excluded documents from the next editor: they
// get no edits and never join its edit history, whose excerpts go into
// the prompts of other documents.
type guardedNextEditor struct {
	NextEditor
	rules privacyRules
}

func (g guardedNextEditor) Suggest(ctx context.Context, req nextedit.Request) ([]nextedit.Suggestion, error) {
	if g.rules.doc(req.Path, req.URI) {
		return nil, nil
	}
	return g.NextEditor.Suggest(ctx, req)
}

func (g guardedNextEditor) Observe(doc nextedit.Document) {
	if !g.rules.doc(doc.Path, doc.URI) {
		g.NextEditor.Observe(doc)
	}
}

func (g guardedNextEditor) Stats() any { return StatsOf(g.NextEditor) }

// observedNextEditor brackets each next-edit request as a generation of
// the session, for its status.
type observedNextEditor struct {
	NextEditor
	s *server
}

func (o observedNextEditor) Suggest(ctx context.Context, req nextedit.Request) ([]nextedit.Suggestion, error) {
	done := o.s.generation(ctx)
	out, err := o.NextEditor.Suggest(ctx, req)
	done(err)
	return out, err
}

func (o observedNextEditor) Stats() any { return StatsOf(o.NextEditor) }
