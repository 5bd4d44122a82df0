package lsp_test

import (
	"strings"
	"testing"

	"go.lsp.dev/jsonrpc2"

	"github.com/lspilot/lspilot/lsp"
	"github.com/lspilot/lspilot/lsp/lsptest"
)

// TestConfigurationOnTheWire sets the message limit through the config file,
// initializationOptions and didChangeConfiguration, and checks each takes
// effect; an invalid value is reported by name and the previous one kept.
func TestConfigurationOnTheWire(t *testing.T) {
	raw := lsptest.NewRaw(t, lsp.Options{ConfigFile: map[string]any{"server": map[string]any{"maxMessageBytes": int64(1500)}}})
	raw.Send(lsptest.Frame(`{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"processId":null,"rootUri":null,"capabilities":{},"initializationOptions":{"server":{"maxMessageBytes":3000}}}}`))
	raw.ReadResponse()
	padded := func(id string, n int) string {
		body := `{"jsonrpc":"2.0","id":` + id + `,"method":"lspilot/pad","params":{"pad":"`
		return lsptest.Frame(body + strings.Repeat("x", n-len(body)-3) + `"}}`)
	}
	expect := func(id string, wantCode jsonrpc2.Code) {
		t.Helper()
		m := raw.ReadResponse()
		if string(m.ID) != id || m.Error == nil || m.Error.Code != int(wantCode) {
			t.Fatalf("reply = %s %+v, want id %s code %d", m.ID, m.Error, id, wantCode)
		}
	}
	raw.Send(padded("1", 2000)) // above the file's limit, below initializationOptions'
	expect("1", jsonrpc2.MethodNotFound)
	raw.Send(padded("2", 4000))
	expect("2", jsonrpc2.InvalidRequest)

	raw.Send(lsptest.Frame(`{"jsonrpc":"2.0","method":"workspace/didChangeConfiguration","params":{"settings":{"lspilot":{"server":{"maxMessageBytes":"lots"}}}}}`))
	m := raw.Read()
	if m.Method != "window/showMessage" || !strings.Contains(string(m.Params), "server.maxMessageBytes") {
		t.Fatalf("after an invalid setting got %s %s, want a showMessage naming the key", m.Method, m.Params)
	}
	raw.Send(padded("3", 4000)) // previous limit kept
	expect("3", jsonrpc2.InvalidRequest)

	raw.Send(lsptest.Frame(`{"jsonrpc":"2.0","method":"workspace/didChangeConfiguration","params":{"settings":{"server":{"maxMessageBytes":8000}}}}`))
	raw.Send(padded("4", 4000))
	expect("4", jsonrpc2.MethodNotFound)
}
