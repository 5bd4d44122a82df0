package lsp

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"go.lsp.dev/jsonrpc2"
)

// TestUserText strips the protocol code names jsonrpc2 wraps errors in.
func TestUserText(t *testing.T) {
	tests := []struct{ give, want string }{
		{"invalid params: JSON-RPC parse error: json: bad", "invalid params: json: bad"},
		{"jsonrpc2: server is closing", "server is closing"},
		{"lspilot: apply edit: JSON-RPC internal error: boom", "lspilot: apply edit: boom"},
		{"lspilot: model answer is not a diff", "lspilot: model answer is not a diff"},
	}
	for _, tt := range tests {
		if got := userText(tt.give); got != tt.want {
			t.Errorf("userText(%q) = %q, want %q", tt.give, got, tt.want)
		}
	}
}

// TestWireErrorUserText keeps a wire error's code and drops the code names
// from its message.
func TestWireErrorUserText(t *testing.T) {
	tests := []struct {
		give     error
		wantCode jsonrpc2.Code
		wantMsg  string
	}{
		{fmt.Errorf("apply edit: %w", fmt.Errorf("%w: %w", jsonrpc2.ErrInternal, errors.New("editor broke"))),
			jsonrpc2.InternalError, "apply edit: editor broke"},
		{fmt.Errorf("%w: %w", jsonrpc2.ErrParse, errors.New("bad number")), jsonrpc2.InvalidParams, "invalid params: bad number"},
		{errors.New("plain"), codeRequestFailed, "plain"},
	}
	for _, tt := range tests {
		var wire *jsonrpc2.Error
		if !errors.As(wireError(context.Background(), tt.give), &wire) || wire.Code != tt.wantCode || wire.Message != tt.wantMsg {
			t.Errorf("wireError(%v) = %+v, want code %d message %q", tt.give, wire, tt.wantCode, tt.wantMsg)
		}
	}
}
