package lsp_test

import (
	"context"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/lspilot/lspilot/lsp"
	"github.com/lspilot/lspilot/lsp/lsptest"
)

// TestNotice checks that a session shows the process's notice once after
// initialized, as information or warning, shows nothing when there is none
// or when its own settings name backends, and ends while the notice is
// still awaited.
func TestNotice(t *testing.T) {
	found := lsp.Notice{Message: "using coder found on this machine"}
	tests := []struct {
		name     string
		notice   lsp.Notice
		ok       bool
		block    bool // the notice never comes
		initOpts protocol.LSPAny
		want     []protocol.ShowMessageParams
	}{
		{name: "information", notice: found, ok: true,
			want: []protocol.ShowMessageParams{{Type: protocol.MessageTypeInfo, Message: found.Message}}},
		{name: "warning", notice: lsp.Notice{Warning: true, Message: "none found"}, ok: true,
			want: []protocol.ShowMessageParams{{Type: protocol.MessageTypeWarning, Message: "none found"}}},
		{name: "none", ok: false},
		{name: "session names backends", notice: found, ok: true,
			initOpts: protocol.LSPAny(`{"backends":[{"url":"http://127.0.0.1:1","model":"m"}]}`)},
		{name: "session ends first", block: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			asked := make(chan struct{})
			wait := func(ctx context.Context) (lsp.Notice, bool) {
				close(asked)
				if tt.block {
					<-ctx.Done()
					return lsp.Notice{}, false
				}
				return tt.notice, tt.ok
			}
			e := lsptest.Start(t, lsp.Options{Notice: wait}, &protocol.InitializeParams{InitializationOptions: tt.initOpts})
			<-asked
			if len(tt.want) > 0 {
				lsptest.WaitFor(t, "the notice", func() bool { return len(e.Client.Messages()) > 0 })
			}
			if err := e.Shutdown(); err != nil {
				t.Fatal(err)
			}
			got := e.Client.Messages()
			if len(got) != len(tt.want) {
				t.Fatalf("shown %+v, want %+v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("message %d = %+v, want %+v", i, got[i], tt.want[i])
				}
			}
		})
	}
}
