package benchmark

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestRunSmall replays a few editors with every strategy against the
// simulated fleet on a virtual clock, and checks the run's shape: every
// strategy reports, editors type, and the strategies that save requests
// send fewer than the naive one.
func TestRunSmall(t *testing.T) {
	var progress strings.Builder
	results, err := Run(context.Background(), Options{
		Editors: 4, Duration: 10 * time.Second, Lines: 8, Seed: 3, Virtual: true, Progress: &progress,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("\n%s", progress.String())
	var table strings.Builder
	if err := WriteTable(&table, results); err != nil {
		t.Fatal(err)
	}
	t.Logf("\n%s", table.String())
	if len(results) != len(strategies) {
		t.Fatalf("%d results, want %d", len(results), len(strategies))
	}
	by := map[string]Result{}
	for _, r := range results {
		by[r.Strategy] = r
		if r.Keystrokes == 0 || r.BackendRequests == 0 {
			t.Errorf("%s: %d keystrokes, %d backend requests", r.Strategy, r.Keystrokes, r.BackendRequests)
		}
	}
	if by["lspilot"].RequestsPer100() >= by["naive"].RequestsPer100() {
		t.Errorf("lspilot sent %.1f requests per 100 keys, naive %.1f", by["lspilot"].RequestsPer100(), by["naive"].RequestsPer100())
	}
}
