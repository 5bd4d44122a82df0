package llamacpp_test

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

var fields = []any{"content", "stop", "stop_type", "stopping_word", "id_slot", "model",
	"tokens_evaluated", "tokens_predicted", "truncated", "timings"}

func TestRequestBody(t *testing.T) {
	temp, slot, seed := 0.1, 2, 5
	tests := []struct {
		name     string
		give     *inference.Request
		wantPath string
		want     map[string]any
	}{
		{
			name: "infill with context, slot, budget and samplers",
			give: &inference.Request{
				Prompt: "pre", Suffix: "suf", Extra: []inference.ContextFile{{Name: "util.go", Text: "package util"}},
				Slot: &slot, TimeBudget: 250 * time.Millisecond, NIndent: 4,
				Options: inference.Options{MaxTokens: 48, Temperature: &temp, TopK: 40, TopP: 0.99, Seed: &seed, Stop: []string{"\n\n"},
					Samplers: []string{"top_k", "top_p", "infill"}},
			},
			wantPath: "/infill",
			want: map[string]any{
				"input_prefix": "pre", "input_suffix": "suf", "prompt": "", "model": "coder",
				"input_extra": []any{map[string]any{"filename": "util.go", "text": "package util"}},
				"n_predict":   48.0, "temperature": 0.1, "top_k": 40.0, "top_p": 0.99, "seed": 5.0, "stop": []any{"\n\n"},
				"samplers":     []any{"top_k", "top_p", "infill"},
				"cache_prompt": true, "id_slot": 2.0, "t_max_predict_ms": 250.0, "n_indent": 4.0, "stream": true,
				"response_fields": fields,
			},
		},
		{
			name:     "raw prompt without cache",
			give:     &inference.Request{Prompt: "<|fim_prefix|>a<|fim_suffix|>b<|fim_middle|>", Raw: true, NoCachePrompt: true},
			wantPath: "/completion",
			want: map[string]any{
				"prompt": "<|fim_prefix|>a<|fim_suffix|>b<|fim_middle|>", "model": "coder", "cache_prompt": false,
				"id_slot": -1.0, "stream": true, "response_fields": fields,
			},
		},
		{
			name:     "chat",
			give:     &inference.Request{Messages: []inference.Message{{Role: "user", Content: "why"}}},
			wantPath: "/v1/chat/completions",
			want: map[string]any{"model": "coder", "messages": []any{map[string]any{"role": "user", "content": "why"}},
				"stream": true, "stream_options": map[string]any{"include_usage": true}, "prompt_cache_key": inference.AffinityKey("")},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var body map[string]any
			var path string
			srv := backendtest.NewServer(t, func(w http.ResponseWriter, r *http.Request) {
				path, body = r.URL.Path, backendtest.DecodeBody(t, r)
				if path == "/v1/chat/completions" {
					backendtest.Write(w, dialect.ContentType, `data: {"choices":[{"index":0,"delta":{"content":"ok"},"finish_reason":"stop"}]}`+"\n\ndata: [DONE]\n\n")
					return
				}
				backendtest.Write(w, dialect.ContentType, chunk("ok"), end)
			})
			got, _, err := backendtest.Generate(context.Background(), open(t, backendtest.Config(srv.URL)), tt.give)
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
	tests := []struct {
		name string
		give []string
		want inference.Stats
	}{
		{name: "cache and timings", give: []string{chunk("a"), chunk("b"), end},
			want: inference.Stats{Model: "qwen", PromptTokens: 48, CachedTokens: 40, CacheReported: true, GeneratedTokens: 2,
				PromptEval: 12500 * time.Microsecond, Eval: 6500 * time.Microsecond, StopReason: inference.StopEOS, Slot: 0, Attempts: 1}},
		// tokens_cached counts what the slot holds after the request, not
		// what it reused: without timings nothing tells the reuse.
		{name: "stop word", give: []string{chunk("a"),
			`data: {"content":"","stop":true,"stop_type":"word","stopping_word":"\n\n","id_slot":1,"tokens_cached":9,"tokens_evaluated":8,"tokens_predicted":1}` + "\n\n"},
			want: inference.Stats{PromptTokens: 8, GeneratedTokens: 1,
				StopReason: inference.StopSequence, StopSequence: "\n\n", Slot: 1, Attempts: 1}},
		{name: "limit", give: []string{chunk("a"), `data: {"content":"b","stop":true,"stop_type":"limit","tokens_predicted":2}` + "\n\n"},
			want: inference.Stats{GeneratedTokens: 2, StopReason: inference.StopMaxTokens, Slot: -1, Attempts: 1}},
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

func TestWarm(t *testing.T) {
	var body map[string]any
	srv := backendtest.NewServer(t, func(w http.ResponseWriter, r *http.Request) {
		body = backendtest.DecodeBody(t, r)
		backendtest.Write(w, dialect.ContentType, end)
	})
	slot := 1
	st, err := open(t, backendtest.Config(srv.URL)).Warm(context.Background(), &inference.Request{Prompt: "prefix", Suffix: "s", Slot: &slot})
	if err != nil || st.PromptEval != 12500*time.Microsecond {
		t.Fatalf("Warm() = %+v, %v", st, err)
	}
	if body["n_predict"] != 0.0 || body["id_slot"] != 1.0 || body["cache_prompt"] != true {
		t.Errorf("warm body = %v, want n_predict 0 on slot 1 with the cache on", body)
	}
}

func TestServerInfo(t *testing.T) {
	loading := true
	srv := backendtest.NewServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/health":
			if loading {
				w.WriteHeader(http.StatusServiceUnavailable)
				w.Write([]byte(`{"error":{"code":503,"message":"Loading model","type":"unavailable_error"}}`))
				return
			}
			backendtest.Write(w, "application/json", `{"status":"ok"}`)
		case "/props":
			backendtest.Write(w, "application/json", `{"default_generation_settings":{"n_ctx":8192,"params":{}},"total_slots":4,`+
				`"model_path":"/models/qwen2.5-coder-1.5b-q8_0.gguf","chat_template":"{{ messages }}","build_info":"b5000-abc"}`)
		case "/tokenize":
			body := backendtest.DecodeBody(t, r)
			if body["content"] != "a b" || body["add_special"] != false {
				t.Errorf("tokenize body = %v", body)
			}
			backendtest.Write(w, "application/json", `{"tokens":[64,293]}`)
		case "/slots":
			backendtest.Write(w, "application/json", `[{"id":0,"n_ctx":2048,"is_processing":true},{"id":1,"n_ctx":2048,"is_processing":false}]`)
		default:
			http.NotFound(w, r)
		}
	})
	b := open(t, backendtest.Config(srv.URL))
	ctx := context.Background()
	if _, err := b.Ping(ctx); !errors.Is(err, inference.ErrUnavailable) {
		t.Errorf("Ping() while loading = %v, want ErrUnavailable", err)
	}
	loading = false
	info, err := b.Ping(ctx)
	if err != nil || info.Version != "b5000-abc" {
		t.Errorf("Ping() = %+v, %v", info, err)
	}
	if got := b.Capabilities().Slots; got != 4 {
		t.Errorf("Slots = %d after /props, want 4", got)
	}
	mi, err := b.ModelInfo(ctx, "")
	want := inference.ModelInfo{Name: "qwen2.5-coder-1.5b-q8_0", Template: "{{ messages }}", ContextLength: 8192}
	if diff := cmp.Diff(want, mi); diff != "" || err != nil {
		t.Errorf("ModelInfo() (-want +got):\n%s%v", diff, err)
	}
	toks, err := b.Tokenize(ctx, "a b")
	if diff := cmp.Diff([]int{64, 293}, toks); diff != "" || err != nil {
		t.Errorf("Tokenize() = %v, %v", toks, err)
	}
	slots, err := b.Slots(ctx)
	if err != nil || len(slots) != 2 || !slots[0].IsProcessing || slots[1].NCtx != 2048 {
		t.Errorf("Slots() = %+v, %v", slots, err)
	}
}

func TestSlotsDisabled(t *testing.T) {
	srv := backendtest.NewServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNotImplemented)
		w.Write([]byte(`{"error":{"code":501,"message":"This server does not support slots endpoint. Start it with --slots","type":"not_supported_error"}}`))
	})
	_, err := open(t, backendtest.Config(srv.URL)).Slots(context.Background())
	if !errors.Is(err, inference.ErrUnsupported) {
		t.Errorf("Slots() error = %v, want ErrUnsupported", err)
	}
}

func TestModelInfoName(t *testing.T) {
	tests := []struct {
		name  string
		alias string
		want  string
	}{
		{name: "alias set", alias: "qwen-coder", want: "qwen-coder"},
		{name: "alias is the path, as without --alias", alias: "/models/qwen2.5-coder-1.5b-q8_0.gguf", want: "qwen2.5-coder-1.5b-q8_0"},
		{name: "no alias", want: "qwen2.5-coder-1.5b-q8_0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := backendtest.NewServer(t, func(w http.ResponseWriter, r *http.Request) {
				backendtest.Write(w, "application/json", `{"default_generation_settings":{"n_ctx":4096},"total_slots":2,`+
					`"model_path":"/models/qwen2.5-coder-1.5b-q8_0.gguf","model_alias":"`+tt.alias+`"}`)
			})
			mi, err := open(t, backendtest.Config(srv.URL)).ModelInfo(context.Background(), "")
			if err != nil || mi.Name != tt.want {
				t.Errorf("ModelInfo().Name = %q, %v; want %q", mi.Name, err, tt.want)
			}
		})
	}
}
