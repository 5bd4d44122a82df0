package sched

import (
	"context"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/lspilot/lspilot/inference"
)

// instant answers every request with one chunk at once.
type instant struct{}

func (instant) Name() string                         { return "instant" }
func (instant) Kind() inference.BackendKind          { return inference.KindOpenAI }
func (instant) Capabilities() inference.Capabilities { return inference.Capabilities{} }
func (instant) Generate(_ context.Context, _ *inference.Request, fn func(inference.Chunk) error) (inference.Stats, error) {
	if err := fn(inference.Chunk{Text: "x := 1"}); err != nil {
		return inference.Stats{Slot: -1}, err
	}
	return inference.Stats{StopReason: inference.StopEOS, Slot: -1}, nil
}

// benchPrompt is the size of a typical FIM prompt.
var benchPrompt = strings.Repeat("func f(a, b int) int {\n\treturn a + b\n}\n", 100)

// benchRequest returns a request no other op asks: the seed differs.
func benchRequest(i int) *inference.Request {
	seed := i
	return &inference.Request{Model: "m", Prompt: benchPrompt, Raw: true, Session: "s",
		Options: inference.Options{MaxTokens: 64, Seed: &seed}}
}

func discard(inference.Chunk) error { return nil }

// BenchmarkGenerate measures the scheduler's cost per request over a backend
// that answers at once: direct calls for reference, unique requests through
// an idle scheduler, cache hits, and 200 callers sharing 4 slots.
func BenchmarkGenerate(b *testing.B) {
	ctx := context.Background()
	b.Run("direct", func(b *testing.B) {
		var be inference.Backend = instant{}
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			if _, err := be.Generate(ctx, benchRequest(i), discard); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("scheduled", func(b *testing.B) {
		s := New(instant{}, Config{})
		defer s.Close()
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			if _, err := s.Generate(ctx, benchRequest(i), discard); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("cache-hit", func(b *testing.B) {
		s := New(instant{}, Config{})
		defer s.Close()
		r := benchRequest(0)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := s.Generate(ctx, r, discard); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("200-callers-4-slots", func(b *testing.B) {
		never := noDeadlines()
		s := New(instant{}, Config{Slots: 4, QueueLimit: 256, LaneDeadline: never})
		defer s.Close()
		var n atomic.Int64
		b.SetParallelism((200 + runtime.GOMAXPROCS(0) - 1) / runtime.GOMAXPROCS(0))
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, err := s.Generate(ctx, benchRequest(int(n.Add(1))), discard); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
}
