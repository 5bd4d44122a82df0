package main

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/lspilot/lspilot/lsp"
)

// message is a frame from the server, as far as these tests look at it.
type message struct {
	ID     json.RawMessage `json:"id"`
	Method string          `json:"method"`
	Params json.RawMessage `json:"params"`
	Result json.RawMessage `json:"result"`
}

// request sends a request and returns its result, keeping the status
// notifications that came before it.
func (s *rawSession) request(t *testing.T, id int, method, params string, statuses *[]lsp.StatusParams) json.RawMessage {
	t.Helper()
	s.send(t, `{"jsonrpc":"2.0","id":`+itoa(id)+`,"method":"`+method+`","params":`+params+`}`)
	for {
		var m message
		if err := json.Unmarshal([]byte(s.read(t)), &m); err != nil {
			t.Fatal(err)
		}
		switch {
		case m.Method == lsp.MethodDidChangeStatus:
			var p lsp.StatusParams
			if err := json.Unmarshal(m.Params, &p); err != nil {
				t.Fatal(err)
			}
			*statuses = append(*statuses, p)
		case m.Method == "" && string(m.ID) == itoa(id):
			return m.Result
		}
	}
}

// TestStatusProcess runs the real binary: without a backend the client is
// told at once (Warning), and lspilot.status says so; with a backend that
// is down, a completion turns the status to Error, and lspilot.status
// names the backend and model without the URL's credentials and gives the
// last error.
func TestStatusProcess(t *testing.T) {
	const initialize = `{"capabilities":{}}`
	status := `{"command":"lspilot.status"}`

	s := startRaw(t, nil, binary, "serve", "--config", os.DevNull)
	var got []lsp.StatusParams
	s.request(t, 1, "initialize", initialize, &got)
	s.send(t, `{"jsonrpc":"2.0","method":"initialized","params":{}}`)
	var st lsp.Status
	json.Unmarshal(s.request(t, 2, "workspace/executeCommand", status, &got), &st)
	if len(got) != 1 || got[0].Kind != lsp.StatusWarning || !strings.Contains(got[0].Message, "no backend") {
		t.Errorf("notifications without a backend = %+v, want one Warning", got)
	}
	if st.State != lsp.StateNoBackend || len(st.Backends) != 0 {
		t.Errorf("status without a backend = %+v", st)
	}

	s = startRaw(t, nil, binary, "serve", "--config", os.DevNull,
		"--backend", "http://alice:hunter2pass@127.0.0.1:9", "--model", "m1", "--backend-kind", "ollama")
	got = nil
	s.request(t, 1, "initialize", initialize, &got)
	s.send(t, `{"jsonrpc":"2.0","method":"initialized","params":{}}`)
	s.send(t, `{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///a.go","languageId":"go","version":1,"text":"package a\n\nfunc main() {\n\t\n}\n"}}}`)
	s.request(t, 2, "textDocument/inlineCompletion",
		`{"textDocument":{"uri":"file:///a.go"},"position":{"line":3,"character":1},"context":{"triggerKind":1}}`, &got)
	st = lsp.Status{}
	json.Unmarshal(s.request(t, 3, "workspace/executeCommand", status, &got), &st)
	if len(got) < 3 || got[0].Kind != lsp.StatusNormal || !got[1].Busy || got[len(got)-1].Kind != lsp.StatusError {
		t.Errorf("notifications with a backend down = %+v, want Normal, busy, ..., Error", got)
	}
	if st.State != lsp.StateBackendDown || st.Model != "m1" || st.BackendURL != "http://127.0.0.1:9" ||
		st.LastError == "" || st.Latency.Samples != 0 {
		t.Errorf("status with a backend down = %+v", st)
	}
	if b, _ := json.Marshal(st); strings.Contains(string(b), "hunter2") || strings.Contains(string(b), "alice") {
		t.Errorf("status shows credentials: %s", b)
	}
}
