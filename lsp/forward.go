package lsp

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"
)

// ErrDaemonGone is returned by Forward when the daemon closed the connection
// while the editor was still using it.
var ErrDaemonGone = errors.New("the daemon closed the connection")

// errDaemonStoppedReading is a daemon that took no more of the editor's
// messages and did not close its side within drainTimeout.
var errDaemonStoppedReading = errors.New("the daemon stopped reading the editor's messages")

// drainTimeout bounds the wait for the daemon's last replies once the
// editor's input ended.
const drainTimeout = 2 * time.Second

// ForwardOptions configures Forward.
type ForwardOptions struct {
	// Logger receives the forwarder's logs; nil discards them.
	Logger *zap.Logger
	// Daemon names the daemon for the editor: its socket or address.
	Daemon string
	// Hint is a sentence added to what the editor is told when the daemon
	// closes the connection, such as where its log is.
	Hint string
}

// Forward relays LSP messages between an editor (in and out) and a daemon
// serving sessions on conn, until the editor has sent exit and the daemon
// closed the connection, or the editor's input ended. It returns nil after
// shutdown and exit, ErrExitWithoutShutdown after exit alone.
//
// When the daemon closes the connection first, the editor is told with
// window/showMessage, every request it is still waiting for is answered with
// a RequestFailed error, and Forward returns ErrDaemonGone. Forward closes
// conn; a read of in that blocks is left to end with the process.
func Forward(ctx context.Context, in io.Reader, out io.Writer, conn net.Conn, opts ForwardOptions) error {
	if opts.Logger == nil {
		opts.Logger = zap.NewNop()
	}
	f := &forwarder{opts: opts, out: out, pending: make(map[jsonrpc2.ID]string)}
	defer conn.Close()
	fromEditor := make(chan error, 1)
	go func() {
		err := relayFrames(bufio.NewReaderSize(in, 64<<10), conn, f.sawEditorMessage)
		var werr *writeError
		f.mu.Lock()
		f.inputEnded = !errors.As(err, &werr) // before the daemon can see it
		f.mu.Unlock()
		if cw, ok := conn.(interface{ CloseWrite() error }); ok {
			cw.CloseWrite()
		}
		fromEditor <- err
	}()
	toEditor := make(chan error, 1)
	go func() { toEditor <- f.copyToEditor(bufio.NewReaderSize(conn, 64<<10)) }()

	select {
	case <-ctx.Done():
		return nil
	case err := <-toEditor:
		return f.daemonEnded(err)
	case err := <-fromEditor:
		var werr *writeError
		if !errors.As(err, &werr) {
			// The editor's input ended: let the daemon answer what came
			// before, then end as the editor did.
			f.opts.Logger.Debug("editor input ended", zap.Error(err))
			select {
			case <-toEditor:
			case <-time.After(drainTimeout):
			case <-ctx.Done():
			}
			return nil
		}
		select { // the daemon stopped reading: it is going away
		case err = <-toEditor:
		case <-time.After(drainTimeout):
			// Not err: a failed write to the daemon is no sign of the
			// editor closing its output.
			err = errDaemonStoppedReading
		case <-ctx.Done():
			return nil
		}
		return f.daemonEnded(err)
	}
}

// forwarder is the state of one Forward.
type forwarder struct {
	opts ForwardOptions
	out  io.Writer // written by copyToEditor, then by daemonEnded

	mu       sync.Mutex
	pending  map[jsonrpc2.ID]string // requests of the editor not answered yet; guarded by mu
	shutdown bool                   // the editor sent shutdown; guarded by mu
	exit     bool                   // the editor sent exit; guarded by mu
	// inputEnded is set when the editor's input ended; guarded by mu.
	inputEnded bool
}

// sawEditorMessage records a message of the editor before it is relayed.
func (f *forwarder) sawEditorMessage(head []byte) {
	e := peekEnvelope(head)
	f.mu.Lock()
	defer f.mu.Unlock()
	switch {
	case e.method == protocol.MethodExit:
		f.exit = true
	case e.method == "" || !e.id.IsValid():
	default:
		f.shutdown = f.shutdown || e.method == protocol.MethodShutdown
		f.pending[e.id] = e.method
		if ce := f.opts.Logger.Check(zap.DebugLevel, "relaying request"); ce != nil {
			ce.Write(zap.String("method", e.method), zap.Stringer("id", idStringer{e.id}))
		}
	}
}

// sawDaemonMessage records a message of the daemon before it is relayed.
func (f *forwarder) sawDaemonMessage(body []byte) {
	if e := peekEnvelope(body); e.method == "" && e.id.IsValid() {
		f.mu.Lock()
		delete(f.pending, e.id)
		f.mu.Unlock()
	}
}

// copyToEditor relays the daemon's messages whole, so that what the
// editor is told when the daemon goes is never cut into a message.
func (f *forwarder) copyToEditor(r *bufio.Reader) error {
	for {
		frame, body, err := readFrame(r)
		if err != nil {
			return err
		}
		f.sawDaemonMessage(body)
		if _, err := f.out.Write(frame); err != nil {
			return &writeError{err}
		}
	}
}

// daemonEnded decides what the end of the daemon's output means.
func (f *forwarder) daemonEnded(err error) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	var werr *writeError
	switch {
	case errors.As(err, &werr):
		f.opts.Logger.Info("editor output closed", zap.Error(err))
		return nil
	case f.exit && f.shutdown:
		return nil
	case f.exit:
		return ErrExitWithoutShutdown
	case f.inputEnded && !errors.As(err, &werr) && errors.Is(err, io.EOF):
		return nil // the daemon ended the session the editor left
	}
	f.opts.Logger.Error("daemon closed the connection", zap.String("daemon", f.opts.Daemon),
		zap.Int("pending", len(f.pending)), zap.Error(err))
	f.tellEditor()
	return fmt.Errorf("%w (%s)", ErrDaemonGone, f.opts.Daemon)
}

// tellEditor shows the editor what happened and fails its pending
// requests. Called with f.mu held.
func (f *forwarder) tellEditor() {
	text := fmt.Sprintf("lspilot: the shared daemon (%s) closed the connection: it stopped or crashed. "+
		"%d request(s) in flight failed; restart the language server to continue.", f.opts.Daemon, len(f.pending))
	if f.opts.Hint != "" {
		text += " " + f.opts.Hint
	}
	params, _ := json.Marshal(protocol.ShowMessageParams{Type: protocol.MessageTypeError, Message: text})
	msgs := []jsonrpc2.Message{jsonrpc2.NewNotification(protocol.MethodWindowShowMessage, params)}
	for id, method := range f.pending {
		msgs = append(msgs, jsonrpc2.NewResponse(id, nil, jsonrpc2.NewError(jsonrpc2.Code(protocol.LSPErrorCodesRequestFailed),
			fmt.Sprintf("lspilot: %s: the shared daemon closed the connection before answering", method))))
	}
	for _, m := range msgs {
		if err := writeFrame(f.out, m); err != nil {
			f.opts.Logger.Warn("tell the editor", zap.Error(err))
			return
		}
	}
}
