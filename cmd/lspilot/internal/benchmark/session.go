package benchmark

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os/exec"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/lspilot/lspilot/lsp"
	"github.com/lspilot/lspilot/lsp/textdoc"
)

// session is one editor's connection to the server: an LSP session over an
// in-memory pipe, with the editor's copy of its one document.
type session struct {
	ctx    context.Context
	cancel context.CancelFunc
	conn   jsonrpc2.Conn
	server protocol.Server
	served chan error

	uri string
	doc *textdoc.Snapshot // the editor's copy; only the editor's goroutine touches it
}

// dial starts a server session with opts and initializes it. The server's
// goroutines carry the daemon's profiler label; t, when not nil, counts the
// session's requests and answers on the wire.
func dial(ctx context.Context, opts lsp.Options, t *tally) (*session, error) {
	serverSide, clientSide := net.Pipe()
	s := &session{served: make(chan error, 1)}
	serveCtx := context.WithoutCancel(ctx)
	go asDaemon(serveCtx, func(ctx context.Context) { s.served <- lsp.Serve(ctx, serverSide, opts) })
	ctx, s.cancel = context.WithCancel(ctx)
	var stream jsonrpc2.Stream = jsonrpc2.NewHeaderStream(clientSide)
	if t != nil {
		stream = t.stream(stream)
	}
	s.ctx, s.conn, s.server = protocol.NewClient(ctx, protocol.UnimplementedClient{}, stream)
	if err := s.initialize(); err != nil {
		s.close()
		return nil, err
	}
	return s, nil
}

// dialProcess starts "bin serve args..." and speaks to it over its
// standard input and output, as an editor does.
func dialProcess(ctx context.Context, bin string, args ...string) (*session, error) {
	cmd := exec.CommandContext(context.WithoutCancel(ctx), bin, append([]string{"serve"}, args...)...)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	s := &session{served: make(chan error, 1)}
	go func() { s.served <- cmd.Wait() }()
	ctx, s.cancel = context.WithCancel(ctx)
	rwc := stdio{stdout, stdin}
	s.ctx, s.conn, s.server = protocol.NewClient(ctx, protocol.UnimplementedClient{}, jsonrpc2.NewHeaderStream(rwc))
	if err := s.initialize(); err != nil {
		s.close()
		return nil, err
	}
	return s, nil
}

// stdio joins a process's output and input into one stream.
type stdio struct {
	io.ReadCloser
	w io.WriteCloser
}

func (s stdio) Write(p []byte) (int, error) { return s.w.Write(p) }

func (s stdio) Close() error {
	s.w.Close()
	return s.ReadCloser.Close()
}

// initialize runs the LSP handshake.
func (s *session) initialize() error {
	if _, err := s.server.Initialize(s.ctx, &protocol.InitializeParams{}); err != nil {
		return fmt.Errorf("initialize: %w", err)
	}
	if err := s.server.Initialized(s.ctx, &protocol.InitializedParams{}); err != nil {
		return fmt.Errorf("initialized: %w", err)
	}
	return nil
}

// open opens the document at path with text.
func (s *session) open(path, language, text string) error {
	s.uri = string(uri.File("/bench/" + path))
	s.doc = textdoc.New(s.uri, language, 1, text)
	return s.server.DidOpen(s.ctx, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{
		URI: uri.URI(s.uri), LanguageID: protocol.LanguageKind(language), Version: 1, Text: text,
	}})
}

// edit replaces [start, end) of the document with text, as one incremental
// didChange.
func (s *session) edit(start, end int, text string) error {
	r := textdoc.Range{Start: s.doc.Position(start, textdoc.UTF16), End: s.doc.Position(end, textdoc.UTF16)}
	next, err := s.doc.Apply(s.doc.Version+1, []textdoc.Change{{Range: &r, Text: text}}, textdoc.UTF16)
	if err != nil {
		return fmt.Errorf("edit: %w", err)
	}
	s.doc = next
	return s.server.DidChange(s.ctx, &protocol.DidChangeTextDocumentParams{
		TextDocument: protocol.VersionedTextDocumentIdentifier{
			TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: uri.URI(s.uri)}, Version: next.Version,
		},
		ContentChanges: []protocol.TextDocumentContentChangeEvent{&protocol.TextDocumentContentChangePartial{
			Range: protocol.Range{Start: wirePos(r.Start), End: wirePos(r.End)}, Text: text,
		}},
	})
}

// inline asks for inline suggestions at pos, as editors do
// on their own while the user types; it returns the first suggestion's
// text, "" for none, and its id.
func (s *session) inline(ctx context.Context, pos protocol.Position) (string, string, error) {
	var res protocol.InlineCompletionList
	err := protocol.Call(ctx, s.conn, protocol.MethodTextDocumentInlineCompletion, &protocol.InlineCompletionParams{
		TextDocumentPositionParams: protocol.TextDocumentPositionParams{
			TextDocument: protocol.TextDocumentIdentifier{URI: uri.URI(s.uri)}, Position: pos,
		},
		Context: protocol.InlineCompletionContext{TriggerKind: protocol.InlineCompletionTriggerKindAutomatic},
	}, &res)
	if err != nil || len(res.Items) == 0 {
		return "", "", err
	}
	text, _ := res.Items[0].InsertText.(protocol.String)
	var id string
	if args := res.Items[0].Command.Arguments; len(args) > 0 {
		json.Unmarshal(args[0], &id)
	}
	return string(text), id, nil
}

// shown tells the server that suggestion id is on screen, as editors wired
// for GitHub Copilot's feedback do.
func (s *session) shown(id string) {
	if id == "" {
		return
	}
	item := map[string]any{"command": map[string]any{"arguments": []string{id}}}
	_ = s.conn.Notify(s.ctx, lsp.MethodDidShowCompletion, map[string]any{"item": item})
}

// partiallyAccepted tells the server that the user took the first length
// characters (UTF-16 code units) of suggestion id, as editors wired for
// GitHub Copilot's feedback do.
func (s *session) partiallyAccepted(id string, length int) {
	if id == "" {
		return
	}
	item := map[string]any{"command": map[string]any{"arguments": []string{id}}}
	_ = s.conn.Notify(s.ctx, lsp.MethodDidPartiallyAcceptCompletion, map[string]any{"item": item, "acceptedLength": length})
}

// accepted runs the command suggestion id carries, as an editor does when
// the user takes it.
func (s *session) accepted(id string) {
	if id == "" {
		return
	}
	arg, _ := json.Marshal(id)
	_ = protocol.Call(s.ctx, s.conn, protocol.MethodWorkspaceExecuteCommand, &protocol.ExecuteCommandParams{
		Command: lsp.CommandAcceptCompletion, Arguments: []protocol.LSPAny{arg},
	}, nil)
}

// typedThrough asks the server for its completion counters and returns how
// many requests it answered from the suggestion on screen.
func (s *session) typedThrough() int64 {
	var st struct {
		Completion struct {
			TypedThrough int64 `json:"typedThrough"`
		} `json:"completion"`
	}
	if err := protocol.Call(s.ctx, s.conn, protocol.MethodWorkspaceExecuteCommand,
		&protocol.ExecuteCommandParams{Command: lsp.CommandStatus}, &st); err != nil {
		return 0
	}
	return st.Completion.TypedThrough
}

// close ends the session: shutdown, exit, and the pipe.
func (s *session) close() {
	_ = s.server.Shutdown(s.ctx)
	_ = s.server.Exit(s.ctx)
	s.cancel()
	s.conn.Close()
	<-s.served
}

func wirePos(p textdoc.Position) protocol.Position {
	return protocol.Position{Line: uint32(p.Line), Character: uint32(p.Character)}
}
