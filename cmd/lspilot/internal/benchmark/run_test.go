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
	if len(results) != len(defaultStrategies) {
		t.Fatalf("%d results, want %d", len(results), len(defaultStrategies))
	}
	by := map[string]Result{}
	for _, r := range results {
		by[r.Strategy] = r
		if r.Keystrokes == 0 || r.BackendRequests == 0 {
			t.Errorf("%s: %d keystrokes, %d backend requests", r.Strategy, r.Keystrokes, r.BackendRequests)
		}
		if r.TypedChars == 0 || !r.Simulated || r.GPUBusy == 0 {
			t.Errorf("%s: %d typed characters, simulated %v, GPU busy %v", r.Strategy, r.TypedChars, r.Simulated, r.GPUBusy)
		}
	}
	if l := by["lspilot"]; l.Accepted == 0 || l.AcceptedChars == 0 {
		t.Errorf("lspilot: %d accepted, %d accepted characters", l.Accepted, l.AcceptedChars)
	}
	if by["lspilot"].RequestsPer100() >= by["naive"].RequestsPer100() {
		t.Errorf("lspilot sent %.1f requests per 100 keys, naive %.1f", by["lspilot"].RequestsPer100(), by["naive"].RequestsPer100())
	}
}

// TestRunOpenAIBatches replays over the OpenAI protocol, with and without
// prompt batches, and refuses an unknown protocol.
func TestRunOpenAIBatches(t *testing.T) {
	results, err := Run(context.Background(), Options{
		Editors: 4, Duration: 6 * time.Second, Lines: 6, Seed: 4, Virtual: true, Protocol: "openai", Slots: 1,
		Strategies: []string{"lspilot", "lspilot-batch"},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range results {
		if r.Shown == 0 || r.BackendRequests == 0 {
			t.Errorf("%s: %d shown, %d backend requests", r.Strategy, r.Shown, r.BackendRequests)
		}
	}
	if _, err := Run(context.Background(), Options{Protocol: "grpc"}); err == nil || !strings.Contains(err.Error(), `protocol "grpc"`) {
		t.Errorf("unknown protocol: %v", err)
	}
}

// TestRunEdits replays edit traces without and with next edits on the
// simulated fleet, and checks that the run with next edits asked for them,
// got answers, showed and took some, and filled the next-edit columns, and
// that the run without asked for none.
func TestRunEdits(t *testing.T) {
	results, err := Run(context.Background(), Options{
		Editors: 3, Duration: 8 * time.Second, Seed: 5, Virtual: true, HitRate: 1, Preset: "h100-1.5b", Traces: TracesEdits,
	})
	if err != nil {
		t.Fatal(err)
	}
	var table strings.Builder
	if err := WriteTable(&table, results); err != nil {
		t.Fatal(err)
	}
	t.Logf("\n%s", table.String())
	if len(results) != 2 || results[0].Strategy != "lspilot" || results[1].Strategy != "lspilot+next-edits" {
		t.Fatalf("results %v, want lspilot without and with next edits", results)
	}
	without, with := results[0], results[1]
	for _, r := range results {
		if r.Traces != TracesEdits || r.Steps == 0 || r.Keystrokes == 0 || r.TypedChars == 0 || r.BackendRequests == 0 {
			t.Errorf("%s: traces %q, %d steps, %d keystrokes, %d typed characters, %d backend requests",
				r.Strategy, r.Traces, r.Steps, r.Keystrokes, r.TypedChars, r.BackendRequests)
		}
	}
	if without.NextAsked != 0 || without.StepsByNext != 0 {
		t.Errorf("without next edits: %d asked, %d steps by next edits", without.NextAsked, without.StepsByNext)
	}
	if with.NextAsked == 0 || with.NextAnswered == 0 || with.NextShown == 0 || with.NextAccepted == 0 ||
		with.NextAcceptedChars == 0 || with.StepsByNext == 0 || with.NextP95 == 0 || with.NextModelCalls == 0 {
		t.Errorf("with next edits: %+v", with)
	}
	header, rows, _ := strings.Cut(table.String(), "\n")
	for _, col := range []string{"written_pct", "ne_written_pct", "ne_shown", "ne_p50_ms", "ne_p95_ms", "ne_req_per_shown", "ne_refused"} {
		if !strings.Contains(header, col) {
			t.Errorf("table header lacks %s: %s", col, header)
		}
	}
	if !strings.Contains(rows, "lspilot+next-edits") {
		t.Errorf("table rows lack the run with next edits:\n%s", rows)
	}
	if _, err := Run(context.Background(), Options{Traces: "refactors"}); err == nil || !strings.Contains(err.Error(), `traces "refactors"`) {
		t.Errorf("unknown traces: %v", err)
	}
}
