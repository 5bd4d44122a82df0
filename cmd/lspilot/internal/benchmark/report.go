package benchmark

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
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
	// suggestions they took whole, PartiallyAccepted those they took the
	// leading words of.
	Keystrokes, Accepted, PartiallyAccepted int
	// TypedChars counts the characters the keystrokes inserted (none for a
	// backspace); AcceptedChars those that came from accepted suggestions,
	// whole and partial.
	TypedChars, AcceptedChars int
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
	// thrown away by cancellation, NaN when unknown (editors in processes).
	Recomputed, Wasted float64
	// RecomputedTokens is how many prompt tokens the backend prefilled.
	RecomputedTokens int64
	// Throughput is completed generations per second of (virtual) time.
	Throughput float64
	// DaemonCPU is the daemon's CPU time per request, measured with an
	// instant backend; DaemonP99 the p99 of its per-request latency there.
	DaemonCPU, DaemonP99 time.Duration
	// Simulated says the fleet was the simulated GPU; GPUBusy is then how
	// long its replicas computed, summed (zero for a real backend).
	Simulated bool
	GPUBusy   time.Duration
	// RSS is the process's peak resident memory in bytes.
	RSS uint64
	// Elapsed is the run's length on its clock; Wall its real duration.
	Elapsed, Wall time.Duration
	// Notes say what the strategy stands for or what went wrong.
	Notes string
}

// per100 is n per 100 keystrokes.
func (r Result) per100(n float64) float64 { return 100 * n / float64(max(r.Keystrokes, 1)) }

// RequestsPer100 is backend requests per 100 keystrokes.
func (r Result) RequestsPer100() float64 { return r.per100(float64(r.BackendRequests)) }

// AcceptedCharsPer100 is the characters that accepting suggestions inserted
// per 100 keystrokes.
func (r Result) AcceptedCharsPer100() float64 { return r.per100(float64(r.AcceptedChars)) }

// ShownPer100 is the suggestions that reached the screen per 100
// keystrokes.
func (r Result) ShownPer100() float64 { return r.per100(float64(r.Shown)) }

// WrittenShare is the share of the written text that came from accepted
// suggestions: accepted characters over typed plus accepted characters.
func (r Result) WrittenShare() float64 {
	return float64(r.AcceptedChars) / float64(max(r.TypedChars+r.AcceptedChars, 1))
}

// GPUSecondsPerAcceptedChar is the simulated GPU's busy seconds per
// accepted character; false for a real backend or when nothing was
// accepted.
func (r Result) GPUSecondsPerAcceptedChar() (float64, bool) {
	if !r.Simulated || r.AcceptedChars == 0 {
		return 0, false
	}
	return r.GPUBusy.Seconds() / float64(r.AcceptedChars), true
}

// AcceptRate is the share of shown suggestions that were accepted whole.
func (r Result) AcceptRate() float64 { return float64(r.Accepted) / float64(max(r.Shown, 1)) }

// columns of the table and the CSV: what the users got first, then what it
// cost the backend, then the daemon, then the counts behind them.
var columns = []struct {
	name string
	cell func(Result) string
}{
	{"strategy", func(r Result) string { return r.Strategy }},
	{"editors", func(r Result) string { return strconv.Itoa(r.Editors) }},
	{"replicas", func(r Result) string { return strconv.Itoa(r.Replicas) }},
	{"clock", func(r Result) string { return r.Clock }},
	{"accepted_chars_per_100_keys", func(r Result) string { return fmt.Sprintf("%.1f", r.AcceptedCharsPer100()) }},
	{"written_pct", func(r Result) string { return pct(r.WrittenShare()) }},
	{"shown_per_100_keys", func(r Result) string { return fmt.Sprintf("%.1f", r.ShownPer100()) }},
	{"p50_ms", func(r Result) string { return ms(r.P50) }},
	{"p95_ms", func(r Result) string { return ms(r.P95) }},
	{"p99_ms", func(r Result) string { return ms(r.P99) }},
	{"req_per_100_keys", func(r Result) string { return fmt.Sprintf("%.1f", r.RequestsPer100()) }},
	{"prefill_per_100_keys", func(r Result) string { return fmt.Sprintf("%.0f", r.per100(float64(r.RecomputedTokens))) }},
	{"wasted_pct", func(r Result) string { return pct(r.Wasted) }},
	{"recomputed_pct", func(r Result) string { return pct(r.Recomputed) }},
	{"gpu_s_per_accepted_char", func(r Result) string {
		if s, ok := r.GPUSecondsPerAcceptedChar(); ok {
			return fmt.Sprintf("%.4f", s)
		}
		return ""
	}},
	{"daemon_cpu_us", func(r Result) string { return fmt.Sprintf("%.0f", float64(r.DaemonCPU)/1e3) }},
	{"daemon_p99_ms", func(r Result) string { return fmt.Sprintf("%.2f", float64(r.DaemonP99)/1e6) }},
	{"rss_mib", func(r Result) string { return fmt.Sprintf("%.0f", float64(r.RSS)/(1<<20)) }},
	{"keys", func(r Result) string { return strconv.Itoa(r.Keystrokes) }},
	{"shown", func(r Result) string { return strconv.Itoa(r.Shown) }},
	{"accepted_pct", func(r Result) string { return pct(r.AcceptRate()) }},
	{"partial", func(r Result) string { return strconv.Itoa(r.PartiallyAccepted) }},
	{"no_backend_pct", func(r Result) string { return pct(r.NoBackendShare) }},
	{"gen_per_s", func(r Result) string { return fmt.Sprintf("%.1f", r.Throughput) }},
}

func ms(d time.Duration) string { return fmt.Sprintf("%.0f", float64(d)/1e6) }

// pct writes a share as a percentage, "-" when unknown (NaN).
func pct(f float64) string {
	if math.IsNaN(f) {
		return "-"
	}
	return fmt.Sprintf("%.1f", 100*f)
}

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
