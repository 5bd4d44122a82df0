package gpusim

import (
	"context"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/clock"
)

// benchTokens is the length of the benchmarks' completions.
const benchTokens = 256

// spin advances v to each pending timer at once, yielding while there is
// none, until the benchmark ends: the simulator then runs as fast as it can.
func spin(b *testing.B, v *clock.Virtual) {
	done, exited := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(exited)
		for {
			select {
			case <-done:
				return
			default:
			}
			if next, ok := v.Next(); ok {
				v.AdvanceTo(next)
			} else {
				runtime.Gosched()
			}
		}
	}()
	b.Cleanup(func() { close(done); <-exited })
}

// BenchmarkSchedulerToken measures the scheduler's own cost per generated
// token: planning a step, the KV bookkeeping and the event, without HTTP.
func BenchmarkSchedulerToken(b *testing.B) {
	v := clock.NewVirtual(epoch)
	r := newReplica(0, mustPreset(b, "h100-7b"), v, logger(b))
	b.Cleanup(r.stop)
	spin(b, v)
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
			v := clock.NewVirtual(epoch)
			s := NewServer(Config{Preset: mustPreset(b, "h100-7b"), Model: "coder", Clock: v, Logger: logger(b),
				Generate: func(string, string) string { return strings.Repeat("abcd", benchTokens) }})
			ts := httptest.NewServer(s.Handler())
			b.Cleanup(func() { ts.Close(); s.Close() })
			spin(b, v)
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
