package lsp_test

import (
	"strings"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/lspilot/lspilot/lsp"
	"github.com/lspilot/lspilot/lsp/lsptest"
)

// TestSetTrace turns tracing on with $/setTrace and checks that handled
// messages are reported through $/logTrace, without their parameters.
func TestSetTrace(t *testing.T) {
	e := lsptest.Start(t, lsp.Options{}, nil)
	if err := e.Server.SetTrace(t.Context(), &protocol.SetTraceParams{Value: protocol.TraceValueVerbose}); err != nil {
		t.Fatal(err)
	}
	e.Open("file:///t.go", "go", "package secret\n")
	if _, err := e.State("file:///t.go"); err != nil {
		t.Fatal(err)
	}
	lsptest.WaitFor(t, "a trace of the request", func() bool {
		for _, tr := range e.Client.Traces() {
			if strings.Contains(tr.Message, "workspace/executeCommand") {
				return true
			}
		}
		return false
	})
	for _, tr := range e.Client.Traces() {
		if strings.Contains(tr.Message, "secret") {
			t.Errorf("trace leaks document text: %q", tr.Message)
		}
	}
	if err := e.Server.SetTrace(t.Context(), &protocol.SetTraceParams{Value: protocol.TraceValueOff}); err != nil {
		t.Fatal(err)
	}
}
