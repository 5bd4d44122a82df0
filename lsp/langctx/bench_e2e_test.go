package langctx_test

import (
	"context"
	"testing"
	"time"

	"go.uber.org/zap"

	"github.com/lspilot/lspilot/lsp/langctx"
	"github.com/lspilot/lspilot/lsp/langctx/langctxtest"
)

// BenchmarkGoplsSnippetsWarm measures Snippets once gopls has resolved
// what is near the cursor: the keystroke path's cost, with p50 and p95.
func BenchmarkGoplsSnippetsWarm(b *testing.B) {
	m, root := goManager(b)
	req := request(b, m, root, "main.go", "go", goMain, "geo.Distance(a, ")
	resolve(b, m, req, "func Distance(a, b Point) float64")
	langctxtest.ReportLatency(b, func() { m.Snippets(req) })
}

// BenchmarkGoplsResolveCold measures a fresh Manager's first Resolve:
// gopls starts, loads the module and answers the definitions.
func BenchmarkGoplsResolveCold(b *testing.B) {
	gopls := langctxtest.Gopls(b)
	root := workspace(b, goFiles)
	for b.Loop() {
		m := langctx.New(langctx.Config{Root: root, Logger: zap.NewNop(), Servers: map[string][]string{"go": {gopls}}})
		req := request(b, m, root, "main.go", "go", goMain, "geo.Distance(a, ")
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		if files := m.Resolve(ctx, req); len(files) == 0 {
			b.Fatalf("nothing resolved: %+v", m.Status())
		}
		cancel()
		m.Shutdown()
	}
}
