package pipeline_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"testing"

	"go.uber.org/zap/zaptest"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/internal/backendtest"
	"github.com/lspilot/lspilot/inference/pipeline"
	"github.com/lspilot/lspilot/inference/route"
)

// servers emulate the probe answers of each kind.
func kindServer(t *testing.T, kind string) *backendtest.Server {
	return backendtest.NewServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case kind == "ollama" && r.URL.Path == "/api/version":
			backendtest.Write(w, "application/json", `{"version":"0.17.4"}`)
		case kind == "llamacpp" && r.URL.Path == "/props":
			backendtest.Write(w, "application/json", `{"default_generation_settings":{"n_ctx":4096},"total_slots":2}`)
		case (kind == "openai" || kind == "ollama" || kind == "llamacpp") && r.URL.Path == "/v1/models":
			backendtest.Write(w, "application/json", `{"object":"list","data":[{"id":"coder"}]}`)
		case kind == "openai-auth" && r.URL.Path == "/v1/models":
			w.WriteHeader(http.StatusUnauthorized)
			w.Write([]byte(`{"error":{"message":"missing key"}}`))
		case kind == "html":
			backendtest.Write(w, "text/html", "<html>hello</html>")
		default:
			http.NotFound(w, r)
		}
	})
}

func refusedURL(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return "http://" + ln.Addr().String()
}

func TestDetect(t *testing.T) {
	tests := []struct {
		name    string
		url     func(t *testing.T) string
		want    inference.BackendKind
		wantErr error
	}{
		{name: "ollama", url: func(t *testing.T) string { return kindServer(t, "ollama").URL }, want: inference.KindOllama},
		{name: "llamacpp", url: func(t *testing.T) string { return kindServer(t, "llamacpp").URL }, want: inference.KindLlamaCpp},
		{name: "openai", url: func(t *testing.T) string { return kindServer(t, "openai").URL }, want: inference.KindOpenAI},
		{name: "openai behind a key", url: func(t *testing.T) string { return kindServer(t, "openai-auth").URL }, want: inference.KindOpenAI},
		{name: "v1 URL needs no probe", url: func(t *testing.T) string { return refusedURL(t) + "/v1" }, want: inference.KindOpenAI},
		{name: "unknown server", url: func(t *testing.T) string { return kindServer(t, "html").URL }, wantErr: pipeline.ErrUnknownKind},
		{name: "unreachable", url: refusedURL, wantErr: inference.ErrUnreachable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := pipeline.Detect(context.Background(), inference.BackendConfig{Name: "x", URL: tt.url(t)})
			if !errors.Is(err, tt.wantErr) || got != tt.want {
				t.Errorf("Detect() = %q, %v; want %q, %v", got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestOpen(t *testing.T) {
	ollamaURL := kindServer(t, "ollama").URL
	tests := []struct {
		name      string
		give      inference.BackendConfig
		wantKind  inference.BackendKind
		wantGroup bool
		wantErr   string
	}{
		{name: "detected", give: inference.BackendConfig{Name: "a", URL: ollamaURL, Model: "m"}, wantKind: inference.KindOllama},
		{name: "explicit", give: inference.BackendConfig{Name: "b", Kind: inference.KindLlamaCpp, URL: refusedURL(t)}, wantKind: inference.KindLlamaCpp},
		{name: "replicas", give: inference.BackendConfig{Name: "c", Kind: inference.KindOpenAI, URL: "http://127.0.0.1:1", Model: "m",
			Replicas: []string{"http://127.0.0.1:2"}}, wantKind: inference.KindOpenAI, wantGroup: true},
		{name: "invalid", give: inference.BackendConfig{Name: "d", Kind: inference.KindOllama}, wantErr: "open backend d: model: required for kind ollama\nurl: required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := pipeline.Open(context.Background(), tt.give, zaptest.NewLogger(t))
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("Open() error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer route.NewSet(route.Entry{Backend: b}).Close()
			_, isGroup := b.(*route.Group)
			if b.Kind() != tt.wantKind || isGroup != tt.wantGroup || b.Name() != tt.give.Name {
				t.Errorf("Open() = %s %q group=%v", b.Kind(), b.Name(), isGroup)
			}
		})
	}
}

func TestGroupFailsOverToALiveReplica(t *testing.T) {
	live := backendtest.NewServer(t, func(w http.ResponseWriter, r *http.Request) {
		backendtest.Write(w, "text/event-stream", `data: {"choices":[{"index":0,"text":"ok","finish_reason":"stop"}]}`+"\n\ndata: [DONE]\n\n")
	})
	cfg := inference.BackendConfig{Name: "pool", Kind: inference.KindOpenAI, URL: refusedURL(t), Model: "m",
		Replicas: []string{live.URL}, Retries: -1}
	b, err := pipeline.Open(context.Background(), cfg, zaptest.NewLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	defer b.(*route.Group).Close()
	for range 2 {
		got, _, err := backendtest.Generate(context.Background(), b, &inference.Request{Prompt: "p"})
		if err != nil || got != "ok" {
			t.Fatalf("Generate() = %q, %v", got, err)
		}
	}
	if live.Requests() != 2 {
		t.Errorf("live replica served %d requests, want 2", live.Requests())
	}
}

func TestOpenSet(t *testing.T) {
	_, err := pipeline.OpenSet(context.Background(), []inference.BackendConfig{{Name: "a", URL: "http://x"}, {Name: "a", URL: "ftp://y"}}, nil)
	want := "open backends: backends[1].name: \"a\" is also the name of backends[0]\nbackends[1].url: \"ftp://y\" must start with http:// or https://"
	if err == nil || err.Error() != want {
		t.Fatalf("OpenSet() error =\n%v\nwant\n%s", err, want)
	}
	s, err := pipeline.OpenSet(context.Background(), []inference.BackendConfig{
		{Name: "local", Kind: inference.KindOllama, URL: "http://127.0.0.1:11434", Model: "m", Languages: []string{"go"}},
		{Name: "gpu", URL: "http://gpu:8000/v1", Model: "m"},
	}, zaptest.NewLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if len(s.All()) != 2 || s.Backend("gpu").Kind() != inference.KindOpenAI {
		t.Errorf("OpenSet() = %v", s.All())
	}
}
