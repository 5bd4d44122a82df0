package lsp_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/explain"
	"github.com/lspilot/lspilot/lsp"
	"github.com/lspilot/lspilot/lsp/lsptest"
)

// instantGen answers every generation at once with a short explanation, so
// that a benchmark measures only what the daemon adds.
type instantGen struct{}

func (instantGen) Generate(_ context.Context, _ string, build func(inference.Backend) (*inference.Request, error),
	fn func(inference.Chunk) error) (inference.Backend, inference.Stats, error) {
	if _, err := build(nil); err != nil {
		return nil, inference.Stats{}, err
	}
	for _, c := range []string{"`compute` ", "adds its ", "arguments."} {
		if err := fn(inference.Chunk{Text: c}); err != nil {
			return nil, inference.Stats{}, err
		}
	}
	return nil, inference.Stats{}, nil
}

// BenchmarkHover measures a hover over the wire on a 1,000-line file with the
// real explain engine and a backend that answers instantly: the latency the
// daemon adds to the model's. "miss" builds a prompt for every hover; "hit"
// is answered from the cache.
func BenchmarkHover(b *testing.B) {
	var text strings.Builder
	for i := range 1000 {
		fmt.Fprintf(&text, "\tvalue%d := compute(%d, \"héllo\") // line %d\n", i, i, i)
	}
	for _, bc := range []struct {
		name      string
		cacheSize int
		lines     []uint32
	}{
		{name: "miss", cacheSize: 1, lines: []uint32{500, 501}},
		{name: "hit", lines: []uint32{500}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			eng := explain.New(instantGen{}, explain.Config{CacheSize: bc.cacheSize}, zap.NewNop())
			e := lsptest.Start(b, lsp.Options{Features: lsp.Features{Explainer: eng}},
				&protocol.InitializeParams{InitializationOptions: protocol.LSPAny(`{"hover":{"minDelayMs":0}}`)})
			e.Open("file:///big.go", "go", text.String())
			params := &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
				TextDocument: protocol.TextDocumentIdentifier{URI: "file:///big.go"},
			}}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				params.Position = protocol.Position{Line: bc.lines[i%len(bc.lines)], Character: 15}
				i++
				var h *protocol.Hover
				if err := e.Call(protocol.MethodTextDocumentHover, params, &h); err != nil || h == nil {
					b.Fatalf("hover = %v, %v", h, err)
				}
			}
		})
	}
}
