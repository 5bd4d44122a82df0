package recall

import (
	"encoding/csv"
	"fmt"
	"io"
	"text/tabwriter"
	"time"
)

// column is one column of the report: its header and a cell of a result.
type column struct {
	name string
	cell func(Result) string
}

// columns lead with what users get (how often the definition is there),
// then what it costs: prompt tokens, the backend cache's share, and the
// source's latency on the keystroke path.
var columns = []column{
	{"set", func(r Result) string { return r.Set }},
	{"strategy", func(r Result) string { return r.Strategy }},
	{"sites", func(r Result) string { return fmt.Sprint(r.Sites) }},
	{"recall %", func(r Result) string { return percent(r.Recalled, r.Sites) }},
	{"decl visited %", func(r Result) string { return percent(r.Reachable, r.Sites) }},
	{"context tokens", func(r Result) string { return fmt.Sprintf("%.0f", r.ContextTokens) }},
	{"prefix stable %", func(r Result) string { return fmt.Sprintf("%.2f", 100*r.Stable) }},
	{"cold p50", latency(func(r Result) []time.Duration { return r.Cold }, 50)},
	{"cold p95", latency(func(r Result) []time.Duration { return r.Cold }, 95)},
	{"warm p50", latency(func(r Result) []time.Duration { return r.Warm }, 50)},
	{"warm p95", latency(func(r Result) []time.Duration { return r.Warm }, 95)},
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
	return tw.Flush()
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
