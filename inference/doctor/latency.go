package doctor

import (
	"context"
	"fmt"
	"time"

	"github.com/lspilot/lspilot/inference"
)

// probeRequest is a tiny completion; withSuffix makes it a FIM request.
func (s *server) probeRequest(withSuffix bool) *inference.Request {
	greedy := 0.0
	req := &inference.Request{
		Model:   s.cfg.Model,
		Prompt:  "def add(a, b):\n    return ",
		Options: inference.Options{MaxTokens: 8, Temperature: &greedy},
	}
	if withSuffix {
		req.Suffix = "\n\nprint(add(1, 2))\n"
	}
	return req
}

// checkFIMAndLatency reports native FIM support, trying a request with a
// suffix when the server's description leaves it unknown, and measures the
// first-token latency of a cold and a warm request.
func (s *server) checkFIMAndLatency(ctx context.Context, b inference.Backend, info inference.ModelInfo) {
	withSuffix := info.FIM != inference.Unsupported
	switch info.FIM {
	case inference.Supported:
		s.add(Check{Name: "fim", Status: OK, Detail: "the model fills in the middle natively (its template uses the suffix)"})
	case inference.Unsupported:
		s.addNoFIM(info.Name)
	}
	first, err := s.probe(ctx, b, withSuffix)
	if err != nil && withSuffix && info.FIM == inference.SupportUnknown && isNoFIM(err) {
		s.addNoFIM(info.Name)
		withSuffix = false
		first, err = s.probe(ctx, b, false)
	} else if info.FIM == inference.SupportUnknown && err == nil {
		s.add(Check{Name: "fim", Status: OK, Detail: "the server accepted a request with a suffix"})
	}
	if err != nil {
		if info.FIM == inference.SupportUnknown && !isNoFIM(err) {
			s.add(Check{Name: "fim", Status: Skip, Detail: "skipped: the probe request failed"})
		}
		s.fail("latency", err)
		return
	}
	warm, err := s.probe(ctx, b, withSuffix)
	if err != nil {
		s.fail("latency", err)
		return
	}
	c := Check{Name: "latency", Status: OK, Detail: fmt.Sprintf("first token in %v warm; first request %v%s",
		round(warm.TimeToFirstChunk), round(first.Total), loadNote(first))}
	if warm.TimeToFirstChunk > s.opts.SlowFirstToken {
		c.Status = Warn
		c.Fix = fmt.Sprintf("above %v the completion arrives after the user moved on; use a smaller model, a GPU, or a closer server", s.opts.SlowFirstToken)
	}
	s.add(c)
}

func (s *server) addNoFIM(name string) {
	if s.opts.RawFIM {
		s.add(Check{Name: "fim", Status: OK, Detail: "no native FIM; lspilot lays out FIM prompts itself (fim.template)"})
		return
	}
	s.add(Check{Name: "fim", Status: Fail, Detail: "the model cannot fill in the middle natively", Fix: fimFix(name)})
}

func (s *server) probe(ctx context.Context, b inference.Backend, withSuffix bool) (inference.Stats, error) {
	return b.Generate(ctx, s.probeRequest(withSuffix), func(inference.Chunk) error { return nil })
}

func loadNote(st inference.Stats) string {
	if st.Load < time.Millisecond {
		return ""
	}
	return fmt.Sprintf(" (model load %v)", round(st.Load))
}

func round(d time.Duration) time.Duration {
	switch {
	case d > time.Second:
		return d.Round(10 * time.Millisecond)
	case d > time.Millisecond:
		return d.Round(100 * time.Microsecond)
	}
	return d
}
