package metrics

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"
	"go.uber.org/zap"
)

// Handler serves /metrics (Prometheus text format), /healthz (200 while the
// process serves) and /readyz (200 when Ready, else 503 with the reason).
func (m *Metrics) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{}))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, _ *http.Request) {
		if err := m.Ready(); err != nil {
			http.Error(w, "not ready: "+err.Error(), http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ready")
	})
	return mux
}

// Reasons Ready gives.
var (
	ErrNoBackend   = errors.New("no backend configured")
	ErrAllReplicas = errors.New("every replica of every backend is down")
)

// Ready reports whether the daemon can serve suggestions: at least one
// backend is in use and at least one of its replicas is up (see
// lspilot_replica_up). It returns ErrNoBackend or ErrAllReplicas otherwise.
func (m *Metrics) Ready() error {
	have, up := false, false
	for _, p := range m.live() {
		for _, b := range p.Backends {
			have = true
			for _, r := range b.replicas(m) {
				up = up || r.up
			}
		}
	}
	switch {
	case !have:
		return ErrNoBackend
	case !up:
		return ErrAllReplicas
	}
	return nil
}

// ListenAddr completes addr for Serve: a bare port, or a missing host,
// means the loopback interface. Any other interface is refused: the
// metrics have no authentication, and although they carry no code, prompts
// or file paths, they show how much the editors are used, and when (put a
// proxy or an SSH tunnel in front to scrape from another host).
func ListenAddr(addr string) (string, error) {
	if !strings.Contains(addr, ":") {
		addr = ":" + addr
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", fmt.Errorf("metrics address %q: want HOST:PORT: %w", addr, err)
	}
	if host == "" {
		host = "127.0.0.1"
	}
	addr = net.JoinHostPort(host, port)
	tcp, err := net.ResolveTCPAddr("tcp", addr)
	if err != nil {
		return "", fmt.Errorf("metrics address %q: %w", addr, err)
	}
	if tcp.IP == nil || !tcp.IP.IsLoopback() {
		return "", fmt.Errorf("metrics address %q: only loopback is served (the metrics have no authentication); scrape through a proxy or an SSH tunnel", addr)
	}
	return addr, nil
}

// Serve listens on addr, a loopback address (see ListenAddr), and serves
// Handler until ctx ends or stop is called.
func (m *Metrics) Serve(ctx context.Context, addr string, logger *zap.Logger) (bound net.Addr, stop func(), err error) {
	addr, err = ListenAddr(addr)
	if err != nil {
		return nil, nil, err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, nil, fmt.Errorf("metrics: listen: %w", err)
	}
	logger.Info("metrics listening", zap.String("addr", ln.Addr().String()))
	srv := &http.Server{Handler: m.Handler(), ReadHeaderTimeout: 5 * time.Second}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			logger.Warn("metrics server", zap.Error(err))
		}
	}()
	ctx, cancel := context.WithCancel(ctx)
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		<-ctx.Done()
		sctx, scancel := context.WithTimeout(context.Background(), time.Second)
		defer scancel()
		srv.Shutdown(sctx)
		<-done
	}()
	return ln.Addr(), func() { cancel(); <-stopped }, nil
}
