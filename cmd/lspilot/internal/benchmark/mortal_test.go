package benchmark

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestReplicaDies: a replica that dies mid-run is failed over: the run goes
// on, suggestions keep coming, and the result says how many requests the
// dead replica dropped.
func TestReplicaDies(t *testing.T) {
	results, err := Run(context.Background(), Options{
		Editors: 6, Duration: 8 * time.Second, Lines: 8, Seed: 7, Virtual: true, Replicas: 2,
		KillAfter: 2 * time.Second, Strategies: []string{"round-robin", "lspilot"},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range results {
		t.Logf("%s: %d shown, %s", r.Strategy, r.Shown, r.Notes)
		if !strings.Contains(r.Notes, "replica 1 died after 2s") || strings.Contains(r.Notes, "; 0 of its requests") {
			t.Errorf("%s: notes %q do not count the dropped requests", r.Strategy, r.Notes)
		}
		if r.Shown == 0 {
			t.Errorf("%s: nothing shown", r.Strategy)
		}
	}
	if _, err := Run(context.Background(), Options{KillAfter: time.Second}); err == nil ||
		!strings.Contains(err.Error(), "two or more simulated replicas") {
		t.Errorf("killing the only replica: %v", err)
	}
}
