package recall

import (
	"fmt"
	"io"
	"time"

	"github.com/lspilot/lspilot/cmd/lspilot/internal/table"
)

// columns lead with what users get (how often the definition is there),
// then what it costs: prompt tokens, the backend cache's share, and the
// source's latency on the keystroke path.
var columns = []table.Column[Result]{
	table.Col("set", func(r Result) string { return r.Set }),
	table.Col("strategy", func(r Result) string { return r.Strategy }),
	table.Col("sites", func(r Result) string { return fmt.Sprint(r.Sites) }),
	table.Col("recall %", func(r Result) string { return percent(r.Recalled, r.Sites) }),
	table.Col("decl visited %", func(r Result) string { return percent(r.Reachable, r.Sites) }),
	table.Col("context tokens", func(r Result) string { return fmt.Sprintf("%.0f", r.ContextTokens) }),
	table.Col("prefix stable %", func(r Result) string { return fmt.Sprintf("%.2f", 100*r.Stable) }),
	table.Col("cold p50", latency(func(r Result) []time.Duration { return r.Cold }, 50)),
	table.Col("cold p95", latency(func(r Result) []time.Duration { return r.Cold }, 95)),
	table.Col("warm p50", latency(func(r Result) []time.Duration { return r.Warm }, 50)),
	table.Col("warm p95", latency(func(r Result) []time.Duration { return r.Warm }, 95)),
}

func percent(n, of int) string {
	return fmt.Sprintf("%.1f", 100*float64(n)/float64(max(of, 1)))
}

func latency(of func(Result) []time.Duration, p float64) func(Result) string {
	return func(r Result) string {
		d := of(r)
		if len(d) == 0 {
			return "-"
		}
		return fmt.Sprintf("%.0fµs", float64(percentile(d, p))/float64(time.Microsecond))
	}
}

// WriteTable writes results as an aligned table.
func WriteTable(w io.Writer, results []Result) error { return table.Write(w, columns, results) }

// WriteCSV writes results as CSV with a header row.
func WriteCSV(w io.Writer, results []Result) error { return table.WriteCSV(w, columns, results) }

// siteRow is one site's outcome under one strategy.
type siteRow struct {
	set, strategy string
	Outcome
}

var siteColumns = []table.Column[siteRow]{
	table.Col("set", func(r siteRow) string { return r.set }),
	table.Col("strategy", func(r siteRow) string { return r.strategy }),
	table.Col("site", func(r siteRow) string { return fmt.Sprintf("%s:%d", r.Path, r.Line) }),
	table.Col("name", func(r siteRow) string { return r.Decl.Name }),
	table.Col("declared", func(r siteRow) string { return fmt.Sprintf("%s:%d", r.Decl.Path, r.Decl.Line) }),
	table.Col("recalled", func(r siteRow) string { return fmt.Sprint(r.Recalled) }),
}

// WriteSitesCSV writes every site's outcome under every strategy as CSV
// with a header row: what a source missed, to read the code at.
func WriteSitesCSV(w io.Writer, results []Result) error {
	var rows []siteRow
	for _, r := range results {
		for _, o := range r.Outcomes {
			rows = append(rows, siteRow{set: r.Set, strategy: r.Strategy, Outcome: o})
		}
	}
	return table.WriteCSV(w, siteColumns, rows)
}
