package openai_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/internal/backendtest"
	"github.com/lspilot/lspilot/inference/openai"
)

func TestRequestBody(t *testing.T) {
	temp, seed := 0.0, 3
	daemonKey, sessionKey := inference.AffinityKey(""), inference.AffinityKey("77-3")
	tests := []struct {
		name     string
		url      string
		give     *inference.Request
		wantPath string
		want     map[string]any
	}{
		{
			name: "completion with suffix and options",
			give: &inference.Request{Prompt: "pre", Suffix: "suf", Options: inference.Options{
				MaxTokens: 32, Temperature: &temp, TopP: 0.95, Seed: &seed, Stop: []string{"\n\n"},
			}},
			wantPath: "/v1/completions",
			want: map[string]any{
				"model": "coder", "prompt": "pre", "suffix": "suf", "max_tokens": 32.0, "temperature": 0.0, "top_p": 0.95,
				"seed": 3.0, "stop": []any{"\n\n"}, "stream": true, "stream_options": map[string]any{"include_usage": true},
				"prompt_cache_key": daemonKey,
			},
		},
		{
			name:     "raw prompt against a /v1 URL",
			url:      "/v1/",
			give:     &inference.Request{Model: "other", Prompt: "<PRE>a<SUF>b<MID>", Raw: true, Session: "77-3"},
			wantPath: "/v1/completions",
			want: map[string]any{"model": "other", "prompt": "<PRE>a<SUF>b<MID>", "stream": true,
				"stream_options": map[string]any{"include_usage": true}, "prompt_cache_key": sessionKey},
		},
		{
			name: "chat",
			give: &inference.Request{Messages: []inference.Message{{Role: "user", Content: "explain"}},
				Options: inference.Options{TopK: 5}, Session: "77-3"},
			wantPath: "/v1/chat/completions",
			want: map[string]any{"model": "coder", "messages": []any{map[string]any{"role": "user", "content": "explain"}},
				"top_k": 5.0, "stream": true, "stream_options": map[string]any{"include_usage": true}, "prompt_cache_key": sessionKey},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var body map[string]any
			var path, auth string
			srv := backendtest.NewServer(t, func(w http.ResponseWriter, r *http.Request) {
				path, auth, body = r.URL.Path, r.Header.Get("Authorization"), backendtest.DecodeBody(t, r)
				backendtest.Write(w, dialect.ContentType, chunk("ok"), end)
			})
			t.Setenv("LSPILOT_TEST_KEY", "sk-abc")
			cfg := backendtest.Config(srv.URL + tt.url)
			cfg.APIKeyEnv = "LSPILOT_TEST_KEY"
			got, _, err := backendtest.Generate(context.Background(), open(t, cfg), tt.give)
			if err != nil || got != "ok" {
				t.Fatalf("Generate() = %q, %v", got, err)
			}
			if path != tt.wantPath || auth != "Bearer sk-abc" {
				t.Errorf("path %s, auth %q; want %s, Bearer sk-abc", path, auth, tt.wantPath)
			}
			if diff := cmp.Diff(tt.want, body); diff != "" {
				t.Errorf("body (-want +got):\n%s", diff)
			}
		})
	}
}

func TestStats(t *testing.T) {
	tests := []struct {
		name string
		give []string
		want inference.Stats
	}{
		{name: "usage with cached tokens", give: []string{chunk("a"), chunk("b"), end},
			want: inference.Stats{Model: "coder", PromptTokens: 12, CachedTokens: 8, CacheReported: true, GeneratedTokens: 2,
				StopReason: inference.StopEOS, Slot: -1, Attempts: 1}},
		{name: "length without usage or DONE", give: []string{chunk("a"), textChunk(0, "b", "length")},
			want: inference.Stats{Model: "coder", GeneratedTokens: 2, StopReason: inference.StopMaxTokens, Slot: -1, Attempts: 1}},
		{name: "llama-server timings", give: []string{chunk("a"), textChunk(0, "", "stop"),
			`data: {"choices":[],"usage":{"prompt_tokens":40,"completion_tokens":1},"timings":{"cache_n":32,"prompt_n":8,` +
				`"prompt_ms":12.5,"predicted_n":1,"predicted_ms":3.25}}` + "\n\ndata: [DONE]\n\n"},
			want: inference.Stats{Model: "coder", PromptTokens: 40, CachedTokens: 32, CacheReported: true, GeneratedTokens: 1,
				PromptEval: 12500 * time.Microsecond, Eval: 3250 * time.Microsecond, StopReason: inference.StopEOS, Slot: -1, Attempts: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := backendtest.NewServer(t, func(w http.ResponseWriter, r *http.Request) {
				backendtest.Write(w, dialect.ContentType, tt.give...)
			})
			_, st, err := backendtest.Generate(context.Background(), open(t, backendtest.Config(srv.URL)), backendtest.FIMRequest())
			if err != nil {
				t.Fatal(err)
			}
			st.TimeToFirstChunk, st.Total = 0, 0
			if diff := cmp.Diff(tt.want, st); diff != "" {
				t.Errorf("stats (-want +got):\n%s", diff)
			}
		})
	}
}

func TestChatStream(t *testing.T) {
	srv := backendtest.NewServer(t, func(w http.ResponseWriter, r *http.Request) {
		backendtest.Write(w, dialect.ContentType,
			event(map[string]any{"model": "coder", "choices": []any{map[string]any{"index": 0, "delta": map[string]any{"role": "assistant"}}}}),
			event(map[string]any{"model": "coder", "choices": []any{map[string]any{"index": 0, "delta": map[string]any{"content": "It adds"}}}}),
			event(map[string]any{"model": "coder", "choices": []any{map[string]any{"index": 0, "delta": map[string]any{"content": " a and b."}, "finish_reason": "stop"}}}),
			"data: [DONE]\n\n")
	})
	req := &inference.Request{Messages: []inference.Message{{Role: "user", Content: "explain add"}}}
	got, st, err := backendtest.Generate(context.Background(), open(t, backendtest.Config(srv.URL)), req)
	if err != nil || got != "It adds a and b." || st.StopReason != inference.StopEOS {
		t.Errorf("Generate() = %q, %s, %v", got, st.StopReason, err)
	}
}

func TestStreamErrorShapes(t *testing.T) {
	tests := []struct {
		name    string
		give    string
		wantErr error
		wantMsg string
	}{
		{name: "vLLM error object", give: `data: {"object":"error","message":"out of KV cache blocks","type":"InternalServerError","code":500}` + "\n\n",
			wantErr: inference.ErrServer, wantMsg: "out of KV cache blocks"},
		{name: "llama-server error event", give: `error: {"code":400,"message":"the request exceeds the available context size, try increasing it","type":"exceed_context_size_error"}` + "\n\n",
			wantErr: inference.ErrContextOverflow, wantMsg: "exceeds the available context size"},
		{name: "unknown field", give: "<html>\n", wantErr: inference.ErrMalformed},
		{name: "choice index out of range", give: textChunk(3, "x", nil), wantErr: inference.ErrMalformed, wantMsg: "index 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := backendtest.NewServer(t, func(w http.ResponseWriter, r *http.Request) {
				backendtest.Write(w, dialect.ContentType, tt.give)
			})
			_, _, err := backendtest.Generate(context.Background(), open(t, backendtest.Config(srv.URL)), backendtest.FIMRequest())
			if !errors.Is(err, tt.wantErr) || !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("error = %v, want %v saying %q", err, tt.wantErr, tt.wantMsg)
			}
		})
	}
}

func TestModels(t *testing.T) {
	srv := backendtest.NewServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/models" {
			http.NotFound(w, r)
			return
		}
		backendtest.Write(w, "application/json",
			`{"object":"list","data":[{"id":"coder","object":"model","max_model_len":16384},{"id":"chat","object":"model"}]}`)
	})
	b := open(t, backendtest.Config(srv.URL))
	ids, err := b.Models(context.Background())
	if diff := cmp.Diff([]string{"coder", "chat"}, ids); diff != "" || err != nil {
		t.Errorf("Models() = %v, %v", ids, err)
	}
	info, err := b.ModelInfo(context.Background(), "coder")
	if diff := cmp.Diff(inference.ModelInfo{Name: "coder", ContextLength: 16384}, info); diff != "" || err != nil {
		t.Errorf("ModelInfo(coder) = %+v, %v", info, err)
	}
	_, err = b.ModelInfo(context.Background(), "gpt-9")
	if !errors.Is(err, inference.ErrModelNotFound) || !strings.Contains(err.Error(), `"coder, chat"`) {
		t.Errorf("ModelInfo(gpt-9) error = %v", err)
	}
	if _, err := b.Ping(context.Background()); err != nil {
		t.Errorf("Ping() = %v", err)
	}
}

func TestWarm(t *testing.T) {
	var body map[string]any
	srv := backendtest.NewServer(t, func(w http.ResponseWriter, r *http.Request) {
		body = backendtest.DecodeBody(t, r)
		backendtest.Write(w, dialect.ContentType, chunk("x"), end)
	})
	if _, err := open(t, backendtest.Config(srv.URL)).Warm(context.Background(), &inference.Request{Prompt: "prefix"}); err != nil {
		t.Fatal(err)
	}
	if body["max_tokens"] != 1.0 {
		t.Errorf("max_tokens = %v, want 1", body["max_tokens"])
	}
}

func TestAPIBase(t *testing.T) {
	for give, want := range map[string]string{
		"http://h:8000":      "http://h:8000/v1",
		"http://h:8000/":     "http://h:8000/v1",
		"http://h:8000/v1":   "http://h:8000/v1",
		"http://h/proxy/v1/": "http://h/proxy/v1",
	} {
		if got := openai.APIBase(give); got != want {
			t.Errorf("APIBase(%q) = %q, want %q", give, got, want)
		}
	}
}
