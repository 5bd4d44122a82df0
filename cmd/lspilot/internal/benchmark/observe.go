package benchmark

import (
	"github.com/lspilot/lspilot/inference"

	"github.com/lspilot/lspilot/inference/route"
	"github.com/lspilot/lspilot/inference/sched"
	"github.com/lspilot/lspilot/lsp/metrics"
)

// schedObserver returns m as the scheduler's observer; nil without metrics.
func schedObserver(m *metrics.Metrics) sched.Observer {
	if m == nil {
		return nil
	}
	return m
}

// registerBackend has m read the scheduler and the router (nil when the
// strategy has none) in front of the replica group b, and returns the
// function that stops it.
func registerBackend(m *metrics.Metrics, b inference.Backend, sc *sched.Scheduler, router *route.Router) func() {
	if m == nil {
		return func() {}
	}
	mb := metrics.Backend{Name: b.Name(), Scheduler: sc}
	if router != nil {
		mb.Router = router
		if g, ok := b.(*route.Group); ok {
			for _, r := range g.Replicas() {
				mb.Replicas = append(mb.Replicas, r.Name())
			}
		}
	}
	return m.Register(metrics.Pipeline{Backends: []metrics.Backend{mb}})
}
