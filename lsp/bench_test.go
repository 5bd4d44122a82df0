package lsp_test

import (
	"fmt"
	"strings"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/lspilot/lspilot/lsp"
	"github.com/lspilot/lspilot/lsp/lsptest"
	"github.com/lspilot/lspilot/lsp/metrics"
)

// BenchmarkEmptyRequest measures the round trip of a request whose handler
// does nothing (hover with no model) through pipes, framing, codec and the
// whole middleware chain.
func BenchmarkEmptyRequest(b *testing.B) {
	e := lsptest.Start(b, lsp.Options{}, nil)
	e.Open("file:///a.go", "go", "package a\n")
	params := &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: "file:///a.go"},
	}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.Server.Hover(b.Context(), params); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEmptyRequestObserved is BenchmarkEmptyRequest with the daemon's
// metrics observing the session, for the cost they add on the request path.
func BenchmarkEmptyRequestObserved(b *testing.B) {
	e := lsptest.Start(b, lsp.Options{Observer: metrics.New("bench")}, nil)
	e.Open("file:///a.go", "go", "package a\n")
	params := &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: "file:///a.go"},
	}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.Server.Hover(b.Context(), params); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkKeystroke measures one typed character on a 10,000-line document
// over the wire: a didChange notification and the request that follows it
// (the server must have applied the change to answer).
func BenchmarkKeystroke(b *testing.B) {
	var text strings.Builder
	for i := range 10000 {
		fmt.Fprintf(&text, "\tvalue%d := compute(%d, \"héllo 😀\") // line %d\n", i, i, i)
	}
	e := lsptest.Start(b, lsp.Options{}, nil)
	e.Open("file:///big.go", "go", text.String())
	off := len(text.String()) / 2
	params := &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: "file:///big.go"},
	}}
	b.ReportAllocs()
	for b.Loop() {
		off = e.Type("file:///big.go", off, "x")
		params.Position = e.Position("file:///big.go", off)
		if _, err := e.Server.Hover(b.Context(), params); err != nil {
			b.Fatal(err)
		}
	}
}
