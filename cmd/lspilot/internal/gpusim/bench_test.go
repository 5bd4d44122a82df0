package gpusim

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/clock"
)

// benchTokens is the length of the benchmarks' completions.
const benchTokens = 256

// instant is p with steps that take no time, so that on the real clock the
// benchmarks measure only the simulator's own cost.
func instant(b *testing.B) Preset {
	p := mustPreset(b, "h100-7b")
	p.StepOverhead, p.Bandwidth, p.FLOPS = 0, 1e30, 1e30
	return p
}

// BenchmarkSchedulerToken measures the scheduler's own cost per generated
// token: planning a step, the KV bookkeeping and the event, without HTTP.
func BenchmarkSchedulerToken(b *testing.B) {
	r := newReplica(0, instant(b), clock.Real(), logger(b))
	b.Cleanup(r.stop)
	j := textJob(modePaged, code("a", 4000), strings.Repeat("abcd", benchTokens))
	b.ReportAllocs()
	for b.Loop() {
		_, ch := submit(b, r, j)
		for ev := range ch {
			if ev.done {
				break
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*benchTokens), "ns/token")
}

// BenchmarkStreamToken measures the cost per streamed token of the whole
// path in each API: the scheduler, the JSON event over loopback HTTP, and our
// client parsing it.
func BenchmarkStreamToken(b *testing.B) {
	for _, kind := range kinds {
		b.Run(string(kind), func(b *testing.B) {
			s := NewServer(Config{Preset: instant(b), Model: "coder", Clock: clock.Real(), Logger: logger(b),
				Generate: func(string, string) string { return strings.Repeat("abcd", benchTokens) }})
			ts := httptest.NewServer(s.Handler())
			b.Cleanup(func() { ts.Close(); s.Close() })
			be := client(b, kind, ts.URL)
			req := &inference.Request{Prompt: code("a", 4000), Raw: true, Options: inference.Options{MaxTokens: benchTokens}}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := be.Generate(context.Background(), req, func(inference.Chunk) error { return nil }); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*benchTokens), "ns/token")
		})
	}
}
