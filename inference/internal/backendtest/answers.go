package backendtest

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/lspilot/lspilot/inference"
)

const secretKey = "sk-test-secret-0123456789"

func fail(d Dialect, status int, msg string, header ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Set(header[i], header[i+1])
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		w.Write([]byte(d.ErrorBody(status, msg)))
	}
}

func checkAnswers(t *testing.T, d Dialect, newBackend NewBackend) {
	tests := []struct {
		name           string
		handler        http.HandlerFunc
		key            bool
		wantErr        error
		wantStatus     int
		wantRetryAfter time.Duration
		wantHint       string
	}{
		{name: "model not found", handler: fail(d, d.ModelNotFound.Status, d.ModelNotFound.Msg),
			wantErr: inference.ErrModelNotFound, wantStatus: d.ModelNotFound.Status},
		{name: "no FIM", handler: fail(d, d.NoFIM.Status, d.NoFIM.Msg),
			wantErr: inference.ErrNoFIM, wantStatus: d.NoFIM.Status, wantHint: "use a base code model or set `fim.template`"},
		{name: "context overflow", handler: fail(d, d.Overflow.Status, d.Overflow.Msg),
			wantErr: inference.ErrContextOverflow, wantStatus: d.Overflow.Status},
		{name: "401 names the key source", handler: fail(d, 401, "invalid api key"), key: true,
			wantErr: inference.ErrUnauthorized, wantStatus: 401, wantHint: "environment variable LSPILOT_TEST_KEY"},
		{name: "403", handler: fail(d, 403, "forbidden"), wantErr: inference.ErrUnauthorized, wantStatus: 403,
			wantHint: "set apiKeyEnv or apiKeyFile"},
		{name: "429 keeps Retry-After", handler: fail(d, 429, "slow down", "Retry-After", "1"),
			wantErr: inference.ErrRateLimited, wantStatus: 429, wantRetryAfter: time.Second},
		{name: "503 keeps Retry-After", handler: fail(d, 503, "busy", "Retry-After", "2"),
			wantErr: inference.ErrUnavailable, wantStatus: 503, wantRetryAfter: 2 * time.Second},
		{name: "500", handler: fail(d, 500, "model runner crashed"), wantErr: inference.ErrServer, wantStatus: 500},
		{name: "unknown endpoint", handler: func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) },
			wantErr: inference.ErrUnsupported, wantStatus: 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := NewServer(t, tt.handler)
			cfg := Config(srv.URL)
			cfg.Retries = -1
			if tt.key {
				t.Setenv("LSPILOT_TEST_KEY", secretKey)
				cfg.APIKeyEnv = "LSPILOT_TEST_KEY"
			}
			_, _, err := Generate(context.Background(), newBackend(t, cfg), FIMRequest())
			wantKind(t, err, tt.wantErr)
			be := inference.AsBackendError(err)
			if be.Status != tt.wantStatus || be.RetryAfter != tt.wantRetryAfter {
				t.Errorf("status %d, retry after %v; want %d, %v", be.Status, be.RetryAfter, tt.wantStatus, tt.wantRetryAfter)
			}
			if !strings.Contains(be.Hint, tt.wantHint) {
				t.Errorf("hint %q does not say %q", be.Hint, tt.wantHint)
			}
			if strings.Contains(err.Error(), secretKey) {
				t.Errorf("error %q shows the API key", err)
			}
		})
	}
}

func checkRetries(t *testing.T, d Dialect, newBackend NewBackend) {
	tests := []struct {
		name      string
		first     http.HandlerFunc
		key       bool
		wantErr   error
		wantCalls int
	}{
		{name: "429 then success", first: fail(d, 429, "slow down", "Retry-After", "0"), wantCalls: 2},
		{name: "503 then success", first: fail(d, 503, "loading model"), wantCalls: 2},
		{name: "502 then success", first: fail(d, 502, "bad gateway"), wantCalls: 2},
		{name: "401 never retried", first: fail(d, 401, "invalid api key"), key: true, wantErr: inference.ErrUnauthorized, wantCalls: 1},
		{name: "500 not retried", first: fail(d, 500, "crash"), wantErr: inference.ErrServer, wantCalls: 1},
		{name: "400 not retried", first: fail(d, 400, "bad temperature"), wantErr: inference.ErrBadRequest, wantCalls: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var srv *Server
			srv = NewServer(t, func(w http.ResponseWriter, r *http.Request) {
				if srv.Requests() == 1 {
					tt.first(w, r)
					return
				}
				Write(w, d.ContentType, d.Chunk("ok"), d.End)
			})
			cfg := Config(srv.URL)
			if tt.key {
				t.Setenv("LSPILOT_TEST_KEY", secretKey)
				cfg.APIKeyEnv = "LSPILOT_TEST_KEY"
			}
			got, st, err := Generate(context.Background(), newBackend(t, cfg), FIMRequest())
			if tt.wantErr != nil {
				wantKind(t, err, tt.wantErr)
			} else if err != nil || got != "ok" || st.Attempts != 2 {
				t.Errorf("Generate() = %q, attempts %d, %v; want ok after 2 attempts", got, st.Attempts, err)
			}
			if srv.Requests() != tt.wantCalls {
				t.Errorf("requests = %d, want %d", srv.Requests(), tt.wantCalls)
			}
		})
	}
}

func checkUnreachable(t *testing.T, d Dialect, newBackend NewBackend) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cfg := Config("http://" + addr)
	cfg.Retries = 1
	_, st, err := Generate(context.Background(), newBackend(t, cfg), FIMRequest())
	wantKind(t, err, inference.ErrUnreachable)
	if st.Attempts != 2 {
		t.Errorf("attempts = %d, want 2: a refused connection is retried", st.Attempts)
	}
	if be := inference.AsBackendError(err); !strings.Contains(be.Hint, addr) {
		t.Errorf("hint %q does not name the address", be.Hint)
	}
}

func checkDisconnect(t *testing.T, d Dialect, newBackend NewBackend) {
	tests := []struct {
		name    string
		chunk   string
		req     func(*inference.Request)
		stopAt  int
		cancel  bool
		wantErr error
	}{
		{name: "single line", chunk: "x\n", req: func(r *inference.Request) { r.SingleLine = true }},
		{name: "stop sequence", chunk: "x;", req: func(r *inference.Request) { r.Options.Stop = []string{";"} }},
		{name: "callback stop", chunk: "x", stopAt: 3},
		{name: "cancel", chunk: "x", stopAt: 3, cancel: true, wantErr: context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var srv *Server
			srv = NewServer(t, func(w http.ResponseWriter, r *http.Request) {
				srv.StreamUntilGone(w, r, d.ContentType, d.Chunk(tt.chunk))
			})
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			req := FIMRequest()
			if tt.req != nil {
				tt.req(req)
			}
			n := 0
			_, err := newBackend(t, Config(srv.URL)).Generate(ctx, req, func(c inference.Chunk) error {
				n++
				if n == tt.stopAt {
					if tt.cancel {
						cancel()
						return nil
					}
					return inference.ErrStop
				}
				return nil
			})
			if tt.wantErr == nil && err != nil || !errors.Is(err, tt.wantErr) {
				t.Fatalf("Generate() error = %v, want %v", err, tt.wantErr)
			}
			srv.WaitGone(t)
		})
	}
}
