package lsp

import (
	"context"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

// InlineCompletion implements protocol.Server: ghost text at the cursor.
func (s *server) InlineCompletion(ctx context.Context, params *protocol.InlineCompletionParams) (protocol.InlineCompletionResult, error) {
	snap, err := s.snapshot(params.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	enc := s.encoding()
	off := cursor(snap, params.Position, enc)
	jsonrpc2.Async(ctx) // the snapshot is taken: later notifications may proceed

	suggestions, err := s.features.Completer.Complete(ctx, CompletionRequest{
		Doc:     toDocument(snap),
		Offset:  off,
		Invoked: params.Context.TriggerKind == protocol.InlineCompletionTriggerKindInvoked,
	})
	if err != nil {
		return nil, err
	}
	items := make([]protocol.InlineCompletionItem, 0, len(suggestions))
	for _, sg := range suggestions {
		r := protoRange(snap, off, max(sg.ReplaceEnd, off), enc)
		items = append(items, protocol.InlineCompletionItem{
			InsertText: protocol.String(sg.Text),
			Range:      &r,
		})
	}
	return &protocol.InlineCompletionList{Items: items}, nil
}
