package metrics_test

import (
	"encoding/json"
	"errors"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/complete"
	"github.com/lspilot/lspilot/inference/route"
	"github.com/lspilot/lspilot/inference/sched"
	"github.com/lspilot/lspilot/lsp/metrics"
)

// TestDashboardNamesExist checks that the example Grafana dashboard is
// valid JSON whose queries name only series the package exports.
func TestDashboardNamesExist(t *testing.T) {
	b, err := os.ReadFile("grafana-dashboard.json")
	if err != nil {
		t.Fatal(err)
	}
	var dash struct {
		Panels []struct {
			Title   string `json:"title"`
			Targets []struct {
				Expr string `json:"expr"`
			} `json:"targets"`
		} `json:"panels"`
	}
	if err := json.Unmarshal(b, &dash); err != nil {
		t.Fatalf("dashboard: %v", err)
	}
	m := metrics.New("test")
	m.Register(metrics.Pipeline{Completion: &fakeCompletion{st: complete.Stats{}}, Backends: []metrics.Backend{{Name: "gpu",
		Scheduler: fakeSched{schedStats(1, 0, sched.LaneStats{})}, Router: fakeRouter{[]route.ReplicaStats{{}}}}}})
	m.Request("initialize", time.Millisecond, "ok")
	m.Notification("initialized")
	m.KeystrokeToSuggestion(time.Millisecond)
	m.Generated("gpu", inference.LaneInline, time.Millisecond,
		inference.Stats{PromptTokens: 1, CachedTokens: 1, CacheReported: true, GeneratedTokens: 1, PromptEval: 1}, nil)
	m.Generated("gpu", inference.LaneInline, time.Millisecond, inference.Stats{}, errors.New("x"))
	names := map[string]bool{}
	for k := range scrape(t, m) {
		name := k[:strings.Index(k, "{")]
		names[strings.TrimSuffix(strings.TrimSuffix(name, "_count"), "_sum")] = true
	}
	series := regexp.MustCompile(`lspilot_[a-z_]+`)
	queries := 0
	for _, p := range dash.Panels {
		for _, tg := range p.Targets {
			queries++
			for _, name := range series.FindAllString(tg.Expr, -1) {
				if !names[strings.TrimSuffix(name, "_bucket")] {
					t.Errorf("panel %q queries %s, which the daemon does not export", p.Title, name)
				}
			}
		}
	}
	if queries == 0 {
		t.Error("the dashboard has no queries")
	}
}
