package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/lspilot/lspilot/lsp"
	"github.com/lspilot/lspilot/lsp/metrics"
)

// metricsFlag is the --metrics-addr flag of serve and bench.
type metricsFlag struct{ addr string }

func (f *metricsFlag) register(fs *flag.FlagSet) {
	fs.StringVar(&f.addr, "metrics-addr", "", "serve /metrics (Prometheus), /healthz and /readyz on `HOST:PORT` (a bare port or :PORT listens on 127.0.0.1)")
}

// start serves the metrics when the flag is set. It returns nil metrics and
// a no-op stop when it is not.
func (f *metricsFlag) start(ctx context.Context, logger *zap.Logger) (*metrics.Metrics, func(), error) {
	if f.addr == "" {
		return nil, func() {}, nil
	}
	m := metrics.New(version)
	_, stop, err := m.Serve(ctx, f.addr, logger)
	if err != nil {
		return nil, nil, err
	}
	return m, stop, nil
}

// observer returns m as the sessions' observer; nil when there are no
// metrics.
func observer(m *metrics.Metrics) lsp.Observer {
	if m == nil {
		return nil
	}
	return m
}

// startBenchMetrics serves a bench run's metrics when the flag is set,
// saying where on w. stop waits linger (or until ctx ends) before it
// closes the listener, so that a last scrape sees the final counts.
func startBenchMetrics(ctx context.Context, f *metricsFlag, w io.Writer) (*metrics.Metrics, func(linger time.Duration), error) {
	logger := zap.New(zapcore.NewCore(zapcore.NewConsoleEncoder(zap.NewDevelopmentEncoderConfig()),
		zapcore.AddSync(w), zap.InfoLevel))
	m, stop, err := f.start(ctx, logger)
	if err != nil {
		return nil, nil, fmt.Errorf("bench: %w", err)
	}
	return m, func(linger time.Duration) {
		if m != nil && linger > 0 {
			fmt.Fprintf(w, "serving the metrics for %v more\n", linger)
			select {
			case <-ctx.Done():
			case <-time.After(linger):
			}
		}
		stop()
	}, nil
}
