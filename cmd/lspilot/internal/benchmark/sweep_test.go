package benchmark

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"
)

func TestCapacities(t *testing.T) {
	ms := time.Millisecond
	results := []Result{
		{Strategy: "round-robin", Editors: 100, Shown: 10, P95: 120 * ms, Throughput: 50},
		{Strategy: "lspilot", Editors: 100, Shown: 10, P95: 100 * ms, Throughput: 50},
		{Strategy: "round-robin", Editors: 200, Shown: 10, P95: 240 * ms, Throughput: 90},
		{Strategy: "lspilot", Editors: 200, Shown: 10, P95: 150 * ms, Throughput: 100},
		{Strategy: "round-robin", Editors: 400, Shown: 10, P95: 900 * ms, Throughput: 95},
		{Strategy: "lspilot", Editors: 400, Shown: 10, P95: 250 * ms, Throughput: 190},
		{Strategy: "never", Editors: 100, Shown: 10, P95: time.Second, Throughput: 10},
		{Strategy: "silent", Editors: 100, Shown: 0, Throughput: 10},
	}
	got := Capacities(results, 250*ms)
	want := []Capacity{
		{Strategy: "round-robin", Editors: 200, Throughput: 90, P95: 240 * ms},
		{Strategy: "lspilot", Editors: 400, Throughput: 190, P95: 250 * ms},
		{Strategy: "never"},
		{Strategy: "silent"},
	}
	if len(got) != len(want) {
		t.Fatalf("Capacities = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("Capacities[%d] = %+v, want %+v", i, got[i], want[i])
		}
	}
	var b strings.Builder
	if err := WriteCapacities(&b, got, 250*ms); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "2.11") {
		t.Errorf("no ratio 190/90 in\n%s", b.String())
	}
}

func TestWrittenWithin(t *testing.T) {
	ms := time.Millisecond
	tests := []struct {
		name  string
		give  Result
		share float64
		ok    bool
		cell  string
	}{
		{"within", Result{Shown: 5, P95: 200 * ms, TypedChars: 60, AcceptedChars: 40}, 0.4, true, "40.0"},
		{"at the target", Result{Shown: 5, P95: 250 * ms, TypedChars: 75, AcceptedChars: 25}, 0.25, true, "25.0"},
		{"over", Result{Shown: 5, P95: 412 * ms, TypedChars: 10, AcceptedChars: 90}, 0, false, "missed (p95 412)"},
		{"nothing shown", Result{TypedChars: 10}, 0, false, "none shown"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			share, ok := WrittenWithin(tt.give, 250*ms)
			if share != tt.share || ok != tt.ok {
				t.Errorf("WrittenWithin = %v, %v; want %v, %v", share, ok, tt.share, tt.ok)
			}
			if got := writtenCell(tt.give, 250*ms); got != tt.cell {
				t.Errorf("cell %q, want %q", got, tt.cell)
			}
		})
	}
}

// TestWriteWrittenWithin: one row per load, a cell per strategy, and the
// strategy with the largest share within the target named as best.
func TestWriteWrittenWithin(t *testing.T) {
	ms := time.Millisecond
	results := []Result{
		{Strategy: "naive", Editors: 10, Shown: 9, P95: 100 * ms, TypedChars: 50, AcceptedChars: 50},
		{Strategy: "lspilot", Editors: 10, Shown: 9, P95: 90 * ms, TypedChars: 70, AcceptedChars: 30},
		{Strategy: "naive", Editors: 40, Shown: 9, P95: 900 * ms, TypedChars: 50, AcceptedChars: 50},
		{Strategy: "lspilot", Editors: 40, Shown: 9, P95: 200 * ms, TypedChars: 80, AcceptedChars: 20},
		{Strategy: "naive", Editors: 80, Shown: 9, P95: 2000 * ms, TypedChars: 50, AcceptedChars: 50},
		{Strategy: "lspilot", Editors: 80, Shown: 0},
	}
	var b strings.Builder
	if err := WriteWrittenWithin(&b, results, 250*ms); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	want := [][]string{
		{"written_pct", "250ms"},
		{"editors", "naive", "lspilot", "best"},
		{"10", "50.0", "30.0", "naive"},
		{"40", "missed", "(p95", "900)", "20.0", "lspilot"},
		{"80", "missed", "(p95", "2000)", "none", "shown", "none"},
	}
	if len(lines) != len(want) {
		t.Fatalf("%d lines, want %d:\n%s", len(lines), len(want), b.String())
	}
	for i, w := range want {
		f := strings.Fields(lines[i])
		if i == 0 {
			f = []string{f[0], f[4]}
		}
		if strings.Join(f, " ") != strings.Join(w, " ") {
			t.Errorf("line %d = %q, want fields %q", i, lines[i], w)
		}
	}
}

// TestSweepAndClocks: a sweep gives one result per load and strategy, and
// the virtual clock tells the same story as real time: the same keystrokes
// within a few percent, and requests per keystroke close.
func TestSweepAndClocks(t *testing.T) {
	o := Options{Duration: 6 * time.Second, Lines: 6, Seed: 5, Strategies: []string{"lspilot"}, Virtual: true}
	swept, err := Sweep(context.Background(), o, []int{2, 4})
	if err != nil {
		t.Fatal(err)
	}
	if len(swept) != 2 || swept[0].Editors != 2 || swept[1].Editors != 4 {
		t.Fatalf("sweep = %+v", swept)
	}
	o.Editors = 6
	both, err := CompareClocks(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	if len(both) != 2 || both[0].Clock != "virtual" || both[1].Clock != "real" {
		t.Fatalf("results = %+v", both)
	}
	v, r := both[0], both[1]
	t.Logf("virtual: %d keys, %.1f req/100, p50 %v; real: %d keys, %.1f req/100, p50 %v",
		v.Keystrokes, v.RequestsPer100(), v.P50, r.Keystrokes, r.RequestsPer100(), r.P50)
	if d := math.Abs(float64(v.Keystrokes-r.Keystrokes)) / float64(max(v.Keystrokes, 1)); d > 0.1 {
		t.Errorf("keystrokes differ by %.0f%%", 100*d)
	}
	if d := math.Abs(v.RequestsPer100() - r.RequestsPer100()); d > 10 {
		t.Errorf("requests per 100 keystrokes differ by %.1f", d)
	}
}
