package discover_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/discover"
)

// deadURL is a loopback URL where nothing listens.
func deadURL(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln.Close()
	return "http://" + ln.Addr().String()
}

func serve(t *testing.T, h http.HandlerFunc) string {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestFind(t *testing.T) {
	ollama := serve(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/tags":
			w.Write([]byte(`{"models":[{"name":"llama3.2:3b","details":{"family":"llama","parameter_size":"3.2B"}},` +
				`{"name":"nomic-embed-text:latest","details":{"family":"nomic-bert"}},` +
				`{"name":"qwen2.5-coder:1.5b-base","details":{"family":"qwen2","parameter_size":"1.5B"}}]}`))
		case "/api/show":
			if strings.Contains(readAll(r), "qwen") {
				w.Write([]byte(`{"template":"{{ .Suffix }}","capabilities":["completion","insert"]}`))
				return
			}
			w.Write([]byte(`{"template":"{{ .Prompt }}","capabilities":["completion"]}`))
		default:
			http.NotFound(w, r)
		}
	})
	llama := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"default_generation_settings":{"n_ctx":4096},"model_path":"/m/starcoder2-3b-Q8_0.gguf"}`))
	})
	other := serve(t, func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	empty := serve(t, func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(`{"models":[]}`)) })
	dead := deadURL(t)
	tests := []struct {
		name      string
		give      []discover.Target
		wantPick  string
		wantErrs  []error
		wantCount []int
	}{
		{"ollama wins a tie", []discover.Target{{Kind: inference.KindOllama, URL: ollama}, {Kind: inference.KindLlamaCpp, URL: llama}},
			"qwen2.5-coder:1.5b-base", []error{nil, nil}, []int{2, 1}},
		{"llama-server alone", []discover.Target{{Kind: inference.KindOllama, URL: dead}, {Kind: inference.KindLlamaCpp, URL: llama}},
			"starcoder2-3b-Q8_0", []error{discover.ErrNothingListens, nil}, []int{0, 1}},
		{"nothing", []discover.Target{{Kind: inference.KindOllama, URL: other}, {Kind: inference.KindLlamaCpp, URL: dead}},
			"", []error{discover.ErrNotTheServer, discover.ErrNothingListens}, []int{0, 0}},
		{"no models", []discover.Target{{Kind: inference.KindOllama, URL: empty}},
			"", []error{discover.ErrNoModels}, []int{0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := discover.Find(context.Background(), tt.give, discover.Options{})
			_, m, ok := res.Pick()
			if ok != (tt.wantPick != "") || m.Name != tt.wantPick {
				t.Errorf("Pick = %q, %v; want %q", m.Name, ok, tt.wantPick)
			}
			for i, s := range res.Servers {
				if !errors.Is(s.Err, tt.wantErrs[i]) || (tt.wantErrs[i] == nil) != (s.Err == nil) {
					t.Errorf("server %d error = %v, want %v", i, s.Err, tt.wantErrs[i])
				}
				if len(s.Models) != tt.wantCount[i] {
					t.Errorf("server %d has %d models, want %d", i, len(s.Models), tt.wantCount[i])
				}
			}
		})
	}
}

func readAll(r *http.Request) string {
	b, _ := io.ReadAll(r.Body)
	return string(b)
}
