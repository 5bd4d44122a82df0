package metrics_test

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/lspilot/lspilot/inference/complete"
	"github.com/lspilot/lspilot/inference/explain"
	"github.com/lspilot/lspilot/inference/route"
	"github.com/lspilot/lspilot/inference/sched"
	"github.com/lspilot/lspilot/lsp/metrics"
)

// scrape gathers m and returns every lspilot_ sample as `name{k="v",...}`
// (labels sorted) to its value; histograms give their _count and _sum.
func scrape(t *testing.T, m *metrics.Metrics) map[string]float64 {
	t.Helper()
	fams, err := m.Registry().Gather()
	if err != nil {
		t.Fatalf("gather: %v", err)
	}
	out := map[string]float64{}
	for _, f := range fams {
		if !strings.HasPrefix(f.GetName(), "lspilot_") {
			continue
		}
		for _, s := range f.GetMetric() {
			var labels []string
			for _, l := range s.GetLabel() {
				labels = append(labels, fmt.Sprintf("%s=%q", l.GetName(), l.GetValue()))
			}
			sort.Strings(labels)
			key := f.GetName() + "{" + strings.Join(labels, ",") + "}"
			switch {
			case s.Counter != nil:
				out[key] = s.GetCounter().GetValue()
			case s.Gauge != nil:
				out[key] = s.GetGauge().GetValue()
			case s.Histogram != nil:
				out[f.GetName()+"_count{"+strings.Join(labels, ",")+"}"] = float64(s.GetHistogram().GetSampleCount())
				out[f.GetName()+"_sum{"+strings.Join(labels, ",")+"}"] = s.GetHistogram().GetSampleSum()
			}
		}
	}
	return out
}

// pick returns the entries of got named in want, for cmp.Diff.
func pick(got, want map[string]float64) map[string]float64 {
	out := map[string]float64{}
	for k := range want {
		if v, ok := got[k]; ok {
			out[k] = v
		}
	}
	return out
}

// fakeCompletion, fakeHover, fakeSched and fakeRouter return stats a test
// sets.
type fakeCompletion struct {
	mu sync.Mutex
	st complete.Stats
}

func (f *fakeCompletion) Stats() complete.Stats {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.st
}

func (f *fakeCompletion) set(st complete.Stats) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.st = st
}

type fakeHover struct{ st explain.Stats }

func (f fakeHover) Stats() explain.Stats { return f.st }

type fakeSched struct{ st sched.Stats }

func (f fakeSched) Stats() sched.Stats { return f.st }

type fakeRouter struct{ st []route.ReplicaStats }

func (f fakeRouter) Stats() []route.ReplicaStats { return f.st }
