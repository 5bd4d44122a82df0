package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lspilot/lspilot/cmd/lspilot/internal/benchmark"
)

// TestBenchProcesses runs a small benchmark whose editors each talk to
// their own real "lspilot serve" process over stdio, against the simulated
// GPU in real time.
func TestBenchProcesses(t *testing.T) {
	results, err := benchmark.Run(context.Background(), benchmark.Options{
		Editors: 2, Duration: 3 * time.Second, Lines: 5, Seed: 4, Preset: "h100-1.5b", Binary: binary,
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(results) != 1 || results[0].Strategy != "lspilot" {
		t.Fatalf("results = %+v, want lspilot's", results)
	}
	if r := results[0]; r.Keystrokes == 0 || r.BackendRequests == 0 {
		t.Errorf("%d keystrokes and %d backend requests through the processes", r.Keystrokes, r.BackendRequests)
	}
}

// TestBenchCommand runs "lspilot bench" on a virtual clock with two
// strategies and checks its table and CSV.
func TestBenchCommand(t *testing.T) {
	csv, svg := filepath.Join(t.TempDir(), "out.csv"), filepath.Join(t.TempDir(), "out.svg")
	var out, errs bytes.Buffer
	err := run(context.Background(), []string{"bench", "--editors", "3", "--duration", "5s", "--lines", "5",
		"--strategies", "naive,lspilot", "--csv", csv, "--svg", svg}, stdio{strings.NewReader(""), &out, &errs})
	if err != nil {
		t.Fatalf("bench: %v\n%s", err, errs.String())
	}
	head := strings.Join(strings.Fields(strings.SplitN(out.String(), "\n", 2)[0]), " ")
	if !strings.HasPrefix(head, "strategy editors replicas clock accepted_chars_per_100_keys written_pct shown_per_100_keys p50_ms") ||
		!strings.Contains(out.String(), "req_per_100_keys") || !strings.Contains(out.String(), "lspilot") {
		t.Errorf("table:\n%s", out.String())
	}
	data, err := os.ReadFile(csv)
	if err != nil || strings.Count(string(data), "\n") != 3 {
		t.Errorf("CSV: %q, %v", data, err)
	}
	if data, err := os.ReadFile(svg); err != nil || !strings.HasPrefix(string(data), "<svg") {
		t.Errorf("SVG: %.40q, %v", data, err)
	}
	out.Reset()
	err = run(context.Background(), []string{"bench", "--sweep", "2,3", "--duration", "3s", "--lines", "5",
		"--strategies", "round-robin,lspilot"}, stdio{strings.NewReader(""), &out, &errs})
	if err != nil || !strings.Contains(out.String(), "throughput with p95 <= 250ms") || strings.Count(out.String(), "virtual") != 4 ||
		!strings.Contains(out.String(), "written_pct with p95 <= 250ms") {
		t.Errorf("sweep: %v\n%s", err, out.String())
	}
	for _, args := range [][]string{{"--sweep", "2,x"}, {"--sweep", "0"}, {"--sweep", "2", "--compare-clocks"}} {
		if err := run(context.Background(), append([]string{"bench"}, args...), stdio{nil, &out, &errs}); err == nil {
			t.Errorf("bench %q: no error", args)
		}
	}
	if err := run(context.Background(), []string{"bench", "--strategies", "nope"}, stdio{nil, &out, &errs}); err == nil ||
		!strings.Contains(err.Error(), `unknown strategy "nope"`) {
		t.Errorf("unknown strategy: %v", err)
	}
}

// TestBenchEditsCommand runs "lspilot bench --traces edits" and checks that
// the table and the CSV carry the runs without and with next edits and
// their next-edit columns, and that an unknown format is refused.
func TestBenchEditsCommand(t *testing.T) {
	csv := filepath.Join(t.TempDir(), "out.csv")
	var out, errs bytes.Buffer
	err := run(context.Background(), []string{"bench", "--traces", "edits", "--editors", "2", "--duration", "4s",
		"--preset", "h100-1.5b", "--next-edit-format", "instinct", "--csv", csv}, stdio{strings.NewReader(""), &out, &errs})
	if err != nil {
		t.Fatalf("bench: %v\n%s", err, errs.String())
	}
	head, rows, _ := strings.Cut(out.String(), "\n")
	for _, col := range []string{"written_pct", "ne_written_pct", "ne_p95_ms", "ne_req_per_shown", "ne_refused", "req_per_100_keys"} {
		if !strings.Contains(head, col) {
			t.Errorf("header lacks %s:\n%s", col, out.String())
		}
	}
	if !strings.Contains(rows, "lspilot+next-edits") || !strings.Contains(rows, "instinct") {
		t.Errorf("rows:\n%s", rows)
	}
	if data, err := os.ReadFile(csv); err != nil || strings.Count(string(data), "\n") != 3 || !strings.Contains(string(data), "ne_p95_ms") {
		t.Errorf("CSV: %q, %v", data, err)
	}
	err = run(context.Background(), []string{"bench", "--traces", "edits", "--next-edit-format", "sweep"},
		stdio{strings.NewReader(""), &out, &errs})
	if err == nil || !strings.Contains(err.Error(), `next-edit format "sweep"`) {
		t.Errorf("unknown format: %v", err)
	}
}
