package ollamatest

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ollama/ollama/api"
)

// benchPrompts numbers prompts so that no two share more than a few leading tokens.
var benchPrompts atomic.Int64

type benchModel struct {
	name, model string
	lines       int // prompt lines of about 19 tokens each
}

var benchModels = []benchModel{
	{name: "small", model: FIMModel, lines: 60},
	{name: "large", model: LargeModel, lines: 30},
}

func benchGenerate(b *testing.B, req *api.GenerateRequest) api.GenerateResponse {
	b.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var last api.GenerateResponse
	if err := srv.Client.Generate(ctx, req, func(r api.GenerateResponse) error {
		last = r
		return nil
	}); err != nil {
		b.Fatalf("Generate: %v", err)
	}
	return last
}

func perToken(d time.Duration, n int) float64 {
	if n == 0 {
		return 0
	}
	return float64(d) / float64(time.Millisecond) / float64(n)
}

// BenchmarkPrefill measures cold prompt evaluation: every prompt starts differently.
func BenchmarkPrefill(b *testing.B) {
	for _, m := range benchModels {
		b.Run(m.name, func(b *testing.B) {
			body := strings.Repeat("x = compute(x, 42)\n", m.lines)
			var dur time.Duration
			var tokens int
			for b.Loop() {
				prompt := fmt.Sprintf("// %d\n%s", benchPrompts.Add(1), body)
				r := benchGenerate(b, &api.GenerateRequest{Model: m.model, Prompt: prompt, Options: greedy(1)})
				dur += r.PromptEvalDuration
				tokens += r.PromptEvalCount
			}
			b.ReportMetric(perToken(dur, tokens), "ms/prompt-token")
			b.ReportMetric(float64(tokens)/float64(b.N), "prompt-tokens/op")
		})
	}
}

// BenchmarkDecode measures generation speed, 64 tokens a request.
func BenchmarkDecode(b *testing.B) {
	for _, m := range benchModels {
		b.Run(m.name, func(b *testing.B) {
			var dur time.Duration
			var tokens int
			for b.Loop() {
				r := benchGenerate(b, &api.GenerateRequest{Model: m.model, Prompt: "func", Options: greedy(64)})
				dur += r.EvalDuration
				tokens += r.EvalCount
			}
			b.ReportMetric(perToken(dur, tokens), "ms/token")
		})
	}
}

// BenchmarkGrowingPrompt measures prompt evaluation when each request extends the previous
// prompt by one line, as typing does; the runner reuses the cached prefix.
func BenchmarkGrowingPrompt(b *testing.B) {
	for _, m := range benchModels {
		b.Run(m.name, func(b *testing.B) {
			prompt := fmt.Sprintf("// %d\n%s", benchPrompts.Add(1), strings.Repeat("x = compute(x, 42)\n", m.lines))
			benchGenerate(b, &api.GenerateRequest{Model: m.model, Prompt: prompt, Options: greedy(1)})
			var dur time.Duration
			for i := 0; b.Loop(); i++ {
				prompt += fmt.Sprintf("y%d := x\n", i)
				r := benchGenerate(b, &api.GenerateRequest{Model: m.model, Prompt: prompt, Options: greedy(1)})
				dur += r.PromptEvalDuration
			}
			b.ReportMetric(float64(dur)/float64(time.Millisecond)/float64(b.N), "prompt-eval-ms/op")
		})
	}
}

// BenchmarkLaunch measures starting a server with its models, and stopping it.
func BenchmarkLaunch(b *testing.B) {
	tests := []struct {
		name string
		opts []Option
	}{
		{name: "all-models"},
		{name: "without-large", opts: []Option{WithoutLargeModel()}},
	}
	for _, tt := range tests {
		b.Run(tt.name, func(b *testing.B) {
			for b.Loop() {
				s, err := Launch(context.Background(), tt.opts...)
				if err != nil {
					b.Fatalf("Launch: %v", err)
				}
				if err := s.Close(); err != nil {
					b.Fatalf("Close: %v", err)
				}
			}
		})
	}
}
