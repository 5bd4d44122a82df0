package doctor

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/ollama"
)

func (s *server) checkServer(ctx context.Context, b inference.Backend) bool {
	p, ok := inference.As[inference.Pinger](b)
	if !ok {
		s.add(Check{Name: "server", Status: OK, Detail: fmt.Sprintf("%s backend (no ping)", b.Kind())})
		return true
	}
	info, err := p.Ping(ctx)
	if err != nil {
		s.fail("server", err, "model", "fim", "context", "latency")
		return false
	}
	version := info.Version
	if version == "" {
		version = "(version not reported)"
	}
	s.add(Check{Name: "server", Status: OK, Detail: fmt.Sprintf("%s %s at %s answers in %v",
		b.Kind(), version, s.cfg.URL, round(info.Latency))})
	return true
}

func (s *server) checkModel(ctx context.Context, b inference.Backend) (inference.ModelInfo, bool) {
	mi, ok := inference.As[inference.ModelInspector](b)
	if !ok {
		s.add(Check{Name: "model", Status: Skip, Detail: "the backend cannot describe models"})
		return inference.ModelInfo{}, true
	}
	if s.cfg.Model == "" && b.Kind() != inference.KindLlamaCpp {
		s.missingModel(ctx, b.Kind())
		return inference.ModelInfo{}, false
	}
	info, err := mi.ModelInfo(ctx, s.cfg.Model)
	if errors.Is(err, inference.ErrModelNotFound) {
		detail, fix := explain(err)
		if pick, ok := s.pick(ctx, b.Kind()); ok {
			fix = strings.TrimPrefix(fix+"; "+pick, "; ")
		}
		s.add(Check{Name: "model", Status: Fail, Detail: detail, Fix: fix})
		for _, n := range []string{"fim", "context", "latency"} {
			s.add(Check{Name: n, Status: Skip, Detail: "skipped: model failed"})
		}
		return info, false
	}
	if err != nil {
		s.fail("model", err, "fim", "context", "latency")
		return info, false
	}
	var parts []string
	for _, v := range []string{info.Family, info.ParameterSize, info.Quantization} {
		if v != "" {
			parts = append(parts, v)
		}
	}
	detail := info.Name
	if len(parts) > 0 {
		detail += " (" + strings.Join(parts, ", ") + ")"
	}
	s.add(Check{Name: "model", Status: OK, Detail: detail})
	return info, true
}

func (s *server) checkContext(ctx context.Context, b inference.Backend, info inference.ModelInfo) {
	c := Check{Name: "context", Status: OK}
	switch {
	case info.ContextLength > 0:
		c.Detail = fmt.Sprintf("%d tokens", info.ContextLength)
	default:
		c.Detail = "not reported by the server"
	}
	if r, ok := b.(interface {
		Running(context.Context) ([]ollama.RunningModel, error)
	}); ok {
		if models, err := r.Running(ctx); err == nil {
			for _, m := range models {
				if m.Name == info.Name || strings.TrimSuffix(m.Name, ":latest") == info.Name {
					c.Detail += fmt.Sprintf("; loaded with num_ctx %d", m.ContextLength)
				}
			}
		}
	}
	if n := s.cfg.NumCtx; n > 0 {
		c.Detail += fmt.Sprintf("; num_ctx %d configured", n)
		if info.ContextLength > 0 && n > info.ContextLength {
			c.Status = Warn
			c.Fix = fmt.Sprintf("num_ctx %d exceeds what the model was trained for; lower it to %d or less", n, info.ContextLength)
		}
	}
	s.add(c)
}

// looksInstruct guesses from a model name that it was tuned for chat.
func looksInstruct(name string) bool {
	n := strings.ToLower(name)
	for _, m := range []string{"instruct", "chat", "-it", ":it"} {
		if strings.Contains(n, m) {
			return true
		}
	}
	return false
}

// fimFix says what to do about a model without native FIM.
func fimFix(name string) string {
	fix := "this model has no FIM template; use a base code model or set `fim.template`"
	if looksInstruct(name) {
		fix += fmt.Sprintf(" (%q looks like an instruct model: inline completion wants a base code model trained for FIM, such as qwen2.5-coder:1.5b-base)", name)
	}
	return fix
}

// isNoFIM reports the failure of a request with a suffix to a model that
// cannot fill in the middle.
func isNoFIM(err error) bool { return errors.Is(err, inference.ErrNoFIM) }
