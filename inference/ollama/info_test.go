package ollama_test

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
)

const fimTemplate = `{{ if .Suffix }}<|fim_prefix|>{{ .Prompt }}<|fim_suffix|>{{ .Suffix }}<|fim_middle|>{{ else }}{{ .Prompt }}{{ end }}`

func showHandler(t *testing.T) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		body := backendtest.DecodeBody(t, r)
		switch body["model"] {
		case "coder":
			backendtest.Write(w, "application/json", line(map[string]any{
				"template":     fimTemplate,
				"details":      map[string]any{"family": "llama", "parameter_size": "494M", "quantization_level": "Q8_0"},
				"model_info":   map[string]any{"general.architecture": "llama", "llama.context_length": 32768},
				"capabilities": []string{"completion", "insert"},
			}))
		case "chatty":
			backendtest.Write(w, "application/json", line(map[string]any{
				"template":     "{{ .Prompt }}",
				"details":      map[string]any{"family": "qwen2"},
				"model_info":   map[string]any{"general.architecture": "qwen2", "qwen2.context_length": 4096},
				"capabilities": []string{"completion"},
			}))
		default:
			w.WriteHeader(http.StatusNotFound)
			w.Write([]byte(`{"error":"model '` + body["model"].(string) + `' not found"}`))
		}
	}
}

func TestModelInfo(t *testing.T) {
	srv := backendtest.NewServer(t, showHandler(t))
	b := open(t, backendtest.Config(srv.URL))
	tests := []struct {
		give    string
		want    inference.ModelInfo
		wantErr error
	}{
		{give: "coder", want: inference.ModelInfo{Name: "coder", Family: "llama", Template: fimTemplate, FIM: inference.Supported,
			ContextLength: 32768, ParameterSize: "494M", Quantization: "Q8_0", Capabilities: []string{"completion", "insert"}}},
		{give: "chatty", want: inference.ModelInfo{Name: "chatty", Family: "qwen2", Template: "{{ .Prompt }}", FIM: inference.Unsupported,
			ContextLength: 4096, Capabilities: []string{"completion"}}},
		{give: "missing", wantErr: inference.ErrModelNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.give, func(t *testing.T) {
			got, err := b.ModelInfo(context.Background(), tt.give)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("ModelInfo() error = %v, want %v", err, tt.wantErr)
			}
			if err != nil && !strings.Contains(err.Error(), "`ollama pull missing`") {
				t.Errorf("error %q does not say how to pull the model", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ModelInfo() (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPingAndRunning(t *testing.T) {
	srv := backendtest.NewServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/version":
			backendtest.Write(w, "application/json", `{"version":"0.17.4"}`)
		case "/api/ps":
			backendtest.Write(w, "application/json", `{"models":[{"name":"coder","model":"coder","size":2000,`+
				`"size_vram":1000,"context_length":8192,"expires_at":"2030-01-01T00:00:00Z"}]}`)
		default:
			http.NotFound(w, r)
		}
	})
	b := open(t, backendtest.Config(srv.URL))
	info, err := b.Ping(context.Background())
	if err != nil || info.Version != "0.17.4" || info.Latency <= 0 {
		t.Errorf("Ping() = %+v, %v", info, err)
	}
	running, err := b.Running(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		Name    string
		Ctx     int
		VRAM    int64
		Expires time.Time
	}{{"coder", 8192, 1000, time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}}
	if len(running) != 1 || running[0].Name != want[0].Name || running[0].ContextLength != want[0].Ctx ||
		running[0].SizeVRAM != want[0].VRAM || !running[0].ExpiresAt.Equal(want[0].Expires) {
		t.Errorf("Running() = %+v", running)
	}
}

func TestPingRefused(t *testing.T) {
	b := open(t, backendtest.Config("http://127.0.0.1:1"))
	_, err := b.Ping(context.Background())
	if !errors.Is(err, inference.ErrUnreachable) || !strings.Contains(err.Error(), "`ollama serve`") {
		t.Errorf("Ping() error = %v, want ErrUnreachable with a hint", err)
	}
}

func TestWarm(t *testing.T) {
	var body map[string]any
	srv := backendtest.NewServer(t, func(w http.ResponseWriter, r *http.Request) {
		body = backendtest.DecodeBody(t, r)
		if body["prompt"] == "" {
			backendtest.Write(w, dialect.ContentType, `{"model":"coder","done":true,"done_reason":"load"}`+"\n")
			return
		}
		backendtest.Write(w, dialect.ContentType, chunk("x"), doneLine)
	})
	b := open(t, backendtest.Config(srv.URL))
	st, err := b.Warm(context.Background(), &inference.Request{Prompt: "long shared prefix", SingleLine: true})
	if err != nil || st.PromptEval != 3*time.Millisecond {
		t.Errorf("Warm() = %+v, %v", st, err)
	}
	if opts, _ := body["options"].(map[string]any); opts["num_predict"] != 1.0 {
		t.Errorf("warm options = %v, want num_predict 1", body["options"])
	}
	st, err = b.Warm(context.Background(), &inference.Request{})
	if err != nil || st.StopReason != inference.StopLoad {
		t.Errorf("Warm(empty) = %+v, %v; want a load", st, err)
	}
}
