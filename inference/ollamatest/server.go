package ollamatest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ollama/ollama/api"

	"github.com/lspilot/lspilot/inference/proctest"
)

// stopGrace is how long Close waits after SIGTERM before it kills the process group.
const stopGrace = 10 * time.Second

// Server is a running `ollama serve` with the generated models created.
type Server struct {
	URL        string      // base URL, such as http://127.0.0.1:41234
	Host       string      // host:port, the value of OLLAMA_HOST
	Client     *api.Client // client for URL
	FIMModel   string      // Small weights, template with .Suffix
	NoFIMModel string      // Small weights, template without .Suffix: a suffix gets HTTP 400
	LargeModel string      // Large weights, template with .Suffix; empty with WithoutLargeModel

	dir       string // private state: HOME, OLLAMA_MODELS, model files
	transport *http.Transport
	cmd       *exec.Cmd
	log       *proctest.Log
	done      chan struct{} // closed when cmd has been waited for
	err       error         // cmd's exit error, set before done closes
	slowStop  bool          // Close had to kill a server that ignored SIGTERM
}

// Start builds or finds the Ollama binary, starts a server with the generated models and
// stops it when the test ends. It fails the test if any step fails; if the build lacks
// headers, the message names the apt packages to install.
func Start(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s, err := Launch(context.Background(), opts...)
	if err != nil {
		t.Fatalf("start ollama: %v", err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("ollama log tail:\n%s", s.LogTail(8<<10))
		}
		if err := s.Close(); err != nil {
			t.Errorf("stop ollama: %v", err)
		}
		if s.slowStop {
			t.Logf("ollama serve ignored SIGTERM for %v and was killed", stopGrace)
		}
	})
	return s
}

// Launch is Start for callers without a testing.TB, such as TestMain; the caller must Close
// the server. ctx bounds the build and the start, not the server's life.
func Launch(ctx context.Context, opts ...Option) (*Server, error) {
	o := defaultOptions()
	for _, opt := range opts {
		opt(&o)
	}
	bin, err := Binary(ctx, o.progress)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, o.startTimeout)
	defer cancel()
	s, err := spawn(bin, o)
	if err != nil {
		return nil, err
	}
	if err := s.ready(ctx); err != nil {
		return nil, errors.Join(err, s.Close())
	}
	if err := s.createModels(ctx, o); err != nil {
		return nil, errors.Join(err, s.Close())
	}
	return s, nil
}

// spawn starts `ollama serve` on a free loopback port with private state.
func spawn(bin string, o options) (*Server, error) {
	dir, err := os.MkdirTemp("", "ollamatest-")
	if err != nil {
		return nil, fmt.Errorf("create server dir: %w", err)
	}
	for _, sub := range []string{"home", "models", "files"} {
		if err := os.Mkdir(filepath.Join(dir, sub), 0o755); err != nil {
			os.RemoveAll(dir)
			return nil, fmt.Errorf("create server dir: %w", err)
		}
	}
	host, err := proctest.FreeHost()
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	s := &Server{
		URL:  "http://" + host,
		Host: host,
		dir:  dir,
		log:  proctest.NewLog(),
		done: make(chan struct{}),
	}
	s.transport = http.DefaultTransport.(*http.Transport).Clone()
	s.Client = api.NewClient(&url.URL{Scheme: "http", Host: host}, &http.Client{Transport: s.transport})

	env := map[string]string{
		"HOME":          filepath.Join(dir, "home"),
		"OLLAMA_HOST":   host,
		"OLLAMA_MODELS": filepath.Join(dir, "models"),
		"OLLAMA_DEBUG":  "1",
	}
	for k, v := range o.env {
		env[k] = v
	}
	s.cmd = exec.Command(bin, "serve")
	s.cmd.Env = serverEnv(env)
	s.cmd.Dir = dir
	stdout, stderr := s.log.Lines(), s.log.Lines()
	s.cmd.Stdout, s.cmd.Stderr = stdout, stderr
	// A process group lets Close reach the runners that serve starts; Pdeathsig stops the
	// server if the test binary dies first.
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := s.cmd.Start(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("start ollama serve: %w", err)
	}
	go func() {
		s.err = s.cmd.Wait() // returns after both output copies finish
		stdout.Flush()
		stderr.Flush()
		close(s.done)
	}()
	return s, nil
}

// serverEnv returns the test process's environment without its OLLAMA_ settings, plus env.
func serverEnv(env map[string]string) []string {
	var out []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if _, set := env[k]; !set && !strings.HasPrefix(k, "OLLAMA_") {
			out = append(out, kv)
		}
	}
	for k, v := range env {
		out = append(out, k+"="+v)
	}
	return out
}

// ready waits until the server answers /api/version.
func (s *Server) ready(ctx context.Context) error {
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		vctx, cancel := context.WithTimeout(ctx, time.Second)
		_, err := s.Client.Version(vctx)
		cancel()
		if err == nil {
			return nil
		}
		select {
		case <-s.done:
			return fmt.Errorf("ollama serve exited: %v\n%s", s.err, s.LogTail(4<<10))
		case <-ctx.Done():
			return fmt.Errorf("wait for ollama serve: %w: %v\n%s", ctx.Err(), err, s.LogTail(4<<10))
		case <-tick.C:
		}
	}
}

// Close stops the server with SIGTERM, kills its process group if it lingers, and removes
// its private state. It is safe to call more than once.
func (s *Server) Close() error {
	var err error
	s.transport.CloseIdleConnections()
	if s.cmd.Process != nil {
		s.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-s.done:
		case <-time.After(stopGrace):
			// Ollama's graceful stop waits for its handlers, and one that a
			// client hung up on can wait for ever (see ollama.Healer):
			// a slow stop is Ollama's, not the test's, and is killed.
			s.slowStop = true
		}
		// Runners share the group; whatever is left of it goes now.
		syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
		<-s.done
	}
	if rmErr := os.RemoveAll(s.dir); rmErr != nil {
		err = errors.Join(err, fmt.Errorf("remove server dir: %w", rmErr))
	}
	return err
}
