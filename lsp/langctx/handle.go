package langctx

import (
	"context"
	"encoding/json"
	"strings"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/uri"
)

// handle answers what the server asks of lspilot as its client. Whatever
// the server sends shows it alive: a server busy loading a large workspace
// reports progress and logs while its answers wait, and is not hung.
func (s *server) handle(_ context.Context, req *jsonrpc2.Request) (any, error) {
	s.alive()
	switch req.Method() {
	case "workspace/configuration":
		var p struct {
			Items []json.RawMessage `json:"items"`
		}
		json.Unmarshal(req.Params(), &p)
		return make([]any, len(p.Items)), nil
	case "workspace/workspaceFolders":
		return []map[string]string{{"uri": string(uri.File(s.m.cfg.Root)), "name": "root"}}, nil
	case "workspace/applyEdit":
		return map[string]bool{"applied": false}, nil
	}
	if !req.IsCall() || strings.HasPrefix(req.Method(), "window/") || strings.HasPrefix(req.Method(), "client/") {
		return nil, nil
	}
	return nil, jsonrpc2.NewError(jsonrpc2.MethodNotFound, "lspilot does not serve "+req.Method())
}
