package stream_test

import (
	"context"
	"testing"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/internal/stream"
)

// BenchmarkRunner measures the shared streaming path without HTTP: early
// stop, the idle watchdog and the callback, per token.
func BenchmarkRunner(b *testing.B) {
	tokens := []string{"\treturn", " a", " +", " b", "\n", "}", "\n", "func", " sub", "(a", ",", " b", " int", ")", " int", " {\n"}
	const n = 256
	attempt := func(ctx context.Context, s *stream.Sink) error {
		for i := range n {
			if err := s.Text(tokens[i%len(tokens)]); err != nil {
				return err
			}
		}
		s.End(inference.Stats{Slot: -1})
		return nil
	}
	tests := []struct {
		name string
		req  *inference.Request
	}{
		{"plain", &inference.Request{Prompt: "p"}},
		{"stop sequences", &inference.Request{Prompt: "p", Options: inference.Options{Stop: []string{"\n\n\n", "<|endoftext|>", "<|file_sep|>"}}}},
	}
	for _, tt := range tests {
		b.Run(tt.name, func(b *testing.B) {
			r := &stream.Runner{IdleTimeout: inference.DefaultIdleTimeout}
			ctx := context.Background()
			b.ReportAllocs()
			iters := 0
			for b.Loop() {
				if _, err := r.Run(ctx, tt.req, attempt, func(inference.Chunk) error { return nil }); err != nil {
					b.Fatal(err)
				}
				iters++
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(iters*n), "ns/token")
		})
	}
}
