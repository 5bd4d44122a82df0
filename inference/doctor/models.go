package doctor

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/discover"
)

// listTimeout bounds listing the server's models for a fix.
const listTimeout = 5 * time.Second

// shownModels is how many model names a fix lists.
const shownModels = 8

// missingModel fails the model check of a backend configured without one.
func (s *server) missingModel(ctx context.Context, kind inference.BackendKind) {
	s.add(Check{Name: "model", Status: Fail, Detail: "no model configured (`model`, or --model)", Fix: s.pickFix(ctx, kind)})
	for _, n := range []string{"fim", "context", "latency"} {
		s.add(Check{Name: n, Status: Skip, Detail: "skipped: model failed"})
	}
}

// pickFix lists the server's models and names the one lspilot would pick,
// or says why it cannot.
func (s *server) pickFix(ctx context.Context, kind inference.BackendKind) string {
	fix, ok := s.pick(ctx, kind)
	if !ok {
		return "set `model` (--model NAME); " + fix
	}
	return fix
}

// pick lists the server's models and names the one lspilot would pick,
// ranked as when it looks for a backend on its own (package discover); ok
// is false, and the text says why, when there is none.
func (s *server) pick(ctx context.Context, kind inference.BackendKind) (string, bool) {
	ctx, cancel := context.WithTimeout(ctx, listTimeout)
	defer cancel()
	srv := discover.List(ctx, discover.Target{Kind: kind, URL: s.cfg.URL}, discover.Options{Timeout: listTimeout})
	switch {
	case len(srv.Models) > 0:
		return PickText(srv.Models), true
	case srv.Err != nil:
		return fmt.Sprintf("cannot list the server's models: %v", srv.Err), false
	}
	return "the server lists no models", false
}

// PickText says which models a server offers (best first) and which one
// lspilot would pick: "the server offers a, b; lspilot would pick a (...):
// set `model` to it (--model a)".
func PickText(models []discover.Model) string {
	names := make([]string, 0, shownModels)
	for i, m := range models {
		if i == shownModels {
			names = append(names, fmt.Sprintf("and %d more", len(models)-shownModels))
			break
		}
		names = append(names, m.Name)
	}
	tier, _ := discover.Rank(models[0])
	return fmt.Sprintf("the server offers %s; lspilot would pick %s (%s): set `model` to it (--model %s)",
		strings.Join(names, ", "), models[0].Name, tier, models[0].Name)
}
