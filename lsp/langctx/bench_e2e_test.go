package langctx_test

import (
	"context"
	"slices"
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
	var lat []time.Duration
	for b.Loop() {
		start := time.Now()
		m.Snippets(req)
		lat = append(lat, time.Since(start))
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Nanoseconds())/1e3, "p50-µs")
	b.ReportMetric(float64(lat[len(lat)*95/100].Nanoseconds())/1e3, "p95-µs")
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
