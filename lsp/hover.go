package lsp

import (
	"context"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

// Hover implements protocol.Server: an explanation of the code under the
// cursor, or no hover when there is nothing to say.
func (s *server) Hover(ctx context.Context, params *protocol.HoverParams) (*protocol.Hover, error) {
	snap, err := s.snapshot(params.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	off := cursor(snap, params.Position, s.encoding())
	jsonrpc2.Async(ctx)

	text, err := s.features.Load().Explainer.Explain(ctx, ExplainRequest{Doc: toDocument(snap), Start: off, End: off})
	if err != nil || text == "" {
		return nil, err
	}
	return &protocol.Hover{Contents: &protocol.MarkupContent{Kind: protocol.MarkupKindMarkdown, Value: text}}, nil
}
