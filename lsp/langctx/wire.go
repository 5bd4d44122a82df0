package langctx

import (
	"encoding/json"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// The messages lspilot sends as a client: the few fields it needs, in the
// protocol's own types where they are plain structures.

type textDocumentID struct {
	URI string `json:"uri"`
}

type positionParams struct {
	TextDocument textDocumentID    `json:"textDocument"`
	Position     protocol.Position `json:"position"`
}

type didOpenParams struct {
	TextDocument struct {
		URI        string `json:"uri"`
		LanguageID string `json:"languageId"`
		Version    int32  `json:"version"`
		Text       string `json:"text"`
	} `json:"textDocument"`
}

type didChangeParams struct {
	TextDocument struct {
		URI     string `json:"uri"`
		Version int32  `json:"version"`
	} `json:"textDocument"`
	ContentChanges []struct {
		Text string `json:"text"`
	} `json:"contentChanges"`
}

type documentParams struct {
	TextDocument textDocumentID `json:"textDocument"`
}

// initializeParams asks for UTF-8 positions, which gopls, clangd and
// rust-analyzer grant, and declares the features used, no more, and
// progress reports.
func initializeParams(pid int, root string) map[string]any {
	rootURI := string(uri.File(root))
	return map[string]any{
		"processId":  pid,
		"clientInfo": map[string]any{"name": "lspilot"},
		"rootUri":    rootURI,
		"rootPath":   root,
		"workspaceFolders": []map[string]any{
			{"uri": rootURI, "name": "root"},
		},
		"capabilities": map[string]any{
			"general": map[string]any{"positionEncodings": []string{"utf-8", "utf-16"}},
			"textDocument": map[string]any{
				"synchronization": map[string]any{"didSave": false},
				"definition":      map[string]any{"linkSupport": true},
				"typeDefinition":  map[string]any{"linkSupport": true},
				"documentSymbol":  map[string]any{"hierarchicalDocumentSymbolSupport": true},
			},
			"workspace": map[string]any{"workspaceFolders": true, "configuration": true},
			// Progress reports show a server that loads a large workspace
			// alive (see server.handle).
			"window": map[string]any{"workDoneProgress": true},
		},
	}
}

// initializeResult holds what lspilot reads of the server's answer.
type initializeResult struct {
	Capabilities struct {
		PositionEncoding string `json:"positionEncoding"`
	} `json:"capabilities"`
}

// locations decodes a definition answer: null, a Location, a list of
// Locations or a list of LocationLinks.
func locations(raw json.RawMessage) []protocol.Location {
	var one protocol.Location
	if err := json.Unmarshal(raw, &one); err == nil && one.URI != "" {
		return []protocol.Location{one}
	}
	var list []struct {
		protocol.Location
		TargetURI            uri.URI         `json:"targetUri"`
		TargetSelectionRange *protocol.Range `json:"targetSelectionRange"`
		TargetRange          protocol.Range  `json:"targetRange"`
	}
	if err := json.Unmarshal(raw, &list); err != nil {
		return nil
	}
	var out []protocol.Location
	for _, l := range list {
		switch {
		case l.URI != "":
			out = append(out, l.Location)
		case l.TargetURI != "" && l.TargetSelectionRange != nil:
			out = append(out, protocol.Location{URI: l.TargetURI, Range: *l.TargetSelectionRange})
		case l.TargetURI != "":
			out = append(out, protocol.Location{URI: l.TargetURI, Range: l.TargetRange})
		}
	}
	return out
}

// symbol decodes both shapes of a documentSymbol answer: the hierarchical
// DocumentSymbol and the flat SymbolInformation.
type symbol struct {
	Name     string              `json:"name"`
	Kind     protocol.SymbolKind `json:"kind"`
	Range    *protocol.Range     `json:"range"`
	Location *protocol.Location  `json:"location"`
	Children []symbol            `json:"children"`
}

// span returns the symbol's whole range.
func (s symbol) span() (protocol.Range, bool) {
	switch {
	case s.Range != nil:
		return *s.Range, true
	case s.Location != nil:
		return s.Location.Range, true
	}
	return protocol.Range{}, false
}
