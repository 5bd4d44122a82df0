package lsp

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/lspilot/lspilot/lsp/textdoc"
)

// codeRequestFailed is the LSP RequestFailed code: a request that was valid
// but could not be carried out.
const codeRequestFailed jsonrpc2.Code = -32803

var (
	// ErrUnknownDocument reports a request about a document that is not open.
	ErrUnknownDocument = errors.New("document is not open")
	// ErrOutOfSync reports a document whose last change was refused; it is in
	// sync again after the next full-text change.
	ErrOutOfSync = errors.New("document is out of sync; waiting for a full-text change")
)

// wireError maps err to the JSON-RPC error sent to the client, so that no Go
// error reaches the wire without a code. ctx is the request's context. The
// message is for the user: clients show it as it is.
func wireError(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	var wire *jsonrpc2.Error
	switch {
	case ctx.Err() != nil || errors.Is(err, context.Canceled):
		return protocol.ErrRequestCancelled
	case errors.Is(err, jsonrpc2.ErrParse):
		// The frame was JSON, so the fault is in the parameters.
		return jsonrpc2.NewError(jsonrpc2.InvalidParams, "invalid params: "+userText(err.Error()))
	case errors.As(err, &wire):
		return &jsonrpc2.Error{Code: wire.Code, Message: userText(err.Error()), Data: wire.Data}
	case errors.Is(err, ErrOutOfSync):
		return jsonrpc2.NewError(protocol.CodeContentModified, err.Error())
	case errors.Is(err, ErrUnknownDocument), errors.Is(err, textdoc.ErrOutOfRange):
		return jsonrpc2.NewError(jsonrpc2.InvalidParams, err.Error())
	}
	return jsonrpc2.NewError(codeRequestFailed, userText(err.Error()))
}

// rpcPrefixes are the texts jsonrpc2's sentinel errors put before the
// message of an error they wrap ("JSON-RPC parse error: json: ..."): names
// of protocol codes, which tell a user nothing.
var rpcPrefixes = []string{
	jsonrpc2.ErrParse.Message, jsonrpc2.ErrInvalidRequest.Message, jsonrpc2.ErrMethodNotFound.Message,
	jsonrpc2.ErrInvalidParams.Message, jsonrpc2.ErrInternal.Message, jsonrpc2.ErrUnknown.Message, "jsonrpc2",
}

// userText returns an error message without the protocol code names
// jsonrpc2 wraps errors in, for text shown to the user.
func userText(msg string) string {
	for _, p := range rpcPrefixes {
		msg = strings.ReplaceAll(msg, p+": ", "")
	}
	return msg
}

// panicError is the reply to a request whose handler panicked.
func panicError(method string, v any) error {
	return jsonrpc2.NewError(jsonrpc2.InternalError, fmt.Sprintf("internal error in %s: %v", method, v))
}

// methodNotFound is the reply to a request for a method the server lacks.
func methodNotFound(method string) error {
	return jsonrpc2.Errorf(jsonrpc2.MethodNotFound, "method not found: %s", method)
}

// invalidParams is the reply to a request whose parameters do not decode.
func invalidParams(method string, err error) error {
	return jsonrpc2.Errorf(jsonrpc2.InvalidParams, "%s: invalid params: %v", method, err)
}
