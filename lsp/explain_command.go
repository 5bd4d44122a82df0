package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/lspilot/lspilot/lsp/textdoc"
)

// actionExplain is the action of the Explain code action.
const actionExplain = "explain"

// explainDeadline bounds an explanation the user asked for; hover has its
// own, shorter deadline.
const explainDeadline = 30 * time.Second

// ExplainResult is the result of CommandExplain.
type ExplainResult struct {
	Markdown string `json:"markdown"`
	// Partial says the deadline cut the explanation.
	Partial bool `json:"partial"`
}

// explainAction is the Explain code action: a command, since it changes no
// text.
func (s *server) explainAction(snap *textdoc.Snapshot, rng protocol.Range) *protocol.CodeAction {
	raw, _ := json.Marshal(actionData{URI: snap.URI, Version: snap.Version, Action: actionExplain, Range: rng})
	title := "Explain with AI"
	return &protocol.CodeAction{
		Title:   title,
		Data:    raw,
		Command: protocol.Command{Title: title, Command: CommandExplain, Arguments: []protocol.LSPAny{raw}},
	}
}

// runExplain answers CommandExplain: the explanation streams as progress,
// ends as a window/showMessage and is returned.
func (s *server) runExplain(ctx context.Context, params *protocol.ExecuteCommandParams) (protocol.LSPAny, error) {
	var data actionData
	if len(params.Arguments) != 1 || json.Unmarshal(params.Arguments[0], &data) != nil || data.URI == "" {
		return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "%s takes one argument, the Explain action's data", params.Command)
	}
	req, snap, err := s.editRequest(data)
	if err != nil {
		return nil, err
	}
	jsonrpc2.Async(ctx)
	p := s.startProgress(ctx, params.WorkDoneToken, "Explain")
	pctx, stop := p.context(ctx)
	defer stop()
	xreq := s.explainRequest(snap, req.Start, req.End)
	xreq.Path, xreq.Invoked, xreq.Deadline = req.Path, true, explainDeadline
	ex, err := s.features.Load().Explainer.Explain(pctx, xreq, p.report)
	switch {
	case err != nil:
		p.end("failed: " + err.Error())
		if pctx.Err() != nil {
			return nil, pctx.Err()
		}
		return nil, jsonrpc2.NewError(codeRequestFailed, "lspilot: "+err.Error())
	case ex.Markdown == "":
		p.end("nothing to explain")
		return nil, jsonrpc2.NewError(codeRequestFailed, "lspilot: the model had nothing to say about this code")
	}
	p.end("done")
	msg := ex.Markdown
	if err := s.client.ShowMessage(ctx, &protocol.ShowMessageParams{Type: protocol.MessageTypeInfo, Message: msg}); err != nil {
		s.logger.Debug("show explanation", zap.Error(err))
	}
	out, err := json.Marshal(ExplainResult{Markdown: ex.Markdown, Partial: ex.Partial})
	if err != nil {
		return nil, fmt.Errorf("encode explanation: %w", err)
	}
	return out, nil
}
