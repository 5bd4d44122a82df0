package lsp

import (
	"context"
	"strings"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

// Completion implements protocol.Server: the same suggestions as inline
// completion, as a list for clients without inline completion. The list is
// incomplete so that the client asks again as the user types.
func (s *server) Completion(ctx context.Context, params *protocol.CompletionParams) (protocol.CompletionResult, error) {
	snap, err := s.snapshot(params.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	enc := s.encoding()
	off := cursor(snap, params.Position, enc)
	jsonrpc2.Async(ctx)

	suggestions, err := s.features.Completer.Complete(ctx, CompletionRequest{
		Doc:     toDocument(snap),
		Offset:  off,
		Invoked: params.Context.TriggerKind == protocol.CompletionTriggerKindInvoked,
	})
	if err != nil {
		return nil, err
	}
	items := make([]protocol.CompletionItem, 0, len(suggestions))
	for _, sg := range suggestions {
		label, _, _ := strings.Cut(strings.TrimSpace(sg.Text), "\n")
		items = append(items, protocol.CompletionItem{
			Label: label,
			TextEdit: &protocol.TextEdit{
				Range:   protoRange(snap, off, max(sg.ReplaceEnd, off), enc),
				NewText: sg.Text,
			},
		})
	}
	return &protocol.CompletionList{IsIncomplete: true, Items: items}, nil
}
