package lsp

import (
	"context"

	"github.com/lspilot/lspilot/inference/edit"
)

// engineEditor serves code actions from the edit engine.
type engineEditor struct{ e *edit.Engine }

// EngineEditor adapts an edit engine to the CodeEditor the server calls.
func EngineEditor(e *edit.Engine) CodeEditor { return engineEditor{e} }

func (x engineEditor) Edit(ctx context.Context, req EditRequest, onText func(string)) (EditResult, error) {
	diags := make([]edit.Diagnostic, len(req.Diagnostics))
	for i, d := range req.Diagnostics {
		diags[i] = edit.Diagnostic{Line: d.Line, Message: d.Message}
	}
	res, err := x.e.Edit(ctx, edit.Request{
		Session: req.Session, URI: req.Doc.URI, Path: req.Path, Language: req.Doc.LanguageID,
		Text: req.Doc.Text, Start: req.Start, End: req.End, Action: req.Action, Diagnostics: diags,
		Lookup: req.Lookup,
	}, onText)
	if err != nil {
		return EditResult{}, err
	}
	return EditResult{Files: res.Files, Preview: res.Preview}, nil
}

func (x engineEditor) Stats() any { return x.e.Stats() }
