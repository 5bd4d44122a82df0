package lsptest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
	"go.uber.org/zap/zaptest"

	"github.com/lspilot/lspilot/lsp"
	"github.com/lspilot/lspilot/lsp/textdoc"
)

// Timeout bounds every wait of an Editor, so a broken server fails a test
// instead of hanging it.
const Timeout = 30 * time.Second

// Editor is a fake editor connected to a real server session.
type Editor struct {
	t      testing.TB
	ctx    context.Context
	conn   jsonrpc2.Conn
	Server protocol.Server // typed requests to the server
	Client *Recorder       // what the server sent to the editor
	served chan error      // Serve's result

	mu   sync.Mutex
	docs map[string]*textdoc.Snapshot // guarded by mu; the editor's copies
	enc  textdoc.Encoding             // guarded by mu
}

// New starts a server session with opts and connects an editor to it,
// without initializing. The session is torn down when the test ends.
func New(t testing.TB, opts lsp.Options) *Editor {
	t.Helper()
	if opts.Logger == nil {
		opts.Logger = zaptest.NewLogger(t)
	}
	serverSide, clientSide := net.Pipe()
	e := &Editor{t: t, Client: &Recorder{}, served: make(chan error, 1), docs: map[string]*textdoc.Snapshot{}}
	go func() { e.served <- lsp.Serve(context.Background(), serverSide, opts) }()

	ctx, cancel := context.WithCancel(context.Background())
	e.ctx, e.conn, e.Server = connect(ctx, e.Client, clientSide)
	t.Cleanup(func() {
		cancel()
		clientSide.Close()
		e.conn.Close()
		select {
		case <-e.served:
		case <-time.After(Timeout):
			t.Error("server session did not end")
		}
	})
	return e
}

// connect is the editor's end of the connection. Unlike protocol.NewClient,
// it handles the server's messages one at a time in wire order, as editors
// do, so notifications are recorded in the order the server sent them and
// before the reply to the request that caused them.
func connect(ctx context.Context, client *Recorder, rwc net.Conn) (context.Context, jsonrpc2.Conn, protocol.Server) {
	ctx = protocol.WithClient(ctx, client)
	conn, server := Connect(ctx, client, rwc)
	return ctx, conn, server
}

// Connect is an editor's end of a connection to a server over rwc, such as
// a server process's pipes: client records what the server sends, status
// notifications included, one message at a time in wire order.
func Connect(ctx context.Context, client *Recorder, rwc io.ReadWriteCloser) (jsonrpc2.Conn, protocol.Server) {
	conn := jsonrpc2.NewConn(jsonrpc2.NewHeaderStream(rwc), jsonrpc2.WithCodec(lsp.Codec{}))
	conn.Go(ctx, protocol.ClientHandler(client, client.handleExtra))
	return conn, protocol.ServerDispatcher(conn)
}

// Start is New followed by initialize and initialized with params.
func Start(t testing.TB, opts lsp.Options, params *protocol.InitializeParams) *Editor {
	t.Helper()
	e := New(t, opts)
	if params == nil {
		params = &protocol.InitializeParams{}
	}
	res, err := e.Server.Initialize(e.context(), params)
	if err != nil {
		t.Fatalf("initialize: %v", err)
	}
	enc, err := textdoc.ParseEncoding(string(res.Capabilities.PositionEncoding))
	if err != nil {
		t.Fatalf("initialize: %v", err)
	}
	e.mu.Lock()
	e.enc = enc
	e.mu.Unlock()
	if err := e.Server.Initialized(e.context(), &protocol.InitializedParams{}); err != nil {
		t.Fatalf("initialized: %v", err)
	}
	return e
}

// context returns a context bounded by Timeout.
func (e *Editor) context() context.Context {
	ctx, cancel := context.WithTimeout(e.ctx, Timeout)
	e.t.Cleanup(cancel)
	return ctx
}

// Conn is the editor's connection, for requests the typed Server lacks.
func (e *Editor) Conn() jsonrpc2.Conn { return e.conn }

// Call sends a request and decodes its result into result.
func (e *Editor) Call(method string, params, result any) error {
	return protocol.Call(e.context(), e.conn, method, params, result)
}

// Open opens a document with text.
func (e *Editor) Open(u, languageID, text string) {
	e.t.Helper()
	e.mu.Lock()
	e.docs[u] = textdoc.New(u, languageID, 1, text)
	e.mu.Unlock()
	err := e.Server.DidOpen(e.context(), &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{
		URI: uri.URI(u), LanguageID: protocol.LanguageKind(languageID), Version: 1, Text: text,
	}})
	if err != nil {
		e.t.Fatalf("didOpen: %v", err)
	}
}

// Text returns the editor's copy of a document.
func (e *Editor) Text(u string) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.docs[u].Text
}

// Shutdown sends shutdown and exit, and returns what Serve returned.
func (e *Editor) Shutdown() error {
	e.t.Helper()
	if err := e.Server.Shutdown(e.context()); err != nil {
		e.t.Fatalf("shutdown: %v", err)
	}
	return e.Exit()
}

// Exit sends exit and returns what Serve returned.
func (e *Editor) Exit() error {
	e.t.Helper()
	if err := e.Server.Exit(e.context()); err != nil {
		e.t.Fatalf("exit: %v", err)
	}
	return e.Wait()
}

// Wait returns what Serve returned once the session ends.
func (e *Editor) Wait() error {
	e.t.Helper()
	select {
	case err := <-e.served:
		e.served <- err // keep it for Cleanup
		return err
	case <-time.After(Timeout):
		e.t.Fatal("server session did not end")
		return nil
	}
}

// State asks the server for its view of a document.
func (e *Editor) State(u string) (lsp.DocumentState, error) {
	var st lsp.DocumentState
	arg, _ := json.Marshal(u)
	err := e.Call(protocol.MethodWorkspaceExecuteCommand, &protocol.ExecuteCommandParams{
		Command: lsp.CommandDocumentState, Arguments: []protocol.LSPAny{arg},
	}, &st)
	return st, err
}

// CheckInSync fails the test unless the server's text of u equals the
// editor's.
func (e *Editor) CheckInSync(u string) {
	e.t.Helper()
	st, err := e.State(u)
	if err != nil {
		e.t.Fatalf("document state of %s: %v", u, err)
	}
	sum := sha256.Sum256([]byte(e.Text(u)))
	if want := hex.EncodeToString(sum[:]); st.SHA256 != want {
		e.t.Fatalf("server's %s (%d bytes, v%d) differs from the editor's (%d bytes)", u, st.Bytes, st.Version, len(e.Text(u)))
	}
}
