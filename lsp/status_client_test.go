package lsp_test

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"go.uber.org/zap/zaptest"

	"github.com/lspilot/lspilot/lsp"
	"github.com/lspilot/lspilot/lsp/lsptest"
)

// TestQueryStatus asks a listener for its status as lspilot daemon status
// does: the answer names this process and counts the asking session.
func TestQueryStatus(t *testing.T) {
	ln, err := net.Listen("unix", filepath.Join(t.TempDir(), "d.sock"))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() {
		served <- lsp.ServeListener(ctx, ln, lsp.Options{Logger: zaptest.NewLogger(t)}, lsp.ListenConfig{})
	}()
	defer func() {
		cancel()
		if err := <-served; err != nil {
			t.Error(err)
		}
	}()
	for i := 1; i <= 2; i++ {
		conn, err := net.Dial("unix", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		conn.SetDeadline(time.Now().Add(lsptest.Timeout))
		st, err := lsp.QueryStatus(conn, "test")
		conn.Close()
		if err != nil {
			t.Fatal(err)
		}
		// The previous session may still be ending on the server's side.
		if st.PID != os.Getpid() || st.Sessions < 1 || st.Sessions > i || st.TotalSessions != i {
			t.Errorf("status %+v: want pid %d, 1 to %d sessions open, %d served", st, os.Getpid(), i, i)
		}
	}
}
