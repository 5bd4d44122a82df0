package lsp

import (
	"context"
	"encoding/json"
	"sync"
	"sync/atomic"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
	"go.uber.org/zap"

	"github.com/lspilot/lspilot/inference/nextedit"
	"github.com/lspilot/lspilot/lsp/textdoc"
)

// Next-edit suggestions in the shape of GitHub Copilot's language server,
// so that editors wired for it (copilot-lsp and sidekick.nvim for Neovim,
// copilot.el, Copilot for Xcode and Eclipse) work with lspilot unchanged.
const (
	// MethodCopilotInlineEdit asks for the next edit of a document:
	// params CopilotInlineEditParams, result CopilotInlineEditResult.
	MethodCopilotInlineEdit = "textDocument/copilotInlineEdit"
	// MethodDidShowInlineEdit is sent by the editor when it shows an
	// edit: params {item: {command}}, the command the edit carried.
	MethodDidShowInlineEdit = "textDocument/didShowInlineEdit"
	// CommandAcceptNextEdit is the command each edit carries; the editor
	// runs it (workspace/executeCommand) when the user accepts the edit.
	// Its argument is the edit's id.
	CommandAcceptNextEdit = "github.copilot.didAcceptNextEditSuggestionItem"
	// CommandRejectNextEdit reports that the user dismissed an edit; its
	// argument is the edit's id. The edit is not offered again in that
	// document.
	CommandRejectNextEdit = "github.copilot.didRejectNextEditSuggestionItem"
)

// VersionedDocument names a document at a version.
type VersionedDocument struct {
	URI     string `json:"uri"`
	Version int32  `json:"version"`
}

// CopilotInlineEditParams are the params of MethodCopilotInlineEdit: the
// document at the version the editor holds, and the cursor. Context is
// sent by some clients (sidekick.nvim) and not needed.
type CopilotInlineEditParams struct {
	TextDocument VersionedDocument `json:"textDocument"`
	Position     protocol.Position `json:"position"`
	Context      *struct {
		TriggerKind int `json:"triggerKind"`
	} `json:"context,omitempty"`
}

// CopilotInlineEdit is one proposed edit: Range replaced by Text, for the
// document version it was computed on. The editor runs Command when the
// user accepts it.
type CopilotInlineEdit struct {
	Range        protocol.Range    `json:"range"`
	Text         string            `json:"text"`
	TextDocument VersionedDocument `json:"textDocument"`
	Command      *protocol.Command `json:"command,omitempty"`
}

// CopilotInlineEditResult is the result of MethodCopilotInlineEdit; Edits
// is empty, never null, when there is none.
type CopilotInlineEditResult struct {
	Edits []CopilotInlineEdit `json:"edits"`
}

// inlineEditShown is the params of MethodDidShowInlineEdit.
type inlineEditShown struct {
	Item struct {
		Command struct {
			Arguments []protocol.LSPAny `json:"arguments"`
		} `json:"command"`
	} `json:"item"`
}

// copilotInlineEdit answers MethodCopilotInlineEdit. An edit is answered
// only for the version it was computed on: a request for another version
// than the server holds, or a document changed meanwhile, gets no edits.
// A change of the document cancels the request down to the backend.
func (s *server) copilotInlineEdit(ctx context.Context, raw protocol.LSPAny) (any, error) {
	empty := &CopilotInlineEditResult{Edits: []CopilotInlineEdit{}}
	var p CopilotInlineEditParams
	if err := json.Unmarshal(raw, &p); err != nil {
		return nil, invalidParams(MethodCopilotInlineEdit, err)
	}
	snap, err := s.snapshot(uri.URI(p.TextDocument.URI))
	if err != nil {
		return nil, err
	}
	s.nextEdits.asked.Store(true)
	if p.TextDocument.Version != snap.Version || !s.config.Get().NextEdit.Enabled {
		return empty, nil
	}
	path := s.relPath(snap.URI)
	if s.excludedDoc(path, snap.URI) {
		return empty, nil
	}
	enc := s.encoding()
	req := nextedit.Request{
		Session: s.session, URI: snap.URI, Path: path, Language: snap.LanguageID,
		Text: snap.Text, Cursor: cursor(snap, p.Position, enc),
	}
	ctx, done := s.nextEdits.start(ctx, snap.URI)
	defer done()
	jsonrpc2.Async(ctx) // the snapshot is taken: later notifications may proceed
	suggestions, err := s.features.Load().NextEditor.Suggest(ctx, req)
	if err != nil {
		if now, gerr := s.docs.get(snap.URI); ctx.Err() != nil && (gerr != nil || now.Version != snap.Version) {
			return empty, nil // the document changed: the editor asks again
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		s.requestLogger(ctx).Warn("next edit failed", zap.String("uri", snap.URI), zap.Error(err))
		s.warnOnce(ctx, "next edit", err)
		return empty, nil
	}
	s.outages.clear("next edit")
	if now, err := s.docs.get(snap.URI); err != nil || now.Version != snap.Version {
		return empty, nil
	}
	return &CopilotInlineEditResult{Edits: s.inlineEdits(snap, suggestions, enc)}, nil
}

// inlineEdits converts suggestions on snap to the wire.
func (s *server) inlineEdits(snap *textdoc.Snapshot, suggestions []nextedit.Suggestion, enc textdoc.Encoding) []CopilotInlineEdit {
	out := make([]CopilotInlineEdit, 0, len(suggestions))
	for _, sg := range suggestions {
		out = append(out, CopilotInlineEdit{
			Range: protoRange(snap, sg.Start, sg.End, enc), Text: sg.New,
			TextDocument: VersionedDocument{URI: snap.URI, Version: snap.Version},
			Command: &protocol.Command{Title: "Accept next edit", Command: CommandAcceptNextEdit,
				Arguments: []protocol.LSPAny{jsonString(sg.ID)}},
		})
	}
	return out
}

// didShowInlineEdit handles MethodDidShowInlineEdit.
func (s *server) didShowInlineEdit(raw protocol.LSPAny) error {
	var p inlineEditShown
	if err := json.Unmarshal(raw, &p); err != nil {
		return invalidParams(MethodDidShowInlineEdit, err)
	}
	s.reportNextEdit(suggestionID(p.Item.Command.Arguments), nextedit.FeedbackShown)
	return nil
}

// nextEditFeedback runs CommandAcceptNextEdit and CommandRejectNextEdit.
func (s *server) nextEditFeedback(params *protocol.ExecuteCommandParams, f nextedit.Feedback) (protocol.LSPAny, error) {
	s.reportNextEdit(suggestionID(params.Arguments), f)
	return protocol.LSPAny("null"), nil
}

// reportNextEdit passes feedback about edit id to the next editor.
func (s *server) reportNextEdit(id string, f nextedit.Feedback) {
	known := s.features.Load().NextEditor.Report(id, f)
	s.logger.Debug("next edit feedback", zap.String("id", id), zap.Int("kind", int(f)), zap.Bool("known", known))
}

// forgetNextEdits tells the next editor the session's documents are gone,
// when the session ends without closing them.
func (s *server) forgetNextEdits() {
	next := s.features.Load().NextEditor
	for _, snap := range s.docs.snapshots() {
		next.Forget(s.session, snap.URI)
	}
}

// docRequests tracks the requests in flight per document, so that a change
// of the document cancels them.
type docRequests struct {
	// asked says the client asked for next edits: it shows them itself,
	// and needs no code action for them.
	asked atomic.Bool

	mu      sync.Mutex
	next    int
	cancels map[string]map[int]context.CancelFunc // guarded by mu; by URI
}

// start returns a context that a change of uri cancels, and the function
// that ends the request.
func (r *docRequests) start(ctx context.Context, uri string) (context.Context, func()) {
	ctx, cancel := context.WithCancel(ctx)
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cancels == nil {
		r.cancels = make(map[string]map[int]context.CancelFunc)
	}
	if r.cancels[uri] == nil {
		r.cancels[uri] = make(map[int]context.CancelFunc)
	}
	r.next++
	id := r.next
	r.cancels[uri][id] = cancel
	return ctx, func() {
		cancel()
		r.mu.Lock()
		defer r.mu.Unlock()
		delete(r.cancels[uri], id)
		if len(r.cancels[uri]) == 0 {
			delete(r.cancels, uri)
		}
	}
}

// cancel cancels the requests in flight for uri.
func (r *docRequests) cancel(uri string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, c := range r.cancels[uri] {
		c()
	}
}
