package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/lspilot/lspilot/inference/edit"
	"github.com/lspilot/lspilot/lsp/textdoc"
)

// actionData is what a listed code action carries to its resolve: the
// document and version it was offered for, and what to do.
type actionData struct {
	URI         string            `json:"uri"`
	Version     int32             `json:"version"`
	Action      string            `json:"action"`
	Range       protocol.Range    `json:"range"`
	Diagnostics []edit.Diagnostic `json:"diagnostics,omitempty"`
}

// offer is one AI code action the server lists.
type offer struct {
	kind   protocol.CodeActionKind
	action string
	title  string
	needs  func(sel bool, diags int) bool
}

var offers = []offer{
	{protocol.CodeActionKindQuickFix, "fix", "Fix with AI", func(_ bool, d int) bool { return d > 0 }},
	{protocol.CodeActionKindRefactorRewrite, "rewrite", "Rewrite selection with AI", func(sel bool, _ int) bool { return sel }},
	{protocol.CodeActionKindRefactorRewrite, "simplify", "Simplify with AI", func(sel bool, _ int) bool { return sel }},
	{protocol.CodeActionKindRefactorRewrite, "doc", "Add doc comment with AI", func(bool, int) bool { return true }},
	{protocol.CodeActionKindSource, "tests", "Generate tests for this function with AI", func(bool, int) bool { return true }},
}

// CodeAction implements protocol.Server. Listing is instant: no model runs
// until an action is resolved or executed.
func (s *server) CodeAction(_ context.Context, params *protocol.CodeActionParams) ([]protocol.CommandOrCodeAction, error) {
	snap, err := s.snapshot(params.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	enc := s.encoding()
	s.setSelection(snap.URI, selection{snap.Version, cursor(snap, params.Range.Start, enc), cursor(snap, params.Range.End, enc)})
	out := []protocol.CommandOrCodeAction{}
	if !s.config.Get().Actions.Enabled || s.excludedDoc(s.relPath(string(snap.URI)), string(snap.URI)) {
		return out, nil
	}
	sel := params.Range.Start != params.Range.End
	var diags []edit.Diagnostic
	for _, d := range params.Context.Diagnostics {
		diags = append(diags, edit.Diagnostic{Line: int(d.Range.Start.Line), Message: diagnosticText(d)})
	}
	for _, o := range offers {
		if !o.needs(sel, len(diags)) || !wanted(params.Context.Only, o.kind) {
			continue
		}
		data := actionData{URI: snap.URI, Version: snap.Version, Action: o.action, Range: params.Range}
		title := o.title
		if o.action == "fix" {
			data.Diagnostics = diags
			title = fmt.Sprintf("%s: %s", o.title, firstLine(diags[0].Message))
		}
		raw, _ := json.Marshal(data)
		kind := o.kind
		ca := &protocol.CodeAction{Title: title, Kind: &kind, Diagnostics: params.Context.Diagnostics, Data: raw}
		if !s.clientCaps().resolveEdit {
			// Clients that cannot resolve the edit run a command that
			// computes it and applies it with workspace/applyEdit.
			ca.Command = protocol.Command{Title: title, Command: CommandRunCodeAction, Arguments: []protocol.LSPAny{raw}}
		}
		out = append(out, ca)
	}
	if ca, ok := s.nextEditAction(actionData{URI: snap.URI, Version: snap.Version, Range: params.Range}, params.Context.Only); ok {
		out = append(out, ca)
	}
	if len(params.Context.Only) == 0 {
		out = append(out, s.explainAction(snap, params.Range))
	}
	return out, nil
}

// wanted applies the client's "only" filter: a kind matches a requested
// kind or a parent of it.
func wanted(only []protocol.CodeActionKind, kind protocol.CodeActionKind) bool {
	return len(only) == 0 || slices.ContainsFunc(only, func(k protocol.CodeActionKind) bool {
		return kind == k || strings.HasPrefix(string(kind), string(k)+".")
	})
}

// CodeActionResolve implements protocol.Server: it runs the model and
// returns the action with a verified, versioned WorkspaceEdit. The model's
// answer streams to the user as progress when the client takes it.
func (s *server) CodeActionResolve(ctx context.Context, action *protocol.CodeAction) (*protocol.CodeAction, error) {
	var data actionData
	if err := json.Unmarshal(action.Data, &data); err != nil || data.URI == "" {
		return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "code action data is not lspilot's")
	}
	switch data.Action {
	case actionExplain:
		return action, nil // its command does the work
	case actionNextEdit:
		return s.resolveNextEdit(ctx, action, data)
	}
	req, snap, err := s.editRequest(data)
	if err != nil {
		return nil, err
	}
	jsonrpc2.Async(ctx)
	we, protected, err := s.runEdit(ctx, action.Title, nil, req, snap)
	if err != nil {
		return nil, err
	}
	action.Edit = we
	action.Title += protectedNote(protected)
	return action, nil
}

// editRequest rebuilds the request an action's data describes, refusing
// when the document changed since the action was offered.
func (s *server) editRequest(data actionData) (edit.Request, *textdoc.Snapshot, error) {
	snap, err := s.snapshot(uri.URI(data.URI))
	if err != nil {
		return edit.Request{}, nil, err
	}
	if snap.Version != data.Version {
		return edit.Request{}, nil, jsonrpc2.Errorf(protocol.CodeContentModified,
			"the document changed since the action was offered (version %d, now %d): ask again", data.Version, snap.Version)
	}
	enc := s.encoding()
	start, end := cursor(snap, data.Range.Start, enc), cursor(snap, data.Range.End, enc)
	return edit.Request{
		Session: s.session, URI: snap.URI, Path: s.relPath(snap.URI), Language: snap.LanguageID, Text: snap.Text,
		Start: min(start, end), End: max(start, end), Action: data.Action, Diagnostics: data.Diagnostics,
		Lookup: func(name string) (string, bool) { return s.lookupFile(filePath(snap.URI), name) },
	}, snap, nil
}

// runEdit asks the editor feature for the edit, reporting progress under
// token (or a token of the server's own when the client takes them), and
// converts the result into a WorkspaceEdit; protected names the protected
// files it changes, under annotations that ask the user to confirm.
func (s *server) runEdit(ctx context.Context, title string, token protocol.ProgressToken, req edit.Request,
	snap *textdoc.Snapshot) (we *protocol.WorkspaceEdit, protected []string, err error) {
	p := s.startProgress(ctx, token, title)
	ctx, stop := p.context(ctx)
	defer stop()
	limit := time.Duration(s.config.Get().Actions.TimeoutMs) * time.Millisecond
	gen, cancel := context.WithTimeoutCause(ctx, limit, errActionTimeout)
	defer cancel()
	res, err := s.features.Load().Editor.Edit(gen, req, p.report)
	if err == nil && gen.Err() != nil {
		err = gen.Err() // the deadline passed as the answer ended: too late all the same
	}
	switch {
	case err != nil && ctx.Err() == nil && errors.Is(context.Cause(gen), errActionTimeout):
		msg := fmt.Sprintf("lspilot: %s took longer than %s (codeActions.timeoutMs) and was stopped; nothing was applied", title, limit)
		p.end("timed out: nothing applied")
		return nil, nil, jsonrpc2.NewError(codeRequestFailed, msg)
	case err != nil:
		p.end("failed: " + userText(err.Error()))
		if ctx.Err() != nil {
			return nil, nil, ctx.Err()
		}
		return nil, nil, jsonrpc2.NewError(codeRequestFailed, "lspilot: "+userText(s.excludedTarget(filePath(snap.URI), err).Error()))
	}
	we, protected, err = s.workspaceEdit(snap, res)
	if err != nil {
		p.end("refused: " + userText(err.Error()))
		return nil, nil, jsonrpc2.NewError(codeRequestFailed, "lspilot: "+userText(err.Error()))
	}
	p.end("done" + protectedNote(protected))
	return we, protected, nil
}

// errActionTimeout is the cause of a code action's context when
// codeActions.timeoutMs passed.
var errActionTimeout = errors.New("code action time limit")

// protectedNote says which protected files an edit changes, for the titles
// and labels the user sees before applying it; "" when none.
func protectedNote(protected []string) string {
	if len(protected) == 0 {
		return ""
	}
	return " (changes protected " + strings.Join(protected, ", ") + ": confirm)"
}

// diagnosticText returns a diagnostic's message as text.
func diagnosticText(d protocol.Diagnostic) string {
	switch m := d.Message.(type) {
	case protocol.String:
		return string(m)
	case *protocol.MarkupContent:
		return m.Value
	}
	return ""
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
