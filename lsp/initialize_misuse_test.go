package lsp_test

import (
	"strings"
	"testing"

	"go.lsp.dev/jsonrpc2"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest"
	"go.uber.org/zap/zaptest/observer"

	"github.com/lspilot/lspilot/lsp"
	"github.com/lspilot/lspilot/lsp/lsptest"
)

const initializeFrame = `{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"processId":null,"rootUri":null,"capabilities":{}}}`

// TestInitializeMisuse sends initialize requests no client should send,
// before and after the session started: those with an id are answered with
// an error, those without are ignored, and the session goes on.
func TestInitializeMisuse(t *testing.T) {
	tests := []struct {
		name    string
		started bool   // sent after a proper initialize
		give    string // the misused message
		want    int64  // error code of the reply; 0 when no reply is due
	}{
		{"second initialize", true, `{"jsonrpc":"2.0","id":7,"method":"initialize","params":{"capabilities":{}}}`, int64(jsonrpc2.InvalidRequest)},
		{"initialize notification after start", true, `{"jsonrpc":"2.0","method":"initialize","params":{"capabilities":{}}}`, 0},
		{"initialize with null id after start", true, `{"jsonrpc":"2.0","id":null,"method":"initialize","params":{}}`, 0},
		{"initialize notification with garbage params", true, `{"jsonrpc":"2.0","method":"initialize","params":[1,"x"]}`, 0},
		{"initialize notification before start", false, `{"jsonrpc":"2.0","method":"initialize","params":{"capabilities":{}}}`, 0},
		{"null params", false, `{"jsonrpc":"2.0","id":7,"method":"initialize","params":null}`, int64(jsonrpc2.InvalidParams)},
		{"no params", false, `{"jsonrpc":"2.0","id":7,"method":"initialize"}`, int64(jsonrpc2.InvalidParams)},
		{"array params", false, `{"jsonrpc":"2.0","id":7,"method":"initialize","params":[1,2]}`, int64(jsonrpc2.InvalidParams)},
		{"string params", false, `{"jsonrpc":"2.0","id":7,"method":"initialize","params":"hello"}`, int64(jsonrpc2.InvalidParams)},
		{"mistyped fields", false, `{"jsonrpc":"2.0","id":7,"method":"initialize","params":{"capabilities":17,"processId":"x"}}`, int64(jsonrpc2.InvalidParams)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw := lsptest.NewRaw(t, lsp.Options{})
			if tt.started {
				raw.Send(lsptest.Frame(initializeFrame))
				raw.ReadResponse()
				raw.Send(lsptest.Frame(`{"jsonrpc":"2.0","method":"initialized","params":{}}`))
			}
			raw.Send(lsptest.Frame(tt.give))
			if tt.want != 0 {
				m := raw.ReadResponse()
				if string(m.ID) != "7" || m.Error == nil || int64(m.Error.Code) != tt.want {
					t.Fatalf("reply = %s %+v, want error %d for id 7", m.ID, m.Error, tt.want)
				}
			}
			if !tt.started {
				// The session was not started by the misuse: a proper
				// initialize is still the first one.
				raw.Send(lsptest.Frame(initializeFrame))
				if m := raw.ReadResponse(); string(m.ID) != "0" || m.Error != nil {
					t.Fatalf("initialize after the misuse = %+v", m.Error)
				}
			}
			raw.Send(lsptest.Frame(`{"jsonrpc":"2.0","id":8,"method":"shutdown"}`))
			if m := raw.ReadResponse(); string(m.ID) != "8" || m.Error != nil {
				t.Fatalf("shutdown after the misuse = %s %+v, want a result for id 8", m.ID, m.Error)
			}
			raw.Send(lsptest.Frame(`{"jsonrpc":"2.0","method":"exit"}`))
			if err := raw.Served(); err != nil {
				t.Errorf("Serve = %v, want nil after shutdown and exit", err)
			}
		})
	}
}

// TestInitializeNotificationLogged checks that an ignored initialize leaves
// a warning in the log.
func TestInitializeNotificationLogged(t *testing.T) {
	logger, logs := observedLogger(t)
	raw := lsptest.NewRaw(t, lsp.Options{Logger: logger})
	raw.Send(lsptest.Frame(`{"jsonrpc":"2.0","method":"initialize","params":{}}`))
	raw.Send(lsptest.Frame(initializeFrame))
	raw.ReadResponse()
	var found bool
	for _, e := range logs.All() {
		found = found || strings.Contains(e.Message, "ignored initialize")
	}
	if !found {
		t.Error("no log line for an initialize without an id")
	}
}

// observedLogger returns a logger that writes to the test log and keeps its
// entries for inspection.
func observedLogger(t *testing.T) (*zap.Logger, *observer.ObservedLogs) {
	core, logs := observer.New(zapcore.DebugLevel)
	return zap.New(zapcore.NewTee(core, zaptest.NewLogger(t).Core())), logs
}
