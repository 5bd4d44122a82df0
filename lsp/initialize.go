package lsp

import (
	"context"
	"slices"

	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/lspilot/lspilot/lsp/config"
	"github.com/lspilot/lspilot/lsp/textdoc"
)

// Initialize implements protocol.Server.
func (s *server) Initialize(ctx context.Context, params *protocol.InitializeParams) (*protocol.InitializeResult, error) {
	enc := negotiateEncoding(params.Capabilities.General)
	s.mu.Lock()
	s.state = stateInitializing
	s.enc = enc
	if params.Trace != "" {
		s.trace = params.Trace
	}
	s.mu.Unlock()

	s.setRoots(params)
	s.setClientCaps(params.Capabilities)
	if len(params.InitializationOptions) > 0 {
		s.applySettings(ctx, config.FromInit, params.InitializationOptions)
	}
	s.startDefinitions()
	s.logger.Info("initialize",
		zap.String("client", params.ClientInfo.Name),
		zap.String("encoding", enc.String()))
	return &protocol.InitializeResult{
		Capabilities: capabilities(enc, inlineClient(params.Capabilities)),
		ServerInfo:   protocol.ServerInfo{Name: "lspilot", Version: protocol.NewOptional(Version)},
	}, nil
}

// negotiateEncoding picks the client's most preferred encoding; all three
// are supported. Without a list the specification mandates UTF-16.
func negotiateEncoding(general *protocol.GeneralClientCapabilities) textdoc.Encoding {
	if general == nil {
		return textdoc.UTF16
	}
	for _, kind := range general.PositionEncodings {
		if enc, err := textdoc.ParseEncoding(string(kind)); err == nil {
			return enc
		}
	}
	return textdoc.UTF16
}

// inlineClient reports whether the client shows inline completion (ghost
// text) itself.
func inlineClient(c protocol.ClientCapabilities) bool {
	return c.TextDocument != nil && c.TextDocument.InlineCompletion != nil
}

// completionOptions declares the completion list. Trigger characters go to
// clients without inline completion (Helix): they show suggestions only
// through the list, which must open at the places where a suggestion pays.
// A client with ghost text would open its list there too, repeating the
// ghost text in a popup at every space; it asks for the list as it always
// did.
func completionOptions(inline bool) *protocol.CompletionOptions {
	if inline {
		return &protocol.CompletionOptions{}
	}
	return &protocol.CompletionOptions{TriggerCharacters: completionTriggers}
}

// capabilities is what the server offers a client that shows inline
// completion itself, or not.
func capabilities(enc textdoc.Encoding, inline bool) protocol.ServerCapabilities {
	yes := true
	incremental := protocol.TextDocumentSyncKindIncremental
	return protocol.ServerCapabilities{
		PositionEncoding: protocol.PositionEncodingKind(enc.String()),
		TextDocumentSync: &protocol.TextDocumentSyncOptions{
			OpenClose: &yes,
			Change:    &incremental,
			Save:      &protocol.SaveOptions{},
		},
		CompletionProvider:       completionOptions(inline),
		InlineCompletionProvider: protocol.Boolean(true),
		HoverProvider:            protocol.Boolean(true),
		CodeActionProvider: &protocol.CodeActionOptions{
			CodeActionKinds: []protocol.CodeActionKind{
				protocol.CodeActionKindQuickFix,
				protocol.CodeActionKindRefactorRewrite,
				protocol.CodeActionKindSource,
			},
			ResolveProvider: &yes,
		},
		ExecuteCommandProvider: protocol.ExecuteCommandOptions{Commands: commandNames()},
		// Copilot's language server lists only the accept command of next
		// edits; the experimental flag tells other clients that
		// textDocument/copilotInlineEdit is served.
		Experimental: protocol.LSPAny(`{"nextEditSuggestions":true}`),
	}
}

// setClientCaps records the client capabilities the server acts on.
func (s *server) setClientCaps(c protocol.ClientCapabilities) {
	var caps clientCaps
	if w := c.Workspace; w != nil && w.WorkspaceEdit != nil {
		caps.documentChanges = w.WorkspaceEdit.DocumentChanges != nil && *w.WorkspaceEdit.DocumentChanges
		caps.create = slices.Contains(w.WorkspaceEdit.ResourceOperations, protocol.ResourceOperationKindCreate)
		caps.annotations = w.WorkspaceEdit.ChangeAnnotationSupport != nil
	}
	if td := c.TextDocument; td != nil && td.CodeAction != nil {
		caps.resolveEdit = slices.Contains(td.CodeAction.ResolveSupport.Properties, "edit")
	}
	if w := c.Window; w != nil && w.WorkDoneProgress != nil {
		caps.workDoneProgress = *w.WorkDoneProgress
	}
	s.mu.Lock()
	s.caps = caps
	s.mu.Unlock()
}
