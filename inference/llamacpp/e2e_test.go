package llamacpp_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/internal/backendtest"
	"github.com/lspilot/lspilot/inference/internal/llamaservertest"
	"github.com/lspilot/lspilot/inference/llamacpp"
	"github.com/lspilot/lspilot/inference/ollamatest/tinymodel"
)

// e2eBackend returns a backend on the real llama-server.
func e2eBackend(t *testing.T) (*llamaservertest.Server, *llamacpp.Backend) {
	srv := realLlama.Get(t)
	cfg := inference.BackendConfig{Name: "real", URL: srv.URL, Model: srv.Model, IdleTimeout: 15 * time.Second}
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

// fimPrompt is a raw prompt laid out with the model's FIM tokens.
func fimPrompt(prefix, suffix string) string {
	return tinymodel.FIMPrefix + prefix + tinymodel.FIMSuffix + suffix + tinymodel.FIMMiddle
}

// TestE2EGenerate: /infill lays the prompt out with the model's own FIM
// tokens, with or without repository context, and streams one event per
// token; /completion takes a raw prompt; chat goes to /v1/chat/completions.
func TestE2EGenerate(t *testing.T) {
	srv, b := e2eBackend(t)
	const n = 12
	tests := []struct {
		name string
		give *inference.Request
		want string
	}{
		{name: "infill", give: &inference.Request{Prompt: "package main\n\n", Suffix: "\n", Options: greedy(n)},
			want: tinymodel.Walk(0, n)},
		{name: "infill with repository context", give: &inference.Request{Prompt: "package main\n\n", Suffix: "\n",
			Extra: []inference.ContextFile{{Name: "util.go", Text: "package main\n\nvar x = 1\n"}}, Options: greedy(n)},
			want: tinymodel.Walk(0, n)},
		{name: "raw prompt through /completion", give: &inference.Request{Prompt: fimPrompt("package main\n\n", "\n"), Raw: true, Options: greedy(n)},
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
			if st.GeneratedTokens != n || st.StopReason != inference.StopMaxTokens || st.PromptTokens == 0 {
				t.Errorf("stats %+v; want %d tokens ending at max_tokens", st, n)
			}
			if tt.give.IsChat() {
				return
			}
			if len(chunks) != n || st.Model == "" || !st.CacheReported || st.PromptEval <= 0 || st.Eval <= 0 || st.TimeToFirstChunk <= 0 {
				t.Errorf("%d chunks, stats %+v; want one chunk a token and the server's figures", len(chunks), st)
			}
		})
	}
	if t.Failed() {
		t.Logf("llama-server %s log tail:\n%s", srv.Version, srv.LogTail(4<<10))
	}
}

// TestE2EEarlyStop: lspilot's single-line stop closes the stream; a stop
// word is matched by the server, which says which.
func TestE2EEarlyStop(t *testing.T) {
	srv, b := e2eBackend(t)
	tests := []struct {
		name       string
		stop       []string
		single     bool
		want       string
		wantReason inference.StopReason
	}{
		{name: "single line", single: true, want: "func fib(n int) int {", wantReason: inference.StopSingleLine},
		{name: "stop word", stop: []string{" fib(n-1)"},
			want: "func fib(n int) int {\n\tif n < 2 {\n\t\treturn n\n\t}\n\treturn", wantReason: inference.StopSequence},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			released := srv.CountLog(llamaservertest.LogRelease)
			req := &inference.Request{Prompt: "package main\n\n", Suffix: "\n", SingleLine: tt.single, Options: greedy(200)}
			req.Options.Stop = tt.stop
			got, st, err := backendtest.Generate(e2eContext(t), b, req)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want || st.StopReason != tt.wantReason {
				t.Errorf("Generate() = %q, %s; want %q, %s", got, st.StopReason, tt.want, tt.wantReason)
			}
			if len(tt.stop) > 0 && st.StopSequence != tt.stop[0] {
				t.Errorf("stop sequence = %q, want %q", st.StopSequence, tt.stop[0])
			}
			if err := srv.WaitLog(e2eContext(t), llamaservertest.LogRelease, released+1); err != nil {
				t.Errorf("the server never released the slot: %v", err)
			}
		})
	}
}

// TestE2ECancelMidStream: cancelling the context closes the stream, and
// the server cancels the task and frees its slot long before the tokens
// asked for.
func TestE2ECancelMidStream(t *testing.T) {
	srv, b := e2eBackend(t)
	cancels := srv.CountLog(llamaservertest.LogCancel)
	ctx, cancel := context.WithCancel(e2eContext(t))
	n := 0
	const asked = 900
	_, err := b.Generate(ctx, &inference.Request{Prompt: "package main\n\n", Suffix: "\n", Options: greedy(asked)}, func(inference.Chunk) error {
		if n++; n == 3 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Generate() error = %v, want context.Canceled", err)
	}
	if err := srv.WaitLog(e2eContext(t), llamaservertest.LogCancel, cancels+1); err != nil {
		t.Fatalf("the server never saw the cancel: %v\n%s", err, srv.LogTail(2<<10))
	}
	task := srv.Cancelled()[cancels]
	r, err := srv.WaitRelease(e2eContext(t), task)
	if err != nil {
		t.Fatal(err)
	}
	if r.Tokens >= asked {
		t.Errorf("the cancelled task left %d tokens in slot %d, want fewer than the %d asked", r.Tokens, r.Slot, asked)
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
