package ollamatest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ollama/ollama/api"

	"github.com/lspilot/lspilot/inference/ollamatest/tinymodel"
)

// generation is what a streamed /api/generate returned.
type generation struct {
	Chunks []string
	Last   api.GenerateResponse
}

func (g generation) text() string { return strings.Join(g.Chunks, "") }

func generate(ctx context.Context, t *testing.T, req *api.GenerateRequest) (generation, error) {
	t.Helper()
	var g generation
	err := srv.Client.Generate(ctx, req, func(r api.GenerateResponse) error {
		if r.Response != "" {
			g.Chunks = append(g.Chunks, r.Response)
		}
		g.Last = r
		return nil
	})
	return g, err
}

func greedy(n int) map[string]any {
	return map[string]any{"num_predict": n, "temperature": 0}
}

func TestGenerateStreamsCycle(t *testing.T) {
	const n = 30
	tests := []struct {
		name, model, prompt, suffix string
		want                        string
	}{
		{name: "fim", model: FIMModel, prompt: "package main\n\n", suffix: "\n", want: tinymodel.Walk(0, n)},
		{name: "fim model without suffix", model: FIMModel, prompt: "package main\n\nfunc", want: tinymodel.Walk(1, n)},
		{name: "plain model", model: NoFIMModel, prompt: "// fib\nfunc", want: tinymodel.Walk(1, n)},
		{name: "large fim", model: LargeModel, prompt: "package main\n\n", suffix: "\n", want: tinymodel.Walk(0, n)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			g, err := generate(ctx, t, &api.GenerateRequest{
				Model: tt.model, Prompt: tt.prompt, Suffix: tt.suffix, Options: greedy(n),
			})
			if err != nil {
				t.Fatalf("Generate: %v", err)
			}
			if diff := cmp.Diff(tt.want, g.text()); diff != "" {
				t.Errorf("generated text (-want +got):\n%s", diff)
			}
			type end struct {
				Done       bool
				DoneReason string
				EvalCount  int
				Chunks     int
			}
			got := end{g.Last.Done, g.Last.DoneReason, g.Last.EvalCount, len(g.Chunks)}
			if diff := cmp.Diff(end{true, "length", n, n}, got); diff != "" {
				t.Errorf("stream end (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSuffixWithoutFIMTemplate(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, err := generate(ctx, t, &api.GenerateRequest{
		Model: NoFIMModel, Prompt: "func", Suffix: "}\n", Options: greedy(4),
	})
	var se api.StatusError
	if !errors.As(err, &se) || se.StatusCode != http.StatusBadRequest {
		t.Fatalf("Generate with suffix on %s: err = %v, want HTTP 400", NoFIMModel, err)
	}
	if !strings.Contains(se.ErrorMessage, "does not support insert") {
		t.Errorf("error message = %q, want it to mention insert", se.ErrorMessage)
	}
}

// TestCancelReachesServer cancels an endless generation and checks that the server ends the
// request and that the runner stops decoding: the next request is served at once, and the
// cache slot holds only what was decoded before the cancel.
func TestCancelReachesServer(t *testing.T) {
	finished := srv.CountLog(`"/api/generate"`)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	chunks := 0
	err := srv.Client.Generate(ctx, &api.GenerateRequest{
		Model: FIMModel, Prompt: "// cancel me\nfunc", Options: map[string]any{"num_predict": -1},
	}, func(api.GenerateResponse) error {
		if chunks++; chunks == 5 {
			cancel()
		}
		return nil
	})
	// The api client reports a stream cut by its context as a clean end; ctx tells apart.
	if err != nil && !errors.Is(err, context.Canceled) {
		t.Fatalf("Generate: %v", err)
	}
	if ctx.Err() == nil {
		t.Fatal("generation ended before the cancel")
	}

	wctx, wcancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer wcancel()
	if err := srv.WaitLog(wctx, `"/api/generate"`, finished+1); err != nil {
		t.Fatalf("server did not finish the cancelled request: %v", err)
	}
	if _, err := generate(wctx, t, &api.GenerateRequest{Model: FIMModel, Prompt: "func", Options: greedy(2)}); err != nil {
		t.Fatalf("request after cancel: %v", err)
	}
	loads := srv.CacheLoads()
	if last := loads[len(loads)-1]; last.Cache > 1000 {
		t.Errorf("slot held %d tokens after the cancel; the runner kept decoding", last.Cache)
	}
}

func TestGrowingPromptReusesCache(t *testing.T) {
	base := fmt.Sprintf("// %s\n%s", t.Name(), strings.Repeat("x = compute(x, 42)\n", 60))
	tests := []struct {
		name   string
		prompt string
	}{
		{name: "cold", prompt: base},
		{name: "grown", prompt: base + "y := x\n"},
		{name: "grown again", prompt: base + "y := x\nreturn y\n"},
	}
	var prev CacheLoad
	for i, tt := range tests {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		g, err := generate(ctx, t, &api.GenerateRequest{Model: FIMModel, Prompt: tt.prompt, Options: greedy(4)})
		cancel()
		if err != nil {
			t.Fatalf("%s: Generate: %v", tt.name, err)
		}
		loads := srv.CacheLoads()
		load := loads[len(loads)-1]
		t.Logf("%s: prompt %d tokens, used %d from cache, prompt_eval_duration %v",
			tt.name, load.Prompt, load.Used, g.Last.PromptEvalDuration)
		if i > 0 && load.Used < prev.Prompt-1 {
			t.Errorf("%s: reused %d tokens, want at least the %d of the previous prompt", tt.name, load.Used, prev.Prompt-1)
		}
		prev = load
	}
}
