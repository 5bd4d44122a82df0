package langctx

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/lspilot/lspilot/inference/complete"
	"github.com/lspilot/lspilot/lsp/langctx/langctxtest"
)

// BenchmarkSnippetsWarm measures Snippets on the keystroke path once every
// identifier near the cursor is resolved: eight identifiers, each with a
// definition in its own file on disk (a stat each), in a document of 2,000
// lines with the symbols of its enclosing function known. It reports the
// median and 95th percentile.
func BenchmarkSnippetsWarm(b *testing.B) {
	root := b.TempDir()
	names := []string{"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"}
	var call strings.Builder
	for i, n := range names {
		src := fmt.Sprintf("package lib\n\n// %s does thing %d.\nfunc %s(x int) int {\n\treturn x + %d\n}\n", n, i, n, i)
		if err := os.WriteFile(filepath.Join(root, n+".go"), []byte(src), 0o644); err != nil {
			b.Fatal(err)
		}
		fmt.Fprintf(&call, "%s(", n)
	}
	body := strings.Repeat("\tx = compute(x, 42)\n", 2000)
	text := "package main\n\nfunc run(x int) int {\n" + body + "\ty := " + call.String()
	m := New(Config{Root: root, MaxBytes: 1 << 20})
	defer m.Shutdown()
	req := complete.Request{URI: string(uri.File(filepath.Join(root, "main.go"))), Language: "go", Text: text, Cursor: len(text)}
	m.symbols[req.URI] = symbolsEntry{gen: 1, syms: []symbol{{Name: "run", Kind: protocol.SymbolKindFunction,
		Range: &protocol.Range{Start: protocol.Position{Line: 2}, End: protocol.Position{Line: 2010}}}}}
	for _, id := range m.wanted(req) {
		var locs []loc
		if slices.Contains(names, id.name) {
			l, ok := m.snippetAt(protocol.Location{URI: uri.File(filepath.Join(root, id.name+".go")), Range: protocol.Range{Start: protocol.Position{Line: 3}}}, req.URI)
			if !ok {
				b.Fatalf("no snippet for %s", id.name)
			}
			locs = append(locs, l)
		}
		m.cache.answers.Add(identKey{req.URI, id.name}, answer{locs: locs, expires: time.Now().Add(time.Hour)})
	}
	if files := m.Snippets(req); len(files) != len(names) {
		b.Fatalf("Snippets = %d files, want %d", len(files), len(names))
	}
	langctxtest.ReportLatency(b, func() { m.Snippets(req) })
}

// BenchmarkSnippetsWide measures Snippets on the keystroke path with as
// many identifiers as Config.MaxIdents allows resolved, their definitions
// spread over 16 files on disk, while 300 other documents are open.
func BenchmarkSnippetsWide(b *testing.B) {
	root := b.TempDir()
	const files, perFile = 16, 8
	var call strings.Builder
	for f := range files {
		var src strings.Builder
		src.WriteString("package lib\n")
		for i := range perFile {
			fmt.Fprintf(&src, "\n// f%d_%d does thing %d.\nfunc f%d_%d(x int) int { return x + %d }\n", f, i, i, f, i, i)
			fmt.Fprintf(&call, "\tx = f%d_%d(x)\n", f, i)
		}
		if err := os.WriteFile(filepath.Join(root, fmt.Sprintf("lib%d.go", f)), []byte(src.String()), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	text := "package main\n\nfunc run(x int) int {\n" + call.String() + "\t"
	m := New(Config{Root: root})
	defer m.Shutdown()
	for i := range 300 {
		m.Open(string(uri.File(filepath.Join(root, "other", fmt.Sprintf("o%d.go", i)))), "text", 1, "package other\n")
	}
	req := complete.Request{URI: string(uri.File(filepath.Join(root, "main.go"))), Language: "go", Text: text, Cursor: len(text)}
	for _, id := range m.wanted(req) {
		var f, i int
		if _, err := fmt.Sscanf(id.name, "f%d_%d", &f, &i); err != nil {
			m.cache.answers.Add(identKey{req.URI, id.name}, answer{expires: time.Now().Add(time.Hour)})
			continue
		}
		l, ok := m.snippetAt(protocol.Location{URI: uri.File(filepath.Join(root, fmt.Sprintf("lib%d.go", f))), Range: protocol.Range{Start: protocol.Position{Line: uint32(3 + 3*i)}}}, req.URI)
		if !ok {
			b.Fatalf("no snippet for %s", id.name)
		}
		m.cache.answers.Add(identKey{req.URI, id.name}, answer{locs: []loc{l}})
	}
	if files := m.Snippets(req); len(files) == 0 {
		b.Fatal("no snippets")
	}
	langctxtest.ReportLatency(b, func() { m.Snippets(req) })
}
