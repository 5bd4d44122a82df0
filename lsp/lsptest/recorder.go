package lsptest

import (
	"context"
	"encoding/json"
	"slices"
	"sync"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/lspilot/lspilot/lsp"
)

// Recorder is the editor's side of server-to-client traffic: it records the
// notifications it receives.
type Recorder struct {
	protocol.UnimplementedClient

	mu       sync.Mutex
	messages []protocol.ShowMessageParams // guarded by mu
	logs     []protocol.LogMessageParams  // guarded by mu
	traces   []protocol.LogTraceParams    // guarded by mu
	edits    []protocol.WorkspaceEdit     // guarded by mu
	progress []protocol.ProgressParams    // guarded by mu
	statuses []lsp.StatusParams           // guarded by mu
}

// Statuses returns the didChangeStatus notifications received so far.
func (r *Recorder) Statuses() []lsp.StatusParams {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.statuses)
}

// handleExtra records the notifications protocol.Client has no method for
// (didChangeStatus) and refuses other unknown requests.
func (r *Recorder) handleExtra(ctx context.Context, req *jsonrpc2.Request) (any, error) {
	if req.Method() != lsp.MethodDidChangeStatus {
		return jsonrpc2.MethodNotFoundHandler(ctx, req)
	}
	var p lsp.StatusParams
	if err := json.Unmarshal(req.Params(), &p); err != nil {
		return nil, nil // a notification: nothing to answer
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.statuses = append(r.statuses, p)
	return nil, nil
}

// ApplyEdit implements protocol.Client: it records the edit and accepts it.
func (r *Recorder) ApplyEdit(_ context.Context, p *protocol.ApplyWorkspaceEditParams) (*protocol.ApplyWorkspaceEditResult, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.edits = append(r.edits, p.Edit)
	return &protocol.ApplyWorkspaceEditResult{Applied: true}, nil
}

// Progress implements protocol.Client.
func (r *Recorder) Progress(_ context.Context, p *protocol.ProgressParams) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.progress = append(r.progress, *p)
	return nil
}

// WorkDoneProgressCreate implements protocol.Client: any token is fine.
func (r *Recorder) WorkDoneProgressCreate(context.Context, *protocol.WorkDoneProgressCreateParams) error {
	return nil
}

// Edits returns the workspace edits the server asked to apply.
func (r *Recorder) Edits() []protocol.WorkspaceEdit {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.edits)
}

// ProgressReports returns the $/progress notifications received so far.
func (r *Recorder) ProgressReports() []protocol.ProgressParams {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.progress)
}

// ShowMessage implements protocol.Client.
func (r *Recorder) ShowMessage(_ context.Context, p *protocol.ShowMessageParams) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.messages = append(r.messages, *p)
	return nil
}

// LogMessage implements protocol.Client.
func (r *Recorder) LogMessage(_ context.Context, p *protocol.LogMessageParams) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.logs = append(r.logs, *p)
	return nil
}

// LogTrace implements protocol.Client.
func (r *Recorder) LogTrace(_ context.Context, p *protocol.LogTraceParams) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.traces = append(r.traces, *p)
	return nil
}

// Messages returns the window/showMessage notifications received so far.
func (r *Recorder) Messages() []protocol.ShowMessageParams {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.messages)
}

// Logs returns the window/logMessage notifications received so far.
func (r *Recorder) Logs() []protocol.LogMessageParams {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.logs)
}

// Traces returns the $/logTrace notifications received so far.
func (r *Recorder) Traces() []protocol.LogTraceParams {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.traces)
}
