package benchmark

import (
	"context"
	"testing"
	"time"

	"github.com/lspilot/lspilot/lsp/metrics"
)

// TestRunFeedsMetrics runs the lspilot strategy with metrics and checks
// that the run fed them through the same pipeline as a daemon: LSP
// requests, keystroke-to-suggestion latencies, backend generations, the
// scheduler, and the suggestions the editors reported shown and accepted.
func TestRunFeedsMetrics(t *testing.T) {
	m := metrics.New("test")
	results, err := Run(context.Background(), Options{
		Editors: 4, Duration: 10 * time.Second, Lines: 8, Seed: 3, Virtual: true, Strategies: []string{"lspilot"}, Metrics: m,
	})
	if err != nil {
		t.Fatal(err)
	}
	fams, err := m.Registry().Gather()
	if err != nil {
		t.Fatal(err)
	}
	totals := map[string]float64{}
	for _, f := range fams {
		for _, s := range f.GetMetric() {
			for _, l := range s.GetLabel() {
				if l.GetName() == "event" || l.GetName() == "outcome" && f.GetName() == "lspilot_scheduler_requests_total" {
					totals[f.GetName()+"/"+l.GetValue()] += s.GetCounter().GetValue()
				}
			}
			switch {
			case s.Counter != nil:
				totals[f.GetName()] += s.GetCounter().GetValue()
			case s.Histogram != nil:
				totals[f.GetName()] += float64(s.GetHistogram().GetSampleCount())
			}
		}
	}
	for _, name := range []string{
		"lspilot_lsp_requests_total", "lspilot_lsp_request_duration_seconds", "lspilot_keystroke_to_suggestion_seconds",
		"lspilot_backend_generation_duration_seconds", "lspilot_scheduler_requests_total/admitted", "lspilot_prompt_tokens_total",
		"lspilot_suggestions_total/shown", "lspilot_completion_requests_total/request",
	} {
		if totals[name] == 0 {
			t.Errorf("%s is zero after a run", name)
		}
	}
	if r := results[0]; r.Accepted > 0 && totals["lspilot_suggestions_total/accepted"] == 0 {
		t.Errorf("the editors accepted %d suggestions, the metrics none", r.Accepted)
	}
}
