package metrics_test

import (
	"testing"
	"time"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/complete"
	"github.com/lspilot/lspilot/inference/route"
	"github.com/lspilot/lspilot/inference/sched"
	"github.com/lspilot/lspilot/lsp/metrics"
)

// BenchmarkRequest measures what the metrics add to one LSP request: a
// histogram observation and a counter by method and outcome.
func BenchmarkRequest(b *testing.B) {
	m := metrics.New("bench")
	b.ReportAllocs()
	for b.Loop() {
		m.Request("textDocument/inlineCompletion", 3*time.Millisecond, "ok")
	}
}

// BenchmarkGenerated measures what the metrics add to one backend
// generation.
func BenchmarkGenerated(b *testing.B) {
	m := metrics.New("bench")
	st := inference.Stats{PromptTokens: 900, CachedTokens: 850, CacheReported: true, GeneratedTokens: 12, PromptEval: time.Millisecond}
	b.ReportAllocs()
	for b.Loop() {
		m.Generated("local", inference.LaneInline, 80*time.Millisecond, st, nil)
	}
}

// BenchmarkScrape measures one scrape of a daemon with one backend of two
// replicas, off the request path.
func BenchmarkScrape(b *testing.B) {
	m := metrics.New("bench")
	m.Register(metrics.Pipeline{Completion: &fakeCompletion{st: complete.Stats{Requests: 1}}, Backends: []metrics.Backend{{
		Name: "gpu", Scheduler: fakeSched{schedStats(2, 1, sched.LaneStats{Admitted: 1})},
		Router: fakeRouter{[]route.ReplicaStats{{}, {}}}}}})
	m.Request("textDocument/inlineCompletion", time.Millisecond, "ok")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.Registry().Gather(); err != nil {
			b.Fatal(err)
		}
	}
}
