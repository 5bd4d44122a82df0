package benchmark

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// Sweep runs o once per editor count in loads, lightest first, and returns
// every result. Interrupted, it returns what it has.
func Sweep(ctx context.Context, o Options, loads []int) ([]Result, error) {
	var all []Result
	for _, n := range loads {
		o.Editors = n
		rs, err := Run(ctx, o)
		all = append(all, rs...)
		if err != nil || ctx.Err() != nil {
			return all, err
		}
	}
	return all, nil
}

// Capacity is the most a strategy served within a p95 latency target.
type Capacity struct {
	Strategy string
	// Editors is the heaviest load at which p95 stayed within the target,
	// Throughput the completed generations per second there; zero when
	// no load did.
	Editors    int
	Throughput float64
	P95        time.Duration
}

// Capacities returns, for each strategy in results, the load with the
// highest throughput among those whose p95 keystroke-to-suggestion latency
// is within target: throughput at equal p95.
func Capacities(results []Result, target time.Duration) []Capacity {
	var out []Capacity
	for _, r := range results {
		i := slices.IndexFunc(out, func(c Capacity) bool { return c.Strategy == r.Strategy })
		if i < 0 {
			out = append(out, Capacity{Strategy: r.Strategy})
			i = len(out) - 1
		}
		if r.Shown > 0 && r.P95 <= target && r.Throughput > out[i].Throughput {
			out[i] = Capacity{Strategy: r.Strategy, Editors: r.Editors, Throughput: r.Throughput, P95: r.P95}
		}
	}
	return out
}

// WriteCapacities writes capacities as a table, with each one's ratio to
// the first.
func WriteCapacities(w io.Writer, caps []Capacity, target time.Duration) error {
	fmt.Fprintf(w, "throughput with p95 <= %v:\n", target)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "strategy\teditors\tgen_per_s\tp95_ms\tratio\t\n")
	for _, c := range caps {
		ratio := "-"
		if len(caps) > 0 && caps[0].Throughput > 0 {
			ratio = fmt.Sprintf("%.2f", c.Throughput/caps[0].Throughput)
		}
		fmt.Fprintf(tw, "%s\t%d\t%.1f\t%s\t%s\t\n", c.Strategy, c.Editors, c.Throughput, ms(c.P95), ratio)
	}
	return tw.Flush()
}

// WrittenWithin returns r's written share (see Result.WrittenShare) when
// its p95 keystroke-to-suggestion latency is within target; false when it is
// not, or when no suggestion was shown.
func WrittenWithin(r Result, target time.Duration) (float64, bool) {
	if r.Shown == 0 || r.P95 > target {
		return 0, false
	}
	return r.WrittenShare(), true
}

// writtenCell is one cell of the written-share table: the share in percent,
// or why there is none.
func writtenCell(r Result, target time.Duration) string {
	if share, ok := WrittenWithin(r, target); ok {
		return pct(share)
	}
	if r.Shown == 0 {
		return "none shown"
	}
	return fmt.Sprintf("missed (p95 %s)", ms(r.P95))
}

// WriteWrittenWithin writes, for each load in results, one row with each
// strategy's written share of the text when its p95 latency met target
// (else a mark that it missed), and the strategy that gave the most there.
func WriteWrittenWithin(w io.Writer, results []Result, target time.Duration) error {
	var loads []int
	var strategies []string
	cells := map[[2]string]Result{}
	for _, r := range results {
		if !slices.Contains(loads, r.Editors) {
			loads = append(loads, r.Editors)
		}
		if !slices.Contains(strategies, r.Strategy) {
			strategies = append(strategies, r.Strategy)
		}
		cells[[2]string{fmt.Sprint(r.Editors), r.Strategy}] = r
	}
	fmt.Fprintf(w, "written_pct with p95 <= %v (share of the written text from accepted suggestions):\n", target)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "editors\t", strings.Join(strategies, "\t"), "\tbest\t\n")
	for _, n := range loads {
		fmt.Fprintf(tw, "%d\t", n)
		best, bestShare := "none", -1.0
		for _, s := range strategies {
			r, ok := cells[[2]string{fmt.Sprint(n), s}]
			if !ok {
				fmt.Fprint(tw, "-\t")
				continue
			}
			fmt.Fprint(tw, writtenCell(r, target), "\t")
			if share, ok := WrittenWithin(r, target); ok && share > bestShare {
				best, bestShare = s, share
			}
		}
		fmt.Fprint(tw, best, "\t\n")
	}
	return tw.Flush()
}

// CompareClocks runs o on the virtual clock and again in real time and
// returns both sets of results, virtual first, so that a reader can check
// that the faster-than-real-time replay tells the same story.
func CompareClocks(ctx context.Context, o Options) ([]Result, error) {
	o.Virtual = true
	virtual, err := Run(ctx, o)
	if err != nil || ctx.Err() != nil {
		return virtual, err
	}
	o.Virtual = false
	rt, err := Run(ctx, o)
	return append(virtual, rt...), err
}
