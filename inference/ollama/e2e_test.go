package ollama_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/internal/backendtest"
	"github.com/lspilot/lspilot/inference/ollamatest"
	"github.com/lspilot/lspilot/inference/ollamatest/tinymodel"
)

// e2eIdle is the idle timeout of the end-to-end backends: ample for the
// tiny models on a loaded machine, and short enough that a model wedged by
// a test that hung up is freed well within the test's time.
const e2eIdle = 15 * time.Second

// e2eBackend returns a backend on the real server.
func e2eBackend(t *testing.T) (*ollamatest.Server, inference.Backend) {
	srv := realOllama.Get(t)
	cfg := inference.BackendConfig{Name: "real", URL: srv.URL, Model: ollamatest.FIMModel, IdleTimeout: e2eIdle}
	return srv, open(t, cfg)
}

func greedy(n int) inference.Options {
	zero := 0.0
	return inference.Options{MaxTokens: n, Temperature: &zero}
}

func e2eContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

func TestE2EGenerate(t *testing.T) {
	_, b := e2eBackend(t)
	const n = 12
	tests := []struct {
		name string
		give *inference.Request
		want string
	}{
		{name: "FIM through the template", give: &inference.Request{Prompt: "package main\n\n", Suffix: "\n", Options: greedy(n)},
			want: tinymodel.Walk(0, n)},
		{name: "raw prompt with our FIM tokens", give: &inference.Request{
			Prompt: tinymodel.FIMPrefix + "package main\n\n" + tinymodel.FIMSuffix + "\n" + tinymodel.FIMMiddle, Raw: true, Options: greedy(n)},
			want: tinymodel.Walk(0, n)},
		{name: "chat", give: &inference.Request{Messages: []inference.Message{{Role: "user", Content: "func"}}, Options: greedy(n)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var chunks []string
			st, err := b.Generate(e2eContext(t), tt.give, func(c inference.Chunk) error {
				chunks = append(chunks, c.Text)
				return nil
			})
			if err != nil {
				t.Fatalf("Generate() error = %v", err)
			}
			got := strings.Join(chunks, "")
			if tt.want != "" && got != tt.want {
				t.Errorf("text = %q, want %q", got, tt.want)
			}
			if len(chunks) != n || st.GeneratedTokens != n || st.StopReason != inference.StopMaxTokens {
				t.Errorf("%d chunks, stats %+v; want %d tokens ending at max_tokens", len(chunks), st, n)
			}
			if st.PromptTokens == 0 || st.PromptEval <= 0 || st.Eval <= 0 || st.TimeToFirstChunk <= 0 {
				t.Errorf("stats lack server figures: %+v", st)
			}
		})
	}
}

func TestE2EEarlyStopClosesTheStream(t *testing.T) {
	srv, b := e2eBackend(t)
	tests := []struct {
		name       string
		give       *inference.Request
		want       string
		wantReason inference.StopReason
	}{
		{name: "single line", give: &inference.Request{Prompt: "package main\n\n", Suffix: "\n", SingleLine: true, Options: greedy(200)},
			want: "func fib(n int) int {", wantReason: inference.StopSingleLine},
		// Ollama matches the stop sequence itself and reports a plain end.
		{name: "stop sequence", give: &inference.Request{Prompt: "package main\n\n", Suffix: "\n", Options: greedy(200)},
			want: "func fib(n int) int {\n\tif n < 2 {\n\t\treturn n\n\t}\n\treturn", wantReason: inference.StopEOS},
	}
	tests[1].give.Options.Stop = []string{" fib(n-1)"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			finished := srv.CountLog(ollamatest.LogRequestFinished)
			got, st, err := backendtest.Generate(e2eContext(t), b, tt.give)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want || st.StopReason != tt.wantReason {
				t.Errorf("Generate() = %q, %s; want %q, %s", got, st.StopReason, tt.want, tt.wantReason)
			}
			if err := srv.WaitLog(e2eContext(t), ollamatest.LogRequestFinished, finished+1); err != nil {
				t.Errorf("the server never finished the request: %v", err)
			}
		})
	}
}

func TestE2ECancelMidStream(t *testing.T) {
	srv, b := e2eBackend(t)
	finished := srv.CountLog(ollamatest.LogRequestFinished)
	ctx, cancel := context.WithCancel(e2eContext(t))
	n := 0
	_, err := b.Generate(ctx, &inference.Request{Prompt: "package main\n\n", Suffix: "\n", Options: greedy(5000)}, func(inference.Chunk) error {
		if n++; n == 3 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Generate() error = %v, want context.Canceled", err)
	}
	if n > 50 {
		t.Errorf("%d chunks arrived after the cancel", n-3)
	}
	if err := srv.WaitLog(e2eContext(t), ollamatest.LogRequestFinished, finished+1); err != nil {
		t.Errorf("the server never saw the cancel: %v", err)
	}
}

func TestE2EErrors(t *testing.T) {
	_, b := e2eBackend(t)
	tests := []struct {
		name     string
		give     *inference.Request
		wantErr  error
		wantHint string
	}{
		{name: "model not found", give: &inference.Request{Model: "nope:1b", Prompt: "x", Options: greedy(4)},
			wantErr: inference.ErrModelNotFound, wantHint: "run `ollama pull nope:1b`"},
		{name: "template without suffix", give: &inference.Request{Model: ollamatest.NoFIMModel, Prompt: "x", Suffix: "y", Options: greedy(4)},
			wantErr: inference.ErrNoFIM, wantHint: "use a base code model or set `fim.template`"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := backendtest.Generate(e2eContext(t), b, tt.give)
			if !errors.Is(err, tt.wantErr) || !strings.Contains(inference.AsBackendError(err).Hint, tt.wantHint) {
				t.Errorf("Generate() error = %v, want %v with hint %q", err, tt.wantErr, tt.wantHint)
			}
		})
	}
}

func TestE2EModelInfo(t *testing.T) {
	srv, b := e2eBackend(t)
	mi := b.(inference.ModelInspector)
	fim, err := mi.ModelInfo(e2eContext(t), ollamatest.FIMModel)
	if err != nil {
		t.Fatal(err)
	}
	if fim.FIM != inference.Supported || fim.ContextLength <= 0 || fim.Family != "llama" || fim.Template != ollamatest.FIMTemplate {
		t.Errorf("ModelInfo(fim) = %+v", fim)
	}
	plain, err := mi.ModelInfo(e2eContext(t), ollamatest.NoFIMModel)
	if err != nil || plain.FIM != inference.Unsupported {
		t.Errorf("ModelInfo(nofim) = %+v, %v", plain, err)
	}
	info, err := b.(inference.Pinger).Ping(e2eContext(t))
	if err != nil || info.Version == "" {
		t.Errorf("Ping() = %+v, %v", info, err)
	}
	if _, err := srv.Client.Version(e2eContext(t)); err != nil {
		t.Errorf("harness client: %v", err)
	}
}

// longPrompt is a prompt of about n tokens (one byte-level token per
// character of the filler) that starts with tag, so that no earlier request
// shares its prefix.
func longPrompt(tag string, n int) string {
	var sb strings.Builder
	sb.WriteString("// " + tag + "\n")
	for i := 0; sb.Len() < n; i++ {
		fmt.Fprintf(&sb, "var v%d = %d\n", i, i*7)
	}
	return sb.String()
}

func TestE2EKVReuse(t *testing.T) {
	srv, b := e2eBackend(t)
	ctx := e2eContext(t)
	prompt := longPrompt("kv reuse "+time.Now().Format(time.RFC3339Nano), 1500)
	run := func(p string) (inference.Stats, ollamatest.CacheLoad) {
		t.Helper()
		loads := len(srv.CacheLoads())
		_, st, err := backendtest.Generate(ctx, b, &inference.Request{Prompt: p, Suffix: "\n", Options: greedy(2)})
		if err != nil {
			t.Fatal(err)
		}
		all := srv.CacheLoads()
		if len(all) != loads+1 {
			t.Fatalf("%d cache loads logged for one request", len(all)-loads)
		}
		return st, all[len(all)-1]
	}
	cold, coldLoad := run(prompt)
	warm, warmLoad := run(prompt + "var extra = 1\n")
	t.Logf("cold: %d tokens, prompt eval %v, %+v; warm: %d tokens, prompt eval %v, %+v",
		cold.PromptTokens, cold.PromptEval, coldLoad, warm.PromptTokens, warm.PromptEval, warmLoad)
	if coldLoad.Used > coldLoad.Prompt/10 {
		t.Errorf("the cold run reused %d of %d tokens", coldLoad.Used, coldLoad.Prompt)
	}
	if warmLoad.Used < coldLoad.Prompt-16 || warmLoad.Remaining > 64 {
		t.Errorf("the growing prompt reused %d tokens and evaluated %d, want about %d reused", warmLoad.Used, warmLoad.Remaining, coldLoad.Prompt)
	}
	// Ollama counts the whole prompt even on a cache hit, so the stats alone
	// cannot show the reuse; the runner's cache log above does. The time it
	// saves is measured by the benchmarks, not asserted here.
	if warm.PromptTokens < cold.PromptTokens {
		t.Errorf("the grown prompt counted %d tokens, the first %d", warm.PromptTokens, cold.PromptTokens)
	}
}

func TestE2EWarm(t *testing.T) {
	srv, b := e2eBackend(t)
	ctx := e2eContext(t)
	prompt := longPrompt("warm "+time.Now().Format(time.RFC3339Nano), 800)
	st, err := b.(inference.Warmer).Warm(ctx, &inference.Request{Prompt: prompt, Suffix: "\n"})
	if err != nil || st.GeneratedTokens > 1 {
		t.Fatalf("Warm() = %+v, %v", st, err)
	}
	loads := len(srv.CacheLoads())
	if _, _, err := backendtest.Generate(ctx, b, &inference.Request{Prompt: prompt + "x", Suffix: "\n", Options: greedy(2)}); err != nil {
		t.Fatal(err)
	}
	all := srv.CacheLoads()
	if len(all) != loads+1 || all[len(all)-1].Used < st.PromptTokens-16 {
		t.Errorf("after a warm-up of %d tokens the request reused %+v", st.PromptTokens, all[loads:])
	}
	if diff := cmp.Diff(inference.StopLoad, mustWarmLoad(t, b)); diff != "" {
		t.Errorf("empty warm-up (-want +got):\n%s", diff)
	}
}

func mustWarmLoad(t *testing.T, b inference.Backend) inference.StopReason {
	st, err := b.(inference.Warmer).Warm(e2eContext(t), &inference.Request{})
	if err != nil {
		t.Fatal(err)
	}
	return st.StopReason
}

// TestE2EUnwedge: a model that Ollama stopped serving after a client hung up
// at the wrong moment is unloaded, and the request sent again.
func TestE2EUnwedge(t *testing.T) {
	srv := realOllama.Get(t)
	backendtest.UnwedgeReal(t, srv, srv.URL, newBackend)
}
