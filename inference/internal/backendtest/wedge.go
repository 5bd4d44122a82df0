package backendtest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/ollamatest"
	"github.com/lspilot/lspilot/inference/ollamatest/tinymodel"
)

// wedgeServer plays an Ollama server whose model "coder" is wedged (see
// ollama.Healer) until it is unloaded: requests on the dialect's path get
// no answer, and /api/ps reports the model's expires_at as Ollama does,
// moving it to now+keep_alive whenever the model's last request ends. With
// busy set, another client holds the model all along instead, so its mark
// never moves and unloading does not help.
type wedgeServer struct {
	*Server
	d    Dialect
	busy bool

	mu       sync.Mutex
	wedged   bool
	loaded   bool
	refs     int
	lastIdle time.Time
	unloads  int
	looks    int
}

const wedgeKeepAlive = 5 * time.Minute

func newWedgeServer(t testing.TB, d Dialect, ollama, busy bool) *wedgeServer {
	s := &wedgeServer{d: d, busy: busy, wedged: true, loaded: true, lastIdle: time.Now().Add(-time.Minute)}
	s.Server = NewServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case !ollama && (r.URL.Path == "/api/version" || r.URL.Path == "/api/ps"):
			http.NotFound(w, r)
		case r.URL.Path == "/api/version":
			fmt.Fprint(w, `{"version":"0.17.4"}`)
		case r.URL.Path == "/api/ps":
			s.ps(w)
		case r.URL.Path == "/api/generate" && s.unload(t, r):
			fmt.Fprint(w, `{"model":"coder","created_at":"2025-01-01T00:00:00Z","response":"","done":true,"done_reason":"unload"}`+"\n")
		case r.URL.Path == d.Path:
			s.generate(w, r)
		default:
			http.NotFound(w, r)
		}
	})
	return s
}

// unload reports whether r is a keep_alive 0 request without a prompt, and
// unloads the model if so.
func (s *wedgeServer) unload(t testing.TB, r *http.Request) bool {
	m := DecodeBody(t, r)
	if !zeroDuration(m["keep_alive"]) || m["prompt"] != nil && m["prompt"] != "" {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.unloads++
	if !s.busy {
		s.loaded, s.wedged = false, false
	}
	return true
}

// zeroDuration reports whether v is an Ollama keep_alive of zero: a number
// of seconds or a duration string.
func zeroDuration(v any) bool {
	switch v := v.(type) {
	case float64:
		return v == 0
	case string:
		d, err := time.ParseDuration(v)
		return v == "0" || err == nil && d == 0
	}
	return false
}

func (s *wedgeServer) ps(w http.ResponseWriter) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.looks++
	models := []any{}
	if s.loaded {
		models = append(models, map[string]any{"name": "coder:latest", "model": "coder:latest",
			"expires_at": s.lastIdle.Add(wedgeKeepAlive).Format(time.RFC3339Nano)})
	}
	json.NewEncoder(w).Encode(map[string]any{"models": models})
}

func (s *wedgeServer) generate(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.loaded = true
	s.refs++
	stuck := s.wedged || s.busy
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		if s.refs--; s.refs == 0 && !s.busy {
			s.lastIdle = time.Now()
		}
		s.mu.Unlock()
	}()
	if stuck {
		<-r.Context().Done()
		return
	}
	Write(w, s.d.ContentType, s.d.Chunk("ok"), s.d.End)
}

func (s *wedgeServer) counts() (unloads, looks int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.unloads, s.looks
}

// Unwedge checks that a backend frees a model the server holds idle but no
// longer serves, and leaves alone a model that is busy and a server that is
// not Ollama. ollama says whether nb's backend may speak Ollama's API.
func Unwedge(t *testing.T, d Dialect, nb NewBackend) {
	tests := []struct {
		name        string
		ollama      bool
		busy        bool
		wantText    string
		wantUnloads int
	}{
		{name: "wedged", ollama: true, wantText: "ok", wantUnloads: 1},
		{name: "busy", ollama: true, busy: true},
		{name: "not ollama"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newWedgeServer(t, d, tt.ollama, tt.busy)
			cfg := Config(s.URL)
			cfg.IdleTimeout = 300 * time.Millisecond
			b := nb(t, cfg)
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			got, st, err := Generate(ctx, b, FIMRequest())
			unloads, looks := s.counts()
			if tt.wantText != "" {
				if err != nil || got != tt.wantText || st.Attempts < 2 {
					t.Errorf("Generate() = %q, %+v, %v; want %q after the model was unloaded", got, st, err, tt.wantText)
				}
			} else if !errors.Is(err, inference.ErrStalled) {
				t.Errorf("Generate() = %q, %v; want ErrStalled", got, err)
			}
			if unloads != tt.wantUnloads {
				t.Errorf("%d unloads, want %d", unloads, tt.wantUnloads)
			}
			if !tt.ollama && looks > 0 {
				t.Errorf("asked a server that is not Ollama for /api/ps %d times", looks)
			}
		})
	}
}

// UnwedgeReal wedges the FIM model of the real server srv and checks that
// the backend nb opens for url (the server's, or its /v1 endpoints), with a
// short idle timeout, unloads the model and answers.
func UnwedgeReal(t *testing.T, srv *ollamatest.Server, url string, nb NewBackend) {
	ctx, cancel := context.WithTimeout(context.Background(), ollamatest.WedgeTimeout)
	defer cancel()
	tries, err := srv.Wedge(ctx, ollamatest.FIMModel)
	if err != nil {
		t.Fatalf("wedge the model: %v", err)
	}
	cfg := inference.BackendConfig{Name: "real", URL: url, Model: ollamatest.FIMModel, IdleTimeout: 5 * time.Second}
	zero := 0.0
	req := &inference.Request{Prompt: "package main\n\n", Suffix: "\n", Options: inference.Options{MaxTokens: 4, Temperature: &zero}}
	got, st, err := Generate(ctx, nb(t, cfg), req)
	t.Logf("wedged after %d hang-ups; answered in %v after %d attempts", tries, st.Total, st.Attempts)
	if want := tinymodel.Walk(0, 4); err != nil || got != want || st.Attempts < 2 {
		t.Errorf("Generate() = %q, %v after %d attempts; want %q once the model was unloaded", got, err, st.Attempts, want)
	}
}
