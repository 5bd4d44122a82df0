package lsp

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/lspilot/lspilot/inference/complete"
	"github.com/lspilot/lspilot/inference/edit"
	"github.com/lspilot/lspilot/inference/explain"
	"github.com/lspilot/lspilot/inference/nextedit"
	"github.com/lspilot/lspilot/lsp/langctx"
)

// Commands served through workspace/executeCommand.
const (
	// CommandDocumentState returns the server's view of a document: its
	// version, length and SHA-256, so a client can check it is in sync.
	CommandDocumentState = "lspilot.documentState"
	// CommandStatus returns the session's state (ready, no backend, backend
	// down, disabled), its backends, the last error, the latency of recent
	// suggestions, and the serving process's id, version and sessions.
	CommandStatus = "lspilot.status"
	// CommandRunCodeAction computes a listed code action's edit and applies
	// it with workspace/applyEdit, reporting progress; its argument is the
	// action's data.
	CommandRunCodeAction = "lspilot.runCodeAction"
	// CommandExplain explains a range with the model, reporting the answer
	// as progress and showing it as a message; its argument is the Explain
	// action's data and its result an ExplainResult.
	CommandExplain = "lspilot.explain"
)

// commandNames lists the commands announced in initialize.
func commandNames() []string {
	return []string{CommandDocumentState, CommandStatus, CommandAcceptCompletion, CommandRunCodeAction, CommandExplain,
		CommandAcceptNextEdit, CommandRejectNextEdit}
}

// Status is the result of CommandStatus.
type Status struct {
	// State is StateReady, StateNoBackend, StateBackendDown or
	// StateDisabled; Busy says a generation is running.
	State string `json:"state"`
	Busy  bool   `json:"busy"`
	// Backend and Model are the first configured backend's name and model,
	// BackendURL its URL without credentials; Backends lists them all.
	Backend    string          `json:"backend,omitempty"`
	BackendURL string          `json:"backendUrl,omitempty"`
	Model      string          `json:"model,omitempty"`
	Backends   []BackendStatus `json:"backends"`
	// LastError is the last failure of a generation, redacted, and
	// LastErrorAt when it happened (RFC 3339); empty when none failed.
	LastError   string `json:"lastError,omitempty"`
	LastErrorAt string `json:"lastErrorAt,omitempty"`
	// Latency is the time to first suggestion over recent suggestions.
	Latency LatencySummary `json:"latency"`

	PID           int    `json:"pid"`
	Version       string `json:"version"`
	Sessions      int    `json:"sessions"`
	TotalSessions int    `json:"totalSessions"`
	UptimeSeconds int64  `json:"uptimeSeconds"`
	OpenDocuments int    `json:"openDocuments"`
	// Completion, Hover, CodeActions and NextEdit hold the engines'
	// counters, when they keep them.
	Completion  any `json:"completion,omitempty"`
	Hover       any `json:"hover,omitempty"`
	CodeActions any `json:"codeActions,omitempty"`
	NextEdit    any `json:"nextEdit,omitempty"`
	// LanguageServers are the servers the session asks for definitions
	// (context.definitions), and those looked for and not found.
	LanguageServers []langctx.ServerStatus `json:"languageServers"`
}

// StatsReporter is implemented by features that keep counters worth showing
// in lspilot.status.
type StatsReporter interface {
	Stats() any
}

// StatsOf returns the counters of a feature that keeps them, nil when it
// keeps none: a StatsReporter's, or an engine's own typed counters.
func StatsOf(f any) any {
	switch r := f.(type) {
	case StatsReporter:
		return r.Stats()
	case interface{ Stats() complete.Stats }:
		return r.Stats()
	case interface{ Stats() explain.Stats }:
		return r.Stats()
	case interface{ Stats() edit.Stats }:
		return r.Stats()
	case interface{ Stats() nextedit.Stats }:
		return r.Stats()
	}
	return nil
}

// DocumentState is the result of CommandDocumentState.
type DocumentState struct {
	URI     string `json:"uri"`
	Version int32  `json:"version"`
	Bytes   int    `json:"bytes"`
	Lines   int    `json:"lines"`
	SHA256  string `json:"sha256"`
}

// ExecuteCommand implements protocol.Server.
func (s *server) ExecuteCommand(ctx context.Context, params *protocol.ExecuteCommandParams) (protocol.LSPAny, error) {
	switch params.Command {
	case CommandDocumentState:
		return s.documentState(params)
	case CommandStatus:
		return s.status()
	case CommandAcceptCompletion:
		return s.acceptCompletion(params)
	case CommandRunCodeAction:
		return s.runCodeAction(ctx, params)
	case CommandExplain:
		return s.runExplain(ctx, params)
	case CommandAcceptNextEdit:
		return s.nextEditFeedback(params, nextedit.FeedbackAccepted)
	case CommandRejectNextEdit:
		return s.nextEditFeedback(params, nextedit.FeedbackRejected)
	}
	return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "unknown command %q", params.Command)
}

// status answers CommandStatus.
func (s *server) status() (protocol.LSPAny, error) {
	st := s.activityStatus()
	st.PID, st.Version, st.Sessions, st.TotalSessions, st.OpenDocuments = os.Getpid(), Version, 1, 1, s.docs.len()
	started := processStart
	if s.daemon != nil {
		st.Sessions, st.TotalSessions, started = s.daemon.status()
	}
	st.UptimeSeconds = int64(time.Since(started).Seconds())
	f := s.features.Load()
	st.Completion, st.Hover, st.CodeActions = StatsOf(f.Completer), StatsOf(f.Explainer), StatsOf(f.Editor)
	st.NextEdit = StatsOf(f.NextEditor)
	st.LanguageServers = s.languageServers()
	return json.Marshal(st)
}

// processStart is when this process started serving.
var processStart = time.Now()

// documentState answers CommandDocumentState.
func (s *server) documentState(params *protocol.ExecuteCommandParams) (protocol.LSPAny, error) {
	if len(params.Arguments) != 1 {
		return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "%s takes one argument, the document URI", params.Command)
	}
	var u string
	if err := json.Unmarshal(params.Arguments[0], &u); err != nil {
		return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "%s: argument must be a URI string", params.Command)
	}
	snap, err := s.snapshot(uri.URI(u))
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256([]byte(snap.Text))
	out, err := json.Marshal(DocumentState{
		URI: snap.URI, Version: snap.Version, Bytes: len(snap.Text),
		Lines: snap.LineCount(), SHA256: hex.EncodeToString(sum[:]),
	})
	if err != nil {
		return nil, fmt.Errorf("encode document state: %w", err)
	}
	return out, nil
}

// runCodeAction answers CommandRunCodeAction.
func (s *server) runCodeAction(ctx context.Context, params *protocol.ExecuteCommandParams) (protocol.LSPAny, error) {
	var data actionData
	if len(params.Arguments) != 1 || json.Unmarshal(params.Arguments[0], &data) != nil || data.URI == "" {
		return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "%s takes one argument, a code action's data", params.Command)
	}
	if data.Action == actionNextEdit {
		return s.runNextEditAction(ctx, data) // releases the queue itself
	}
	req, snap, err := s.editRequest(data)
	if err != nil {
		return nil, err
	}
	jsonrpc2.Async(ctx) // applyEdit below is a call back to the client
	we, protected, err := s.runEdit(ctx, "code action", params.WorkDoneToken, req, snap)
	if err != nil {
		return nil, err
	}
	label := "lspilot: " + data.Action + protectedNote(protected)
	res, err := s.client.ApplyEdit(ctx, &protocol.ApplyWorkspaceEditParams{Label: &label, Edit: *we})
	if err != nil {
		return nil, fmt.Errorf("apply edit: %w", err)
	}
	if !res.Applied {
		reason := "the editor refused the edit"
		if res.FailureReason != nil {
			reason += ": " + *res.FailureReason
		}
		return nil, jsonrpc2.NewError(codeRequestFailed, reason)
	}
	return protocol.LSPAny("null"), nil
}
