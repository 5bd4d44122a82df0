package benchmark

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"
	"time"
)

// Result is what one strategy achieved in a run.
type Result struct {
	Strategy string
	Editors  int
	Replicas int
	// Clock is "virtual" or "real".
	Clock string
	// Keystrokes counts the changes the editors made; Accepted the
	// suggestions they took.
	Keystrokes, Accepted int
	// Shown counts suggestions that reached the screen before the next
	// keystroke; P50, P95, P99 are keystroke to ghost text over them.
	Shown         int
	P50, P95, P99 time.Duration
	// BackendRequests counts generations the backend started.
	BackendRequests int64
	// NoBackendShare is the share of shown suggestions served without a
	// backend call (typed through on the client's screen or from a cache).
	NoBackendShare float64
	// Recomputed is the share of prompt tokens the backend had to prefill
	// (not found in its KV cache); Wasted the share of decoded tokens
	// thrown away by cancellation.
	Recomputed, Wasted float64
	// RecomputedTokens is how many prompt tokens the backend prefilled.
	RecomputedTokens int64
	// Throughput is completed generations per second of (virtual) time.
	Throughput float64
	// DaemonCPU is the daemon's CPU time per request, measured with an
	// instant backend; DaemonP99 the p99 of its per-request latency there.
	DaemonCPU, DaemonP99 time.Duration
	// RSS is the process's peak resident memory in bytes.
	RSS uint64
	// Elapsed is the run's length on its clock; Wall its real duration.
	Elapsed, Wall time.Duration
	// Notes say what the strategy stands for or what went wrong.
	Notes string
}

// RequestsPer100 is backend requests per 100 keystrokes.
func (r Result) RequestsPer100() float64 {
	return 100 * float64(r.BackendRequests) / float64(max(r.Keystrokes, 1))
}

// AcceptRate is the share of shown suggestions that were accepted.
func (r Result) AcceptRate() float64 { return float64(r.Accepted) / float64(max(r.Shown, 1)) }

// columns of the table and the CSV.
var columns = []struct {
	name string
	cell func(Result) string
}{
	{"strategy", func(r Result) string { return r.Strategy }},
	{"editors", func(r Result) string { return strconv.Itoa(r.Editors) }},
	{"replicas", func(r Result) string { return strconv.Itoa(r.Replicas) }},
	{"clock", func(r Result) string { return r.Clock }},
	{"keys", func(r Result) string { return strconv.Itoa(r.Keystrokes) }},
	{"p50_ms", func(r Result) string { return ms(r.P50) }},
	{"p95_ms", func(r Result) string { return ms(r.P95) }},
	{"p99_ms", func(r Result) string { return ms(r.P99) }},
	{"req_per_100_keys", func(r Result) string { return fmt.Sprintf("%.1f", r.RequestsPer100()) }},
	{"shown", func(r Result) string { return strconv.Itoa(r.Shown) }},
	{"no_backend_pct", func(r Result) string { return pct(r.NoBackendShare) }},
	{"accepted_pct", func(r Result) string { return pct(r.AcceptRate()) }},
	{"recomputed_pct", func(r Result) string { return pct(r.Recomputed) }},
	{"prefill_per_100_keys", func(r Result) string {
		return fmt.Sprintf("%.0f", 100*float64(r.RecomputedTokens)/float64(max(r.Keystrokes, 1)))
	}},
	{"wasted_pct", func(r Result) string { return pct(r.Wasted) }},
	{"gen_per_s", func(r Result) string { return fmt.Sprintf("%.1f", r.Throughput) }},
	{"daemon_cpu_us", func(r Result) string { return fmt.Sprintf("%.0f", float64(r.DaemonCPU)/1e3) }},
	{"daemon_p99_ms", func(r Result) string { return fmt.Sprintf("%.2f", float64(r.DaemonP99)/1e6) }},
	{"rss_mib", func(r Result) string { return fmt.Sprintf("%.0f", float64(r.RSS)/(1<<20)) }},
}

func ms(d time.Duration) string { return fmt.Sprintf("%.0f", float64(d)/1e6) }
func pct(f float64) string      { return fmt.Sprintf("%.1f", 100*f) }

// WriteTable writes results as an aligned table.
func WriteTable(w io.Writer, results []Result) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	for i, c := range columns {
		fmt.Fprint(tw, c.name, sep(i))
	}
	for _, r := range results {
		for i, c := range columns {
			fmt.Fprint(tw, c.cell(r), sep(i))
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, r := range results {
		if r.Notes != "" {
			fmt.Fprintf(w, "%s: %s\n", r.Strategy, r.Notes)
		}
	}
	return nil
}

func sep(i int) string {
	if i == len(columns)-1 {
		return "\t\n"
	}
	return "\t"
}

// WriteCSV writes results as CSV with a header row.
func WriteCSV(w io.Writer, results []Result) error {
	cw := csv.NewWriter(w)
	head := make([]string, len(columns))
	for i, c := range columns {
		head[i] = c.name
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	for _, r := range results {
		row := make([]string, len(columns))
		for i, c := range columns {
			row[i] = c.cell(r)
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
