package lsp_test

import (
	"context"
	"errors"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/lspilot/lspilot/lsp"
	"github.com/lspilot/lspilot/lsp/lsptest"
)

// fakeExplainer answers with a fixed explanation, an error, or blocks until
// its context ends.
type fakeExplainer struct {
	answer lsp.Explanation
	err    error
	block  bool
	seen   chan lsp.ExplainRequest
}

func (f *fakeExplainer) Explain(ctx context.Context, req lsp.ExplainRequest, _ func(string)) (lsp.Explanation, error) {
	if f.seen != nil {
		f.seen <- req
	}
	if f.block {
		<-ctx.Done()
		return lsp.Explanation{}, ctx.Err()
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
		{name: "explanation", ex: &fakeExplainer{answer: lsp.Explanation{Markdown: "`Add` adds."}}, want: "`Add` adds."},
		{name: "nothing to say", ex: &fakeExplainer{}, wantNone: true},
		{name: "backend down is no hover, not an error", ex: &fakeExplainer{err: errors.New("unreachable")}, wantNone: true},
		{name: "switched off", ex: &fakeExplainer{answer: lsp.Explanation{Markdown: "x"}}, init: `{"hover":{"enabled":false}}`, wantNone: true},
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
	ex := &fakeExplainer{block: true, seen: make(chan lsp.ExplainRequest, 1)}
	e := lsptest.Start(t, lsp.Options{Features: lsp.Features{Explainer: ex}}, nil)
	e.Open("file:///p.go", "go", goSource)
	var h *protocol.Hover
	p := e.Go(protocol.MethodTextDocumentHover, &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: "file:///p.go"}, Position: protocol.Position{Line: 2, Character: 5}}}, &h)
	req := <-ex.seen
	if req.Start != req.End || req.Doc.Text[req.Start:req.Start+3] != "Add" {
		t.Errorf("explain request at %d..%d, want the cursor on Add", req.Start, req.End)
	}
	p.Cancel()
	if err := p.Wait(); err == nil {
		t.Error("cancelled hover answered")
	}
}
