package doctor

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"go.uber.org/zap"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/pipeline"
	"github.com/lspilot/lspilot/inference/route"
)

// Options tune the checks.
type Options struct {
	// RawFIM says that lspilot lays out FIM prompts itself with the model's
	// tokens (fim.template is set), so the server need not fill in the
	// middle natively.
	RawFIM bool
	// SlowFirstToken is the warm first-token latency above which the latency
	// check warns; 0 means 500ms.
	SlowFirstToken time.Duration
}

// Run checks the backend cfg describes, each of its URLs in turn, printing
// one line per check (and a fix line under warnings and failures) to w. The
// error reports a failure to write to w only; failed checks are in the
// report.
func Run(ctx context.Context, cfg inference.BackendConfig, opts Options, w io.Writer, logger *zap.Logger) (Report, error) {
	if logger == nil {
		logger = zap.NewNop()
	}
	if opts.SlowFirstToken <= 0 {
		opts.SlowFirstToken = 500 * time.Millisecond
	}
	p := &printer{w: w, report: &Report{Backend: cfg.Name}}
	if err := cfg.Validate(); err != nil {
		p.add(Check{Name: "config", Status: Fail, Detail: strings.ReplaceAll(err.Error(), "\n", "; "),
			Fix: "correct the keys named above in the backend's configuration"})
		return *p.report, p.err
	}
	cfg = cfg.WithDefaults()
	kind := string(cfg.Kind)
	if kind == "" {
		kind = "detected"
	}
	p.add(Check{Name: "config", Status: OK, Detail: fmt.Sprintf("backend %q, kind %s, model %q, %d server(s)",
		cfg.Name, kind, cfg.Model, len(cfg.URLs()))})
	key, _, _ := cfg.APIKey() // a failure to read it is reported by the server check
	for _, u := range cfg.URLs() {
		one := cfg
		one.URL, one.Replicas = u, nil
		s := &server{cfg: one, opts: opts, p: p, logger: logger, secret: key}
		s.check(ctx)
	}
	return *p.report, p.err
}

// server runs the checks of one URL.
type server struct {
	cfg    inference.BackendConfig
	opts   Options
	p      *printer
	logger *zap.Logger
	secret string // the API key, kept out of every line printed
}

func (s *server) add(c Check) {
	c.URL = s.cfg.URL
	c.Detail, c.Fix = inference.Redact(c.Detail, s.secret), inference.Redact(c.Fix, s.secret)
	s.p.add(c)
}

// fail records a failed check and skips the checks that depend on it.
func (s *server) fail(name string, err error, skipped ...string) {
	detail, fix := explain(err)
	s.add(Check{Name: name, Status: Fail, Detail: detail, Fix: fix})
	for _, n := range skipped {
		s.add(Check{Name: n, Status: Skip, Detail: "skipped: " + name + " failed"})
	}
}

func (s *server) check(ctx context.Context) {
	b, err := pipeline.Open(ctx, s.cfg, s.logger)
	if err != nil {
		s.fail("server", err, "model", "fim", "context", "latency")
		return
	}
	defer route.NewSet(route.Entry{Backend: b}).Close()
	if !s.checkServer(ctx, b) {
		return
	}
	info, ok := s.checkModel(ctx, b)
	if !ok {
		return
	}
	s.checkContext(ctx, b, info)
	s.checkFIMAndLatency(ctx, b, info)
}

// explain splits an error into what happened and what to do.
func explain(err error) (detail, fix string) {
	be := inference.AsBackendError(err)
	if be == nil {
		return err.Error(), ""
	}
	hint := be.Hint
	be.Hint = ""
	detail = be.Error()
	be.Hint = hint
	return detail, hint
}
