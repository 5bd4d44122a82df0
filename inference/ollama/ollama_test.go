package ollama_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/internal/backendtest"
)

func TestRequestBody(t *testing.T) {
	temp, seed := 0.2, 7
	tests := []struct {
		name     string
		cfg      func(*inference.BackendConfig)
		give     *inference.Request
		wantPath string
		want     map[string]any
	}{
		{
			name: "FIM with suffix and options",
			cfg:  func(c *inference.BackendConfig) { c.NumCtx = 8192; c.KeepAlive = 30 * time.Minute },
			give: &inference.Request{Prompt: "pre", Suffix: "suf", Options: inference.Options{
				MaxTokens: 64, Temperature: &temp, TopP: 0.9, TopK: 20, Seed: &seed, Stop: []string{"\n\n"},
			}},
			wantPath: "/api/generate",
			want: map[string]any{
				"model": "coder", "prompt": "pre", "suffix": "suf", "system": "", "template": "", "keep_alive": "30m0s", "think": false,
				"options": map[string]any{"num_predict": 64.0, "temperature": 0.2, "top_p": 0.9, "top_k": 20.0, "seed": 7.0,
					"stop": []any{"\n\n"}, "num_ctx": 8192.0},
			},
		},
		{
			name:     "raw prompt, request model and keep alive forever",
			give:     &inference.Request{Model: "other", Prompt: "<|fim_prefix|>a<|fim_suffix|>b<|fim_middle|>", Raw: true, Options: inference.Options{KeepAlive: -1}},
			wantPath: "/api/generate",
			want: map[string]any{
				"model": "other", "prompt": "<|fim_prefix|>a<|fim_suffix|>b<|fim_middle|>", "suffix": "", "system": "", "template": "",
				"raw": true, "keep_alive": -1.0, "think": false, "options": map[string]any{},
			},
		},
		{
			name:     "chat",
			give:     &inference.Request{Messages: []inference.Message{{Role: "system", Content: "be brief"}, {Role: "user", Content: "explain"}}},
			wantPath: "/api/chat",
			want: map[string]any{
				"model": "coder", "think": false, "options": map[string]any{},
				"messages": []any{
					map[string]any{"role": "system", "content": "be brief"},
					map[string]any{"role": "user", "content": "explain"},
				},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var body map[string]any
			var path string
			srv := backendtest.NewServer(t, func(w http.ResponseWriter, r *http.Request) {
				path, body = r.URL.Path, backendtest.DecodeBody(t, r)
				if r.URL.Path == "/api/chat" {
					backendtest.Write(w, dialect.ContentType, `{"message":{"role":"assistant","content":"ok"},"done":true}`+"\n")
					return
				}
				backendtest.Write(w, dialect.ContentType, chunk("ok"), doneLine)
			})
			cfg := backendtest.Config(srv.URL)
			if tt.cfg != nil {
				tt.cfg(&cfg)
			}
			got, _, err := backendtest.Generate(context.Background(), open(t, cfg), tt.give)
			if err != nil || got != "ok" {
				t.Fatalf("Generate() = %q, %v", got, err)
			}
			if path != tt.wantPath {
				t.Errorf("path = %s, want %s", path, tt.wantPath)
			}
			if diff := cmp.Diff(tt.want, body); diff != "" {
				t.Errorf("body (-want +got):\n%s", diff)
			}
		})
	}
}

func TestStats(t *testing.T) {
	srv := backendtest.NewServer(t, func(w http.ResponseWriter, r *http.Request) {
		backendtest.Write(w, dialect.ContentType, chunk("a"), chunk("b"),
			`{"model":"coder","response":"","done":true,"done_reason":"length","load_duration":1000000,`+
				`"prompt_eval_count":12,"prompt_eval_duration":3000000,"eval_count":2,"eval_duration":4000000}`+"\n")
	})
	_, st, err := backendtest.Generate(context.Background(), open(t, backendtest.Config(srv.URL)), backendtest.FIMRequest())
	if err != nil {
		t.Fatal(err)
	}
	st.TimeToFirstChunk, st.Total = 0, 0
	want := inference.Stats{
		Model: "coder", PromptTokens: 12, GeneratedTokens: 2, PromptEval: 3 * time.Millisecond,
		Eval: 4 * time.Millisecond, Load: time.Millisecond, StopReason: inference.StopMaxTokens, Slot: -1, Attempts: 1,
	}
	if diff := cmp.Diff(want, st); diff != "" {
		t.Errorf("stats (-want +got):\n%s", diff)
	}
}

func TestExtraRejected(t *testing.T) {
	b := open(t, backendtest.Config("http://127.0.0.1:1"))
	req := backendtest.FIMRequest()
	req.Extra = []inference.ContextFile{{Name: "a.go", Text: "package a"}}
	_, _, err := backendtest.Generate(context.Background(), b, req)
	if !errors.Is(err, inference.ErrUnsupported) {
		t.Fatalf("error = %v, want ErrUnsupported", err)
	}
}

func TestAPIKeyHeader(t *testing.T) {
	t.Setenv("LSPILOT_OLLAMA_KEY", "sk-proxy")
	var auth string
	srv := backendtest.NewServer(t, func(w http.ResponseWriter, r *http.Request) {
		auth = r.Header.Get("Authorization")
		backendtest.Write(w, dialect.ContentType, chunk("ok"), doneLine)
	})
	cfg := backendtest.Config(srv.URL)
	cfg.APIKeyEnv = "LSPILOT_OLLAMA_KEY"
	if _, _, err := backendtest.Generate(context.Background(), open(t, cfg), backendtest.FIMRequest()); err != nil {
		t.Fatal(err)
	}
	if auth != "Bearer sk-proxy" {
		t.Errorf("Authorization = %q", auth)
	}
}
