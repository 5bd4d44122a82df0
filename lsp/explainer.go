package lsp

import (
	"context"

	"github.com/lspilot/lspilot/inference/explain"
)

// engineExplainer serves hover and the explain command from the explain
// engine.
type engineExplainer struct{ e *explain.Engine }

// EngineExplainer adapts an explain engine to the Explainer the server calls.
func EngineExplainer(e *explain.Engine) Explainer { return engineExplainer{e} }

func (x engineExplainer) Explain(ctx context.Context, req ExplainRequest, onText func(string)) (Explanation, error) {
	ex, err := x.e.Explain(ctx, explain.Request{
		Session: req.Session, URI: req.Doc.URI, Path: req.Path, Language: req.Doc.LanguageID,
		Version: req.Doc.Version, Text: req.Doc.Text, Start: req.Start, End: req.End,
		Invoked: req.Invoked, Deadline: req.Deadline,
	}, onText)
	return Explanation{Markdown: ex.Markdown, Partial: ex.Partial}, err
}

func (x engineExplainer) Stats() any { return x.e.Stats() }
