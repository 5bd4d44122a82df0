package benchmark

import (
	"encoding/csv"
	"strings"
	"testing"
	"time"
)

func TestResultUserFigures(t *testing.T) {
	tests := []struct {
		name                        string
		give                        Result
		charsPer100, written, shown float64
		gpuPerChar                  float64
		gpuOK                       bool
	}{
		{"simulated", Result{Keystrokes: 200, TypedChars: 150, AcceptedChars: 50, Shown: 30, Simulated: true, GPUBusy: 5 * time.Second},
			25, 0.25, 15, 0.1, true},
		{"real backend", Result{Keystrokes: 100, TypedChars: 90, AcceptedChars: 30, Shown: 10, GPUBusy: time.Second},
			30, 0.25, 10, 0, false},
		{"nothing accepted", Result{Keystrokes: 100, TypedChars: 100, Shown: 10, Simulated: true, GPUBusy: time.Second},
			0, 0, 10, 0, false},
		{"no keystrokes", Result{}, 0, 0, 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.give
			if got := r.AcceptedCharsPer100(); got != tt.charsPer100 {
				t.Errorf("AcceptedCharsPer100 = %v, want %v", got, tt.charsPer100)
			}
			if got := r.WrittenShare(); got != tt.written {
				t.Errorf("WrittenShare = %v, want %v", got, tt.written)
			}
			if got := r.ShownPer100(); got != tt.shown {
				t.Errorf("ShownPer100 = %v, want %v", got, tt.shown)
			}
			if got, ok := r.GPUSecondsPerAcceptedChar(); got != tt.gpuPerChar || ok != tt.gpuOK {
				t.Errorf("GPUSecondsPerAcceptedChar = %v, %v; want %v, %v", got, ok, tt.gpuPerChar, tt.gpuOK)
			}
		})
	}
}

// TestCSVColumns: the CSV leads with what users get, then the cost, and
// leaves the GPU's cell empty for a real backend.
func TestCSVColumns(t *testing.T) {
	results := []Result{
		{Strategy: "sim", Keystrokes: 200, TypedChars: 150, AcceptedChars: 50, Shown: 30, Simulated: true, GPUBusy: 5 * time.Second},
		{Strategy: "real", Keystrokes: 100, TypedChars: 90, AcceptedChars: 30, Shown: 10},
	}
	var b strings.Builder
	if err := WriteCSV(&b, results); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(b.String())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	lead := []string{"strategy", "editors", "replicas", "clock", "accepted_chars_per_100_keys", "written_pct", "shown_per_100_keys",
		"p50_ms", "p95_ms", "p99_ms", "req_per_100_keys", "prefill_per_100_keys", "wasted_pct", "recomputed_pct",
		"gpu_s_per_accepted_char", "daemon_cpu_us", "daemon_p99_ms", "rss_mib"}
	if got := strings.Join(rows[0][:len(lead)], ","); got != strings.Join(lead, ",") {
		t.Errorf("header starts %s, want %s", got, strings.Join(lead, ","))
	}
	cell := func(row int, name string) string {
		for i, h := range rows[0] {
			if h == name {
				return rows[row][i]
			}
		}
		t.Fatalf("no column %s", name)
		return ""
	}
	for _, c := range []struct {
		row       int
		col, want string
	}{
		{1, "accepted_chars_per_100_keys", "25.0"}, {1, "written_pct", "25.0"}, {1, "shown_per_100_keys", "15.0"},
		{1, "gpu_s_per_accepted_char", "0.1000"}, {2, "gpu_s_per_accepted_char", ""}, {2, "written_pct", "25.0"},
	} {
		if got := cell(c.row, c.col); got != c.want {
			t.Errorf("row %d %s = %q, want %q", c.row, c.col, got, c.want)
		}
	}
}
