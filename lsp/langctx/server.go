package langctx

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.uber.org/zap"

	"github.com/lspilot/lspilot/lsp/textdoc"
)

// State is where a language server stands.
type State string

// States.
const (
	StateStarting   State = "starting"
	StateRunning    State = "running"
	StateRestarting State = "restarting"
	StateFailed     State = "failed"
	StateNotFound   State = "not found"
)

// ServerStatus reports one language server.
type ServerStatus struct {
	Language  string   `json:"language"`
	Command   []string `json:"command"`
	State     State    `json:"state"`
	Restarts  int      `json:"restarts"`
	LastError string   `json:"lastError,omitempty"`
	// PID is the server's process while it runs.
	PID int `json:"pid,omitempty"`
}

// Timeouts of the server's life.
const (
	initTimeout     = 60 * time.Second
	shutdownTimeout = 2 * time.Second
	// hungAfter is how many requests in a row may time out before the
	// server is taken for hung and restarted.
	hungAfter = 3
)

// errNotRunning is the answer of a server between two runs.
var errNotRunning = errors.New("language server not running")

// server runs one language server process for the Manager, restarting it
// when it ends unasked, and mirrors the Manager's documents of its
// languages to it.
type server struct {
	m       *Manager
	langs   string // the language ids it serves, for Status
	command []string
	logger  *zap.Logger
	wake    chan struct{} // documents changed; capacity 1
	done    chan struct{} // closed when run returns

	mu       sync.Mutex
	st       ServerStatus      // guarded by mu
	conn     jsonrpc2.Conn     // guarded by mu; nil unless running
	enc      textdoc.Encoding  // guarded by mu
	proc     *os.Process       // guarded by mu
	sent     map[string]uint64 // guarded by mu; generation of each document sent, by URI
	flushed  chan struct{}     // guarded by mu; closed and replaced after each sync
	timeouts int               // guarded by mu; requests in a row that timed out
	answered time.Time         // guarded by mu; when the server last answered
}

func newServer(m *Manager, langs string, command []string) *server {
	return &server{
		m: m, langs: langs, command: command,
		logger:  m.cfg.Logger.With(zap.String("language", langs)),
		wake:    make(chan struct{}, 1),
		done:    make(chan struct{}),
		flushed: make(chan struct{}),
		st:      ServerStatus{Language: langs, Command: command, State: StateStarting},
	}
}

// run starts the server and restarts it until ctx ends or the restarts
// are spent.
func (s *server) run(ctx context.Context) {
	defer close(s.done)
	b := s.m.cfg.Backoff
	fails := 0
	for {
		started := s.m.cfg.Now()
		err := s.session(ctx)
		if ctx.Err() != nil {
			return
		}
		if s.m.cfg.Now().Sub(started) >= b.Stable {
			fails = 0
		}
		fails++
		s.logger.Warn("language server ended", zap.Error(err))
		if fails > b.MaxRestarts {
			s.setState(StateFailed, err, false)
			return
		}
		s.setState(StateRestarting, err, true)
		select {
		case <-ctx.Done():
			return
		case <-time.After(b.Delay(fails)):
		}
	}
}

// setState records a state, the error that led there, and a restart.
func (s *server) setState(st State, err error, restart bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.State = st
	if err != nil {
		s.st.LastError = err.Error()
	}
	if restart {
		s.st.Restarts++
	}
}

// status returns the server's status.
func (s *server) status() ServerStatus {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st
}

// session runs the server once: it starts the process, initializes it and
// keeps its documents in sync until the process ends or ctx does, when it
// shuts the server down.
func (s *server) session(ctx context.Context) error {
	cmd := exec.Command(s.command[0], s.command[1:]...)
	cmd.Dir, cmd.Env = s.m.cfg.Root, s.m.cfg.Env
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // its helpers end with it
	stderr := &stderrTail{}
	cmd.Stderr = stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return fmt.Errorf("start %s: %w", s.command[0], err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return fmt.Errorf("start %s: %w", s.command[0], err)
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start %s: %w", s.command[0], err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	conn := jsonrpc2.NewConn(jsonrpc2.NewStream(pipe{stdout, stdin}))
	conn.Go(ctx, s.handle)
	defer func() {
		s.detach()
		killGroup(cmd.Process)
		<-exited
		conn.Close()
	}()
	s.mu.Lock()
	s.proc, s.st.PID = cmd.Process, cmd.Process.Pid
	s.mu.Unlock()
	if err := s.initialize(ctx, conn); err != nil {
		// A server that could not start says why on its error output, all
		// of which is read once the process has been waited for.
		select {
		case e := <-exited:
			exited <- e // for the deferred wait
		case <-time.After(stderrGrace):
		}
		return errors.New(stderr.explain("initialize", err))
	}
	s.logger.Info("language server running", zap.Strings("command", s.command), zap.Int("pid", cmd.Process.Pid))
	s.poke()
	for {
		select {
		case <-ctx.Done():
			s.shutdown(conn, exited)
			return nil
		case err := <-exited:
			exited <- err // for the deferred wait
			return errors.New(stderr.explain("exited", err))
		case <-conn.Done():
			return errors.New(stderr.explain("connection ended", conn.Err()))
		case <-s.wake:
			if err := s.flush(ctx, conn); err != nil {
				return err
			}
		}
	}
}

// initialize performs the handshake and publishes the connection.
func (s *server) initialize(ctx context.Context, conn jsonrpc2.Conn) error {
	ictx, cancel := context.WithTimeout(ctx, initTimeout)
	defer cancel()
	var res initializeResult
	if _, err := conn.Call(ictx, "initialize", initializeParams(os.Getpid(), s.m.cfg.Root), &res); err != nil {
		return fmt.Errorf("initialize: %w", err)
	}
	if err := conn.Notify(ictx, "initialized", map[string]any{}); err != nil {
		return fmt.Errorf("initialized: %w", err)
	}
	enc := textdoc.UTF16
	if res.Capabilities.PositionEncoding == "utf-8" {
		enc = textdoc.UTF8
	}
	s.mu.Lock()
	s.conn, s.enc, s.sent, s.timeouts, s.answered = conn, enc, map[string]uint64{}, 0, s.m.cfg.Now()
	s.st.State = StateRunning
	s.mu.Unlock()
	return nil
}

// detach forgets the connection of a run that ended.
func (s *server) detach() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.conn, s.proc, s.sent, s.st.PID = nil, nil, nil, 0
}

// shutdown asks the server to end, and ends it if it does not in time.
func (s *server) shutdown(conn jsonrpc2.Conn, exited chan error) {
	ctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if _, err := conn.Call(ctx, "shutdown", nil, nil); err == nil {
		conn.Notify(ctx, "exit", nil)
	}
	select {
	case err := <-exited:
		exited <- err
	case <-ctx.Done():
	}
}

// killGroup ends a process and the processes it started.
func killGroup(p *os.Process) {
	if p == nil {
		return
	}
	syscall.Kill(-p.Pid, syscall.SIGKILL)
	p.Kill()
}

// pipe joins the process's output and input into one stream.
type pipe struct {
	io.ReadCloser
	w io.WriteCloser
}

func (p pipe) Write(b []byte) (int, error) { return p.w.Write(b) }

func (p pipe) Close() error {
	return errors.Join(p.w.Close(), p.ReadCloser.Close())
}
