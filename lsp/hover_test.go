package lsp_test

import (
	"context"
	"errors"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/lspilot/lspilot/inference/explain"
	"github.com/lspilot/lspilot/lsp"
	"github.com/lspilot/lspilot/lsp/lsptest"
)

// fakeExplainer answers with a fixed explanation, an error, or blocks until
// its context ends.
type fakeExplainer struct {
	answer explain.Explanation
	err    error
	block  bool
	seen   chan explain.Request
}

func (f *fakeExplainer) Explain(ctx context.Context, req explain.Request, _ func(string)) (explain.Explanation, error) {
	if f.seen != nil {
		f.seen <- req
	}
	if f.block {
		<-ctx.Done()
		return explain.Explanation{}, ctx.Err()
	}
	return f.answer, f.err
}

func hover(e *lsptest.Editor, u string, pos protocol.Position) (*protocol.Hover, error) {
	var h *protocol.Hover
	err := e.Call(protocol.MethodTextDocumentHover, &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: uri.URI(u)}, Position: pos}}, &h)
	return h, err
}

func TestHover(t *testing.T) {
	tests := []struct {
		name     string
		ex       *fakeExplainer
		init     string
		want     string
		wantNone bool
	}{
		{name: "explanation", ex: &fakeExplainer{answer: explain.Explanation{Markdown: "`Add` adds."}}, want: "`Add` adds."},
		{name: "nothing to say", ex: &fakeExplainer{}, wantNone: true},
		{name: "backend down is no hover, not an error", ex: &fakeExplainer{err: errors.New("unreachable")}, wantNone: true},
		{name: "switched off", ex: &fakeExplainer{answer: explain.Explanation{Markdown: "x"}}, init: `{"hover":{"enabled":false}}`, wantNone: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			params := &protocol.InitializeParams{}
			if tt.init != "" {
				params.InitializationOptions = protocol.LSPAny(tt.init)
			}
			e := lsptest.Start(t, lsp.Options{Features: lsp.Features{Explainer: tt.ex}}, params)
			e.Open("file:///p.go", "go", goSource)
			h, err := hover(e, "file:///p.go", protocol.Position{Line: 2, Character: 6})
			if err != nil {
				t.Fatal(err)
			}
			if tt.wantNone {
				if h != nil {
					t.Errorf("hover = %+v, want none", h)
				}
				return
			}
			mc, ok := h.Contents.(*protocol.MarkupContent)
			if !ok || mc.Kind != protocol.MarkupKindMarkdown || mc.Value != tt.want {
				t.Errorf("hover = %+v, want markdown %q", h.Contents, tt.want)
			}
		})
	}
}

// TestHoverCancelled cancels a hover, as VS Code does when the mouse moves
// on: the explanation stops and the request gets RequestCancelled.
func TestHoverCancelled(t *testing.T) {
	ex := &fakeExplainer{block: true, seen: make(chan explain.Request, 1)}
	e := lsptest.Start(t, lsp.Options{Features: lsp.Features{Explainer: ex}}, nil)
	e.Open("file:///p.go", "go", goSource)
	var h *protocol.Hover
	p := e.Go(protocol.MethodTextDocumentHover, &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: "file:///p.go"}, Position: protocol.Position{Line: 2, Character: 5}}}, &h)
	req := <-ex.seen
	if req.Start != req.End || req.Text[req.Start:req.Start+3] != "Add" {
		t.Errorf("explain request at %d..%d, want the cursor on Add", req.Start, req.End)
	}
	p.Cancel()
	if err := p.Wait(); err == nil {
		t.Error("cancelled hover answered")
	}
}

// TestHoverSelection: a hover inside the selection the editor last sent with
// a code-action request explains the selection; with hover.selectionOnly,
// a hover elsewhere gets nothing and costs nothing.
func TestHoverSelection(t *testing.T) {
	tests := []struct {
		name      string
		init      string
		pos       protocol.Position
		wantSpan  string // "" means no explain call
		wantHover bool
	}{
		{name: "inside the selection", pos: protocol.Position{Line: 3, Character: 3}, wantSpan: "return a - b", wantHover: true},
		{name: "outside it", pos: protocol.Position{Line: 2, Character: 6}, wantSpan: "", wantHover: true},
		{name: "outside, selection only", init: `{"hover":{"selectionOnly":true}}`, pos: protocol.Position{Line: 2, Character: 6}},
		{name: "inside, selection only", init: `{"hover":{"selectionOnly":true}}`, pos: protocol.Position{Line: 3, Character: 3},
			wantSpan: "return a - b", wantHover: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ex := &fakeExplainer{answer: explain.Explanation{Markdown: "ok"}, seen: make(chan explain.Request, 1)}
			params := &protocol.InitializeParams{}
			if tt.init != "" {
				params.InitializationOptions = protocol.LSPAny(tt.init)
			}
			e := lsptest.Start(t, lsp.Options{Features: lsp.Features{Explainer: ex}}, params)
			e.Open("file:///p.go", "go", goSource)
			listActions(t, e, "file:///p.go", returnLine, nil)
			h, err := hover(e, "file:///p.go", tt.pos)
			if err != nil {
				t.Fatal(err)
			}
			if (h != nil) != tt.wantHover {
				t.Errorf("hover = %+v, want one: %v", h, tt.wantHover)
			}
			select {
			case req := <-ex.seen:
				if !tt.wantHover {
					t.Fatal("a hover outside the selection asked the model")
				}
				if got := req.Text[req.Start:req.End]; got != tt.wantSpan {
					t.Errorf("explained %q, want %q", got, tt.wantSpan)
				}
			default:
				if tt.wantHover {
					t.Fatal("no explain call")
				}
			}
		})
	}
}

// streamingExplainer streams its answer through onText before returning it.
type streamingExplainer struct{ seen chan explain.Request }

func (s streamingExplainer) Explain(_ context.Context, req explain.Request, onText func(string)) (explain.Explanation, error) {
	s.seen <- req
	onText("`Add`")
	return explain.Explanation{Markdown: "`Add` subtracts."}, nil
}

// TestExplainCommand runs the Explain action's command: the explanation
// streams as progress, shows as a message and is the command's result.
func TestExplainCommand(t *testing.T) {
	ex := streamingExplainer{seen: make(chan explain.Request, 1)}
	caps := protocol.ClientCapabilities{Window: &protocol.WindowClientCapabilities{WorkDoneProgress: ptr(true)}}
	e := lsptest.Start(t, lsp.Options{Features: lsp.Features{Explainer: ex}}, &protocol.InitializeParams{Capabilities: caps})
	e.Open("file:///p.go", "go", goSource)
	var action *protocol.CodeAction
	for _, a := range listActions(t, e, "file:///p.go", returnLine, nil) {
		if a.Title == "Explain with AI" {
			action = a
		}
	}
	if action == nil || action.Command.Command != lsp.CommandExplain || action.Edit != nil {
		t.Fatalf("Explain action = %+v, want a command", action)
	}
	var res lsp.ExplainResult
	if err := e.Call(protocol.MethodWorkspaceExecuteCommand, &protocol.ExecuteCommandParams{
		Command: action.Command.Command, Arguments: action.Command.Arguments}, &res); err != nil {
		t.Fatal(err)
	}
	if res.Markdown != "`Add` subtracts." {
		t.Errorf("result = %+v", res)
	}
	req := <-ex.seen
	if !req.Invoked || req.Deadline <= 0 || req.Text[req.Start:req.End] != "return a - b" {
		t.Errorf("explain request = %+v, want the selection, invoked, with a deadline", req)
	}
	msgs := e.Client.Messages()
	if len(msgs) != 1 || msgs[0].Message != "`Add` subtracts." {
		t.Errorf("messages = %+v, want the explanation", msgs)
	}
	if n := len(e.Client.ProgressReports()); n < 2 {
		t.Errorf("%d progress notifications, want begin, report and end", n)
	}
	// Resolving the action changes nothing: its command does the work.
	got, err := resolve(t, e, action)
	if err != nil || got.Edit != nil || got.Command.Command != lsp.CommandExplain {
		t.Errorf("resolve = %+v, %v", got, err)
	}
}
