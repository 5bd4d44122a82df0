package llamaservertest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/lspilot/lspilot/inference/chroottest"
	"github.com/lspilot/lspilot/inference/ollamatest/tinymodel"
	"github.com/lspilot/lspilot/inference/proctest"
)

// stopGrace is how long Close waits after SIGTERM before it kills the server.
const stopGrace = 10 * time.Second

// Package is the Debian package that ships llama-server.
const Package = "llama.cpp-tools"

// Server is a running llama-server with the generated model loaded.
type Server struct {
	URL     string // base URL, such as http://127.0.0.1:41234
	Model   string // the model's name: its file name without .gguf
	Slots   int    // the slot count (-np)
	Context int    // the context size of all slots together (-c)
	Batch   int    // the logical batch size (-b), 0 for the server's default
	Version string // the Debian version of llama.cpp-tools, such as 1:0.7.0+dfsg-2

	root      *chroottest.Root
	dir       string // inside the chroot: the model file
	transport *http.Transport
	cmd       *exec.Cmd
	log       *proctest.Log
	done      chan struct{} // closed when cmd has been waited for
	err       error         // cmd's exit error, set before done closes
}

// Start builds or finds the chroot, starts a server and stops it when the
// test ends, failing the test if any step fails.
func Start(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s, err := Launch(context.Background(), opts...)
	if err != nil {
		t.Fatalf("start llama-server: %v", err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("llama-server log tail:\n%s", s.LogTail(8<<10))
		}
		if err := s.Close(); err != nil {
			t.Errorf("stop llama-server: %v", err)
		}
	})
	return s
}

// Launch is Start for callers without a testing.TB; the caller must Close
// the server. ctx bounds the chroot build and the start, not the server's
// life.
func Launch(ctx context.Context, opts ...Option) (*Server, error) {
	o := defaultOptions()
	for _, opt := range opts {
		opt(&o)
	}
	root, err := chroottest.Ensure(ctx, o.progress)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, o.startTimeout)
	defer cancel()
	s, err := spawn(root, o)
	if err != nil {
		return nil, err
	}
	if err := s.ready(ctx); err != nil {
		return nil, errors.Join(err, s.Close())
	}
	return s, nil
}

// spawn writes the model into the chroot and starts llama-server on it.
func spawn(root *chroottest.Root, o options) (*Server, error) {
	versions, err := root.Versions()
	if err != nil {
		return nil, err
	}
	dir, err := root.MkdirTemp("llamaserver-")
	if err != nil {
		return nil, err
	}
	model := path.Join(dir, o.model.Name+".gguf")
	if err := tinymodel.WriteFile(root.Path(model), o.model); err != nil {
		os.RemoveAll(root.Path(dir))
		return nil, err
	}
	host, err := proctest.FreeHost()
	if err != nil {
		os.RemoveAll(root.Path(dir))
		return nil, err
	}
	addr, port, _ := strings.Cut(host, ":")
	s := &Server{
		URL: "http://" + host, Model: o.model.Name, Slots: o.slots, Context: o.context, Batch: o.batch, Version: versions[Package],
		root: root, dir: dir, log: proctest.NewLog(), done: make(chan struct{}),
		transport: http.DefaultTransport.(*http.Transport).Clone(),
	}
	args := append([]string{"-m", model, "--host", addr, "--port", port,
		"-np", strconv.Itoa(o.slots), "-c", strconv.Itoa(o.context), "--slots", "--no-webui"}, o.args...)
	if o.batch > 0 {
		args = append(args, "-b", strconv.Itoa(o.batch))
	}
	s.cmd = root.Command(context.Background(), "llama-server", args...)
	stdout, stderr := s.log.Lines(), s.log.Lines()
	s.cmd.Stdout, s.cmd.Stderr = stdout, stderr
	if err := s.cmd.Start(); err != nil {
		os.RemoveAll(root.Path(dir))
		return nil, fmt.Errorf("start llama-server: %w", err)
	}
	go func() {
		s.err = s.cmd.Wait() // returns after both output copies finish
		stdout.Flush()
		stderr.Flush()
		close(s.done)
	}()
	return s, nil
}

// ready waits until /health answers 200, which it does once the model is
// loaded.
func (s *Server) ready(ctx context.Context) error {
	client := &http.Client{Transport: s.transport, Timeout: time.Second}
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		err := s.health(ctx, client)
		if err == nil {
			return nil
		}
		select {
		case <-s.done:
			return fmt.Errorf("llama-server exited: %v\n%s", s.err, s.LogTail(4<<10))
		case <-ctx.Done():
			return fmt.Errorf("wait for llama-server: %w: %v\n%s", ctx.Err(), err, s.LogTail(4<<10))
		case <-tick.C:
		}
	}
}

func (s *Server) health(ctx context.Context, client *http.Client) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.URL+"/health", nil)
	if err != nil {
		return err
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("/health: %s", resp.Status)
	}
	return nil
}

// Close stops the server with SIGTERM, kills it if it lingers, and removes
// the model. It is safe to call more than once.
func (s *Server) Close() error {
	var err error
	s.transport.CloseIdleConnections()
	if s.cmd.Process != nil {
		s.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-s.done:
		case <-time.After(stopGrace):
			err = fmt.Errorf("llama-server ignored SIGTERM for %v", stopGrace)
		}
		syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
		<-s.done
	}
	if rmErr := os.RemoveAll(s.root.Path(s.dir)); rmErr != nil {
		err = errors.Join(err, fmt.Errorf("remove model dir: %w", rmErr))
	}
	return err
}
