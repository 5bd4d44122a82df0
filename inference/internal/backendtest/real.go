package backendtest

import (
	"context"
	"fmt"
	"io"
	"os"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/lspilot/lspilot/inference/internal/llamaservertest"
	"github.com/lspilot/lspilot/inference/ollamatest"
)

// RealOllama starts one real Ollama server (package ollamatest) for a test
// binary, on first use, so that unit tests run without it. Its zero value is
// ready.
type RealOllama struct {
	once sync.Once
	srv  *ollamatest.Server
	err  error
}

// Get returns the server, starting it (and building Ollama, the first time
// on a machine) if needed. A server that cannot start fails the test.
func (r *RealOllama) Get(t testing.TB) *ollamatest.Server {
	t.Helper()
	r.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
		defer cancel()
		r.srv, r.err = ollamatest.Launch(ctx, ollamatest.WithoutLargeModel(), ollamatest.WithBuildProgress(os.Stderr))
	})
	if r.err != nil {
		t.Fatalf("start a real ollama: %v", r.err)
	}
	return r.srv
}

// Close stops the server if it was started.
func (r *RealOllama) Close() error {
	if r.srv == nil {
		return nil
	}
	return r.srv.Close()
}

// RealLlamaServer starts one real llama-server (package llamaservertest)
// for a test binary, on first use, so that unit tests run without it. Its
// zero value is ready.
type RealLlamaServer struct {
	once sync.Once
	srv  *llamaservertest.Server
	err  error
}

// Get returns the server, starting it (and building the Debian chroot that
// holds it, the first time on a machine) if needed. A server that cannot
// start fails the test.
func (r *RealLlamaServer) Get(t testing.TB) *llamaservertest.Server {
	t.Helper()
	r.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
		defer cancel()
		r.srv, r.err = llamaservertest.Launch(ctx, llamaservertest.WithBuildProgress(os.Stderr))
	})
	if r.err != nil {
		t.Fatalf("start a real llama-server: %v", r.err)
	}
	return r.srv
}

// Close stops the server if it was started.
func (r *RealLlamaServer) Close() error {
	if r.srv == nil {
		return nil
	}
	return r.srv.Close()
}

// Main runs a package's tests, stops the real servers that tests started,
// then checks for leaked goroutines. It returns the exit code.
func Main(m *testing.M, servers ...io.Closer) int {
	code := m.Run()
	for _, s := range servers {
		if err := s.Close(); err != nil {
			fmt.Fprintln(os.Stderr, "stop a real server:", err)
			code = 1
		}
	}
	if code == 0 {
		if err := goleak.Find(); err != nil {
			fmt.Fprintln(os.Stderr, "goleak:", err)
			code = 1
		}
	}
	return code
}
