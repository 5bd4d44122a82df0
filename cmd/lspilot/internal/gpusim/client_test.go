package gpusim

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/llamacpp"
	"github.com/lspilot/lspilot/inference/ollama"
	"github.com/lspilot/lspilot/inference/openai"
)

// oracle is the completion the simulated model writes in these tests.
func oracle(prompt, suffix string) string { return "return a + b\n}\n\nfunc next() {}\n" }

// client opens our real backend of kind against url.
func client(t testing.TB, kind inference.BackendKind, url string) inference.Backend {
	t.Helper()
	cfg := backendConfig(url, kind)
	var b interface {
		inference.Backend
		Close() error
	}
	var err error
	switch kind {
	case inference.KindOllama:
		b, err = ollama.New(cfg, logger(t))
	case inference.KindOpenAI:
		b, err = openai.New(cfg, logger(t))
	default:
		b, err = llamacpp.New(cfg, logger(t))
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}

func generate(t *testing.T, b inference.Backend, req *inference.Request) (string, inference.Stats) {
	t.Helper()
	var sb strings.Builder
	st, err := b.Generate(context.Background(), req, func(c inference.Chunk) error {
		sb.WriteString(c.Text)
		return nil
	})
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	return sb.String(), st
}

var kinds = []inference.BackendKind{inference.KindOllama, inference.KindOpenAI, inference.KindLlamaCpp}

// TestClientsFIM sends the same FIM request twice through each of our
// clients: the text arrives cut at the stop sequence, the second request
// finds the prompt cached, and the durations the server reports are the cost
// model's, in virtual time.
func TestClientsFIM(t *testing.T) {
	p := mustPreset(t, "h100-7b")
	prefix := "package main\n\nfunc add(a, b int) int {\n\t" + code("x", 300)
	for _, kind := range kinds {
		t.Run(string(kind), func(t *testing.T) {
			s, ts := newHTTP(t, Config{Preset: p, Model: "coder", Generate: oracle})
			b := client(t, kind, ts.URL)
			req := &inference.Request{Prompt: prefix, Suffix: "\n}\n", Options: inference.Options{Stop: []string{"\n\n"}}}
			text1, st1 := generate(t, b, req)
			text2, st2 := generate(t, b, req)
			if text1 != "return a + b\n}" || text2 != text1 {
				t.Errorf("texts %q and %q, want %q", text1, text2, "return a + b\n}")
			}
			n := st1.PromptTokens
			if n < 80 || st2.PromptTokens != n || st1.Model != "coder" {
				t.Errorf("prompt tokens %d then %d, model %q", n, st2.PromptTokens, st1.Model)
			}
			tol := time.Microsecond // llama.cpp reports float milliseconds
			if d := st1.PromptEval - p.PrefillTime(n, 0); kind != inference.KindOpenAI && (d > tol || d < -tol) {
				t.Errorf("first prompt eval %v, want %v", st1.PromptEval, p.PrefillTime(n, 0))
			}
			// Slots keep all but the last prompt token; prefix caching keeps
			// whole blocks of them.
			wantCached := n - 1
			if kind == inference.KindOpenAI {
				wantCached = (n - 1) / BlockTokens * BlockTokens
			}
			if d := st2.PromptEval - p.PrefillTime(n-wantCached, wantCached); kind != inference.KindOpenAI && (d > tol || d < -tol) {
				t.Errorf("second prompt eval %v, want %v", st2.PromptEval, p.PrefillTime(n-wantCached, wantCached))
			}
			if b.Capabilities().CacheCounters && (!st2.CacheReported || st2.CachedTokens != wantCached || st1.CachedTokens != 0) {
				t.Errorf("cached tokens %d (reported %v) then %d, want 0 then %d", st1.CachedTokens, st1.CacheReported, st2.CachedTokens, wantCached)
			}
			total := s.Stats().Total
			got := []int{total.Requests, total.PromptTokens, total.CachedTokens, total.Finished}
			if diff := cmp.Diff([]int{2, 2 * n, wantCached, 2}, got); diff != "" {
				t.Errorf("server requests, prompt, cached, finished (-want +got):\n%s", diff)
			}
		})
	}
}

// TestClientsLimits checks stop reasons through each client: a token limit,
// a stop sequence and the end of the text.
func TestClientsLimits(t *testing.T) {
	tests := []struct {
		name     string
		give     inference.Options
		want     string
		wantWhy  map[inference.BackendKind]inference.StopReason
		wantToks int
	}{
		{name: "max tokens", give: inference.Options{MaxTokens: 2}, want: "return a",
			wantWhy: map[inference.BackendKind]inference.StopReason{"": inference.StopMaxTokens}, wantToks: 2},
		{name: "stop sequence", give: inference.Options{Stop: []string{"+"}}, want: "return a ",
			wantWhy: map[inference.BackendKind]inference.StopReason{"": inference.StopEOS, inference.KindLlamaCpp: inference.StopSequence}, wantToks: 3},
		{name: "end of text", want: "return a + b\n}\n\nfunc next() {}\n",
			wantWhy: map[inference.BackendKind]inference.StopReason{"": inference.StopEOS}, wantToks: 9},
	}
	for _, kind := range kinds {
		for _, tt := range tests {
			t.Run(string(kind)+"/"+tt.name, func(t *testing.T) {
				_, ts := newHTTP(t, Config{Preset: mustPreset(t, "h100-1.5b"), Model: "coder", Generate: oracle})
				req := &inference.Request{Prompt: "func add(a, b int) int {\n\t", Raw: true, Options: tt.give}
				got, st := generate(t, client(t, kind, ts.URL), req)
				why, ok := tt.wantWhy[kind]
				if !ok {
					why = tt.wantWhy[""]
				}
				if got != tt.want || st.StopReason != why || st.GeneratedTokens != tt.wantToks {
					t.Errorf("got %q, %v after %d tokens; want %q, %v after %d", got, st.StopReason, st.GeneratedTokens, tt.want, why, tt.wantToks)
				}
			})
		}
	}
}

// TestClientsChat sends a chat through each client.
func TestClientsChat(t *testing.T) {
	for _, kind := range kinds {
		t.Run(string(kind), func(t *testing.T) {
			var gotPrompt atomic.Value
			_, ts := newHTTP(t, Config{Preset: mustPreset(t, "h100-1.5b"), Model: "coder", Generate: func(prompt, _ string) string {
				gotPrompt.Store(prompt)
				return "It adds."
			}})
			req := &inference.Request{Messages: []inference.Message{{Role: "user", Content: "What does add do?"}}}
			text, st := generate(t, client(t, kind, ts.URL), req)
			if text != "It adds." || st.PromptTokens == 0 {
				t.Errorf("chat answered %q with %d prompt tokens", text, st.PromptTokens)
			}
			if want := "<|im_start|>user\nWhat does add do?<|im_end|>\n<|im_start|>assistant\n"; gotPrompt.Load() != want {
				t.Errorf("Generate saw %q, want %q", gotPrompt, want)
			}
		})
	}
}

// TestClientsInfo checks what the clients' Ping and ModelInfo read.
func TestClientsInfo(t *testing.T) {
	ctx := context.Background()
	_, ts := newHTTP(t, Config{Preset: mustPreset(t, "h100-7b"), Model: "coder"})
	for _, kind := range kinds {
		b := client(t, kind, ts.URL)
		if _, err := b.(inference.Pinger).Ping(ctx); err != nil {
			t.Errorf("%s Ping: %v", kind, err)
		}
		info, err := b.(inference.ModelInspector).ModelInfo(ctx, "coder")
		if err != nil || info.Name != "coder" || info.ContextLength != 32768 {
			t.Errorf("%s ModelInfo = %+v, %v", kind, info, err)
		}
		if kind == inference.KindOllama && (info.FIM != inference.Supported || info.Family != "qwen2") {
			t.Errorf("ollama ModelInfo = %+v, want FIM and family qwen2", info)
		}
		if kind == inference.KindLlamaCpp && b.Capabilities().Slots != 256 {
			t.Errorf("llamacpp slots = %d after /props", b.Capabilities().Slots)
		}
		if _, err := b.(inference.ModelInspector).ModelInfo(ctx, "other"); kind != inference.KindLlamaCpp && !errors.Is(err, inference.ErrModelNotFound) {
			t.Errorf("%s ModelInfo(other) = %v, want ErrModelNotFound", kind, err)
		}
	}
	running, err := client(t, inference.KindOllama, ts.URL).(*ollama.Backend).Running(ctx)
	if err != nil || len(running) != 1 || running[0].ContextLength != 32768 {
		t.Errorf("Running = %+v, %v", running, err)
	}
	tokens, err := client(t, inference.KindLlamaCpp, ts.URL).(inference.Tokenizer).Tokenize(ctx, "abcdefgh")
	if diff := cmp.Diff(Tokenize("abcdefgh"), tokens); diff != "" || err != nil {
		t.Errorf("Tokenize (-want +got), %v:\n%s", err, diff)
	}
}
