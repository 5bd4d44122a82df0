package lsp

import (
	"context"

	"go.lsp.dev/protocol"
)

// CodeAction implements protocol.Server. No model-backed actions are
// offered yet, so the list is empty; the document must still be open.
func (s *server) CodeAction(_ context.Context, params *protocol.CodeActionParams) ([]protocol.CommandOrCodeAction, error) {
	if _, err := s.snapshot(params.TextDocument.URI); err != nil {
		return nil, err
	}
	return []protocol.CommandOrCodeAction{}, nil
}

// CodeActionResolve implements protocol.Server; with no actions offered
// there is nothing to resolve, and the action is returned as it came.
func (s *server) CodeActionResolve(_ context.Context, params *protocol.CodeAction) (*protocol.CodeAction, error) {
	return params, nil
}
