package metrics_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"go.uber.org/zap/zaptest"

	"github.com/lspilot/lspilot/inference/route"
	"github.com/lspilot/lspilot/lsp/metrics"
)

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestHealthEndpoints checks /healthz, /readyz through its three states,
// and /metrics.
func TestHealthEndpoints(t *testing.T) {
	m := metrics.New("test")
	srv := httptest.NewServer(m.Handler())
	defer srv.Close()
	if code, _ := get(t, srv.URL+"/healthz"); code != http.StatusOK {
		t.Errorf("/healthz = %d, want 200", code)
	}
	router := &fakeRouter{[]route.ReplicaStats{{Breaker: route.BreakerOpen}, {Breaker: route.BreakerOpen}}}
	tests := []struct {
		name     string
		setup    func()
		wantCode int
		wantBody string
	}{
		{name: "no backend", setup: func() {}, wantCode: http.StatusServiceUnavailable, wantBody: "no backend configured"},
		{name: "every replica down", setup: func() {
			m.Register(metrics.Pipeline{Backends: []metrics.Backend{{Name: "gpu", Router: router}}})
		}, wantCode: http.StatusServiceUnavailable, wantBody: "every replica"},
		{name: "one replica half-open", setup: func() { router.st[1].Breaker = route.BreakerHalfOpen },
			wantCode: http.StatusOK, wantBody: "ready"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.setup()
			code, body := get(t, srv.URL+"/readyz")
			if code != tt.wantCode || !strings.Contains(body, tt.wantBody) {
				t.Errorf("/readyz = %d %q, want %d with %q", code, body, tt.wantCode, tt.wantBody)
			}
		})
	}
	code, body := get(t, srv.URL+"/metrics")
	if code != http.StatusOK || !strings.Contains(body, `lspilot_build_info{version="test"} 1`) {
		t.Errorf("/metrics = %d:\n%s", code, body)
	}
}

// TestServe serves on a loopback port chosen by the system, answers, and
// stops.
func TestServe(t *testing.T) {
	m := metrics.New("test")
	addr, stop, err := m.Serve(context.Background(), "127.0.0.1:0", zaptest.NewLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	if code, body := get(t, "http://"+addr.String()+"/healthz"); code != http.StatusOK || body != "ok\n" {
		t.Errorf("/healthz = %d %q", code, body)
	}
	stop()
	if _, err := http.Get("http://" + addr.String() + "/healthz"); err == nil {
		t.Error("the listener still answers after stop")
	}
}

func TestListenAddr(t *testing.T) {
	tests := []struct {
		give, want string
		wantErr    bool
	}{
		{give: "9464", want: "127.0.0.1:9464"},
		{give: ":9464", want: "127.0.0.1:9464"},
		{give: "localhost:9464", want: "localhost:9464"},
		{give: "[::1]:9464", want: "[::1]:9464"},
		{give: "0.0.0.0:9464", wantErr: true},
		{give: "[::]:9464", wantErr: true},
		{give: "192.0.2.7:9464", wantErr: true},
		{give: "a:b:c", wantErr: true},
	}
	for _, tt := range tests {
		got, err := metrics.ListenAddr(tt.give)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ListenAddr(%q) = %q, %v; want %q, error %v", tt.give, got, err, tt.want, tt.wantErr)
		}
	}
}
