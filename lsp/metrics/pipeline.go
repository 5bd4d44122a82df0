package metrics

import (
	"strconv"
	"strings"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/complete"
	"github.com/lspilot/lspilot/inference/explain"
	"github.com/lspilot/lspilot/inference/pipeline"
	"github.com/lspilot/lspilot/inference/route"
	"github.com/lspilot/lspilot/inference/sched"
)

// Pipeline is what one set of features was built from: its engines and, per
// backend, the scheduler and router in front of it. Nil fields are parts
// the pipeline lacks. Its counters are read at every scrape.
type Pipeline struct {
	// Completion is the completion engine.
	Completion interface{ Stats() complete.Stats }
	// Hover is the explanation engine behind hover.
	Hover interface{ Stats() explain.Stats }
	// Backends are the configured backends, in order.
	Backends []Backend
}

// Backend is one configured backend of a Pipeline.
type Backend struct {
	// Name is the configured name.
	Name string
	// Scheduler is the scheduler in front of it.
	Scheduler interface{ Stats() sched.Stats }
	// Router routes its requests to replicas; nil for a single server
	// without slots, whose health then comes from its latest generation.
	Router interface{ Stats() []route.ReplicaStats }
	// Replicas name the replicas in the Router's order; by default
	// "Name#index".
	Replicas []string
}

// Register adds p to what scrapes read and returns the function that
// removes it; p's counters then stay counted, so that totals never go back.
func (m *Metrics) Register(p Pipeline) (unregister func()) {
	pp := &p
	m.mu.Lock()
	m.pipelines[pp] = struct{}{}
	m.mu.Unlock()
	return func() {
		final := samples{}
		pp.counters(final, m)
		m.mu.Lock()
		defer m.mu.Unlock()
		if _, ok := m.pipelines[pp]; !ok {
			return
		}
		delete(m.pipelines, pp)
		m.retired.merge(final)
	}
}

// live returns the registered pipelines.
func (m *Metrics) live() []*Pipeline {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]*Pipeline, 0, len(m.pipelines))
	for p := range m.pipelines {
		out = append(out, p)
	}
	return out
}

// replicaName returns the name of b's replica i.
func (b Backend) replicaName(i int) string {
	if i < len(b.Replicas) {
		return Label(b.Replicas[i])
	}
	return Label(b.Name) + "#" + strconv.Itoa(i)
}

// Label returns a configured name fit for a label value: a name that is a
// URL (the default name of a backend is its URL) loses any user and
// password it carries, and its query.
func Label(name string) string {
	if !strings.Contains(name, "://") {
		return name
	}
	label, _, _ := strings.Cut(inference.DisplayURL(name), "?")
	return label
}

// BackendsOf describes the configured backends of p, each with its
// scheduler and router, for a Pipeline.
func BackendsOf(p *pipeline.Pipeline) []Backend {
	var out []Backend
	for _, st := range p.Stages() {
		b := Backend{Name: st.Name, Replicas: st.Replicas}
		if st.Scheduler != nil {
			b.Scheduler = st.Scheduler
		}
		if st.Router != nil {
			b.Router = st.Router
		}
		out = append(out, b)
	}
	return out
}
