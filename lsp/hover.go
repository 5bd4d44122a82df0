package lsp

import (
	"context"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"
)

// Hover implements protocol.Server: an explanation of the symbol under the
// cursor, streamed from the model within hover.deadlineMs. Hover is sent
// whenever the mouse rests, so it is cheap when unwanted: off with
// hover.enabled, limited per session by hover.minDelayMs, cancelled when the
// client cancels, and never an error for a backend problem.
func (s *server) Hover(ctx context.Context, params *protocol.HoverParams) (*protocol.Hover, error) {
	cfg := s.config.get().Hover
	if !cfg.Enabled {
		return nil, nil
	}
	snap, err := s.snapshot(params.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	off := cursor(snap, params.Position, s.encoding())
	jsonrpc2.Async(ctx)

	ctx, cancel := context.WithTimeout(ctx, time.Duration(cfg.DeadlineMs)*time.Millisecond+time.Second)
	defer cancel()
	ex, err := s.features.Load().Explainer.Explain(ctx, ExplainRequest{
		Session: s.session, Path: s.relPath(snap.URI), Doc: toDocument(snap), Start: off, End: off,
	}, nil)
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
