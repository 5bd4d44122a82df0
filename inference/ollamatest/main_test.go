package ollamatest

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// srv is the server that every test and benchmark of the package shares.
var srv *Server

func TestMain(m *testing.M) {
	os.Exit(runMain(m))
}

func runMain(m *testing.M) int {
	// The first run may build the binary, which takes minutes.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	var err error
	srv, err = Launch(ctx, WithBuildProgress(os.Stderr))
	if err != nil {
		fmt.Fprintln(os.Stderr, "start ollama:", err)
		return 1
	}
	code := m.Run()
	if code != 0 {
		fmt.Fprintf(os.Stderr, "ollama log tail:\n%s\n", srv.LogTail(8<<10))
	}
	if err := srv.Close(); err != nil {
		fmt.Fprintln(os.Stderr, "stop ollama:", err)
		code = 1
	}
	if err := goleak.Find(); err != nil && code == 0 {
		fmt.Fprintln(os.Stderr, "goleak:", err)
		code = 1
	}
	return code
}
