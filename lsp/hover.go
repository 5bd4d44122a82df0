package lsp

import (
	"context"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/lspilot/lspilot/inference/explain"
	"github.com/lspilot/lspilot/lsp/textdoc"
)

// Hover implements protocol.Server: an explanation of the symbol under the
// cursor, or of the selection that holds it, streamed from the model within
// hover.deadlineMs. Hover is sent whenever the mouse rests, so it is cheap
// when unwanted: off with hover.enabled, limited to selections with
// hover.selectionOnly, limited per session by hover.minDelayMs, cancelled
// when the client cancels, and never an error for a backend problem.
func (s *server) Hover(ctx context.Context, params *protocol.HoverParams) (*protocol.Hover, error) {
	cfg := s.config.Get().Hover
	if !cfg.Enabled {
		return nil, nil
	}
	snap, err := s.snapshot(params.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	off := cursor(snap, params.Position, s.encoding())
	start, end := off, off
	if sel, ok := s.selectionAt(snap.URI, snap.Version, off); ok {
		start, end = sel.start, sel.end
	} else if cfg.SelectionOnly {
		return nil, nil
	}
	jsonrpc2.Async(ctx)
	ex, err := s.explain(ctx, snap, start, end, nil)
	switch {
	case err != nil && ctx.Err() != nil:
		return nil, err
	case err != nil:
		s.logger.Debug("no hover", zap.String("uri", snap.URI), zap.Error(err))
		return nil, nil
	case ex.Markdown == "":
		return nil, nil
	}
	return &protocol.Hover{Contents: &protocol.MarkupContent{Kind: protocol.MarkupKindMarkdown, Value: ex.Markdown}}, nil
}

// explain asks the explainer about [start, end) of snap, bounded by a little
// more than hover.deadlineMs in case the explainer overruns its own.
func (s *server) explain(ctx context.Context, snap *textdoc.Snapshot, start, end int, onText func(string)) (explain.Explanation, error) {
	deadline := time.Duration(s.config.Get().Hover.DeadlineMs) * time.Millisecond
	ctx, cancel := context.WithTimeout(ctx, deadline+time.Second)
	defer cancel()
	return s.features.Load().Explainer.Explain(ctx, s.explainRequest(snap, start, end), onText)
}

// explainRequest is the engine's request for snap.Text[start:end], or the
// symbol at start when the span is empty.
func (s *server) explainRequest(snap *textdoc.Snapshot, start, end int) explain.Request {
	return explain.Request{
		Session: s.session, URI: snap.URI, Path: s.relPath(snap.URI), Language: snap.LanguageID,
		Version: snap.Version, Text: snap.Text, Start: start, End: end,
	}
}
