package benchmark

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/lspilot/lspilot/cmd/lspilot/internal/table"
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

	// Traces is what the editors did: TracesTyping or TracesEdits.
	Traces string
	// On edit traces: NextAsked counts next-edit requests, NextAnswered
	// those answered while the document was unchanged, with their request
	// to answer latencies NextP50 and NextP95; NextShown the answers with
	// an edit that went on screen, NextAccepted those taken and
	// NextAcceptedChars the characters they wrote (part of AcceptedChars).
	NextAsked, NextAnswered, NextShown int
	NextAccepted, NextAcceptedChars    int
	NextP50, NextP95                   time.Duration
	// NextModelCalls counts the next-edit engine's generations
	// (prefetches included), NextRefused its rewrites that failed
	// verification.
	NextModelCalls, NextRefused int64
	// NextEditFormat is the next-edit engine's prompt format.
	NextEditFormat string
	// Steps counts the trace steps made, StepsByNext those that taking a
	// next edit made.
	Steps, StepsByNext int
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
var columns = []table.Column[Result]{
	table.Col("strategy", func(r Result) string { return r.Strategy }),
	table.Col("editors", func(r Result) string { return strconv.Itoa(r.Editors) }),
	table.Col("replicas", func(r Result) string { return strconv.Itoa(r.Replicas) }),
	table.Col("clock", func(r Result) string { return r.Clock }),
	table.Col("accepted_chars_per_100_keys", func(r Result) string { return fmt.Sprintf("%.1f", r.AcceptedCharsPer100()) }),
	table.Col("written_pct", func(r Result) string { return pct(r.WrittenShare()) }),
	table.Col("shown_per_100_keys", func(r Result) string { return fmt.Sprintf("%.1f", r.ShownPer100()) }),
	table.Col("p50_ms", func(r Result) string { return ms(r.P50) }),
	table.Col("p95_ms", func(r Result) string { return ms(r.P95) }),
	table.Col("p99_ms", func(r Result) string { return ms(r.P99) }),
	table.Col("req_per_100_keys", func(r Result) string { return fmt.Sprintf("%.1f", r.RequestsPer100()) }),
	table.Col("prefill_per_100_keys", func(r Result) string { return fmt.Sprintf("%.0f", r.per100(float64(r.RecomputedTokens))) }),
	table.Col("wasted_pct", func(r Result) string { return pct(r.Wasted) }),
	table.Col("recomputed_pct", func(r Result) string { return pct(r.Recomputed) }),
	table.Col("gpu_s_per_accepted_char", func(r Result) string {
		if s, ok := r.GPUSecondsPerAcceptedChar(); ok {
			return fmt.Sprintf("%.4f", s)
		}
		return ""
	}),
	table.Col("daemon_cpu_us", func(r Result) string { return fmt.Sprintf("%.0f", float64(r.DaemonCPU)/1e3) }),
	table.Col("daemon_p99_ms", func(r Result) string { return fmt.Sprintf("%.2f", float64(r.DaemonP99)/1e6) }),
	table.Col("rss_mib", func(r Result) string { return fmt.Sprintf("%.0f", float64(r.RSS)/(1<<20)) }),
	table.Col("keys", func(r Result) string { return strconv.Itoa(r.Keystrokes) }),
	table.Col("shown", func(r Result) string { return strconv.Itoa(r.Shown) }),
	table.Col("accepted_pct", func(r Result) string { return pct(r.AcceptRate()) }),
	table.Col("partial", func(r Result) string { return strconv.Itoa(r.PartiallyAccepted) }),
	table.Col("no_backend_pct", func(r Result) string { return pct(r.NoBackendShare) }),
	table.Col("gen_per_s", func(r Result) string { return fmt.Sprintf("%.1f", r.Throughput) }),
}

// nextColumns are the next-edit figures of runs on edit traces, the user's
// side first: the share of the written text that next edits wrote, the
// share of the traces' steps they made, how many reached the screen and
// were taken, request to answer latency; then what they cost: next-edit
// requests and model calls per edit shown, rewrites refused.
var nextColumns = []table.Column[Result]{
	table.Col("traces", func(r Result) string { return r.Traces }),
	table.Col("written_pct", func(r Result) string { return pct(r.WrittenShare()) }),
	table.Col("ne_written_pct", func(r Result) string { return pct(r.NextWrittenShare()) }),
	table.Col("ne_steps_pct", func(r Result) string {
		return pct(float64(r.StepsByNext) / float64(max(r.Steps, 1)))
	}),
	table.Col("ne_format", func(r Result) string { return nextCell(r, r.NextEditFormat) }),
	table.Col("ne_shown", func(r Result) string { return strconv.Itoa(r.NextShown) }),
	table.Col("ne_accepted", func(r Result) string { return strconv.Itoa(r.NextAccepted) }),
	table.Col("ne_p50_ms", func(r Result) string { return nextCell(r, ms(r.NextP50)) }),
	table.Col("ne_p95_ms", func(r Result) string { return nextCell(r, ms(r.NextP95)) }),
	table.Col("ne_req_per_shown", func(r Result) string { return nextCell(r, perShown(r, int64(r.NextAsked))) }),
	table.Col("ne_calls_per_shown", func(r Result) string { return nextCell(r, perShown(r, r.NextModelCalls)) }),
	table.Col("ne_refused", func(r Result) string { return nextCell(r, strconv.FormatInt(r.NextRefused, 10)) }),
}

// NextWrittenShare is the share of the written text that came from
// accepted next edits.
func (r Result) NextWrittenShare() float64 {
	return float64(r.NextAcceptedChars) / float64(max(r.TypedChars+r.AcceptedChars, 1))
}

// nextCell is cell for a run that asked for next edits, "-" for one that
// did not.
func nextCell(r Result, cell string) string {
	if r.NextAsked == 0 {
		return "-"
	}
	return cell
}

// perShown is n per next edit shown.
func perShown(r Result, n int64) string {
	if r.NextShown == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f", float64(n)/float64(r.NextShown))
}

// columnsFor returns the columns for results: with the next-edit figures
// after the run's shape when any ran on edit traces.
func columnsFor(results []Result) []table.Column[Result] {
	for _, r := range results {
		if r.Traces == TracesEdits {
			out := append(slices.Clone(columns[:4]), nextColumns...)
			for _, c := range columns[4:] {
				if c.Name != "written_pct" {
					out = append(out, c)
				}
			}
			return out
		}
	}
	return columns
}

func ms(d time.Duration) string { return fmt.Sprintf("%.0f", float64(d)/1e6) }

// pct writes a share as a percentage, "-" when unknown (NaN).
func pct(f float64) string {
	if math.IsNaN(f) {
		return "-"
	}
	return fmt.Sprintf("%.1f", 100*f)
}

// WriteTable writes results as an aligned table, then their notes.
func WriteTable(w io.Writer, results []Result) error {
	if err := table.Write(w, columnsFor(results), results); err != nil {
		return err
	}
	for _, r := range results {
		if r.Notes != "" {
			fmt.Fprintf(w, "%s: %s\n", r.Strategy, r.Notes)
		}
	}
	return nil
}

// WriteCSV writes results as CSV with a header row.
func WriteCSV(w io.Writer, results []Result) error {
	return table.WriteCSV(w, columnsFor(results), results)
}
