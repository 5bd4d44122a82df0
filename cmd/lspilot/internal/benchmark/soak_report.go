package benchmark

import (
	"fmt"
	"io"
	"text/tabwriter"
	"time"
)

// WriteSoak writes a soak's report: what ran, a table of the three
// samples, the answers by kind, the keystrokes' lateness, what the backend
// saw, and the verdicts.
func WriteSoak(w io.Writer, r *SoakReport) error {
	o := r.Options
	fmt.Fprintf(w, "soak: %d editors typing for %v in real time with the %s strategy against %d simulated %s replicas (in-process pipeline)\n",
		o.Editors, o.Duration, o.Strategies[0], o.Replicas, o.Preset)
	if o.KillAfter > 0 {
		fmt.Fprintf(w, "replica %d killed at %v", o.Replicas-1, o.KillAfter)
		if o.RestartAfter > 0 {
			fmt.Fprintf(w, ", restarted at %v", o.RestartAfter)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w)
	if err := writeSamples(w, r); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nrequests sent: %s\n", kinds(r.Sent))
	fmt.Fprintf(w, "answers: %s; answers to no request in flight: %d; requests given up before they were written: %d\n",
		kinds(r.Answers), r.Unexpected, r.Unsent)
	fmt.Fprintf(w, "editors typing until the end: %d of %d (the others finished their trace)\n", o.Editors-r.EndedEarly, o.Editors)
	fmt.Fprintf(w, "keystrokes: %d; lateness against the trace: p50 %v, p95 %v, p99 %v, max %v\n", r.Keystrokes,
		ms3(quantile(r.Lateness, 0.5)), ms3(quantile(r.Lateness, 0.95)), ms3(quantile(r.Lateness, 0.99)), ms3(quantile(r.Lateness, 1)))
	fmt.Fprintf(w, "suggestions shown: %d; keystroke to ghost text p50 %v, p95 %v, p99 %v\n", r.Shown, ms3(r.P50), ms3(r.P95), ms3(r.P99))
	fmt.Fprintf(w, "backend: %d generations; %d dropped by the dead replica; %d failed outright; scheduler refused %d, dropped %d at their deadline",
		r.BackendRequests, r.Dropped, r.Failed, r.SchedRejected, r.SchedDropped)
	if o.RestartAfter > 0 {
		fmt.Fprintf(w, "; the restarted replica took %d requests", r.ServedAfterRestart)
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "every request answered: %s\n", yesNo(r.AllAnswered()))
	fmt.Fprintf(w, "back to idle: %s", yesNo(r.Idle))
	for _, why := range r.NotIdle {
		fmt.Fprintf(w, "; %s", why)
	}
	fmt.Fprintf(w, "\nprocess peak RSS: %s MiB; wall time: %v\n", mib(r.PeakRSS), r.Wall.Round(time.Second))
	return nil
}

// writeSamples writes the table of the three samples.
func writeSamples(w io.Writer, r *SoakReport) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	samples := []SoakSample{r.Connected, r.WarmedUp, r.End}
	fmt.Fprintf(tw, "\tconnected\tafter warm-up (%v)\tend, idle (%v)\t\n", r.WarmedUp.At.Round(time.Second), r.End.At.Round(time.Second))
	rows := []struct {
		name string
		cell func(SoakSample) string
	}{
		{"requests sent", func(s SoakSample) string { return fmt.Sprint(s.Sent) }},
		{"requests answered", func(s SoakSample) string { return fmt.Sprint(s.Sent - s.Pending) }},
		{"requests unanswered", func(s SoakSample) string { return fmt.Sprint(s.Pending) }},
		{"scheduler running/queued", func(s SoakSample) string { return fmt.Sprintf("%d/%d", s.Running, s.Queued) }},
		{"simulator sequences", func(s SoakSample) string { return fmt.Sprint(s.SimActive) }},
		{"daemon goroutines", func(s SoakSample) string { return fmt.Sprint(s.Goroutines.Daemon) }},
		{"  of which HTTP connections", func(s SoakSample) string { return fmt.Sprint(s.Goroutines.HTTP) }},
		{"simulator goroutines", func(s SoakSample) string { return fmt.Sprint(s.Goroutines.Simulator) }},
		{"editor and harness goroutines", func(s SoakSample) string { return fmt.Sprint(s.Goroutines.Other) }},
		{"process RSS (MiB)", func(s SoakSample) string { return mib(s.Memory.RSS) }},
		{"live Go heap (MiB)", func(s SoakSample) string { return mib(s.Memory.Heap) }},
	}
	for _, row := range rows {
		fmt.Fprintf(tw, "%s\t", row.name)
		for _, s := range samples {
			fmt.Fprintf(tw, "%s\t", row.cell(s))
		}
		fmt.Fprintln(tw)
	}
	return tw.Flush()
}

func mib(b uint64) string { return fmt.Sprintf("%.1f", float64(b)/(1<<20)) }

// ms3 rounds a duration for the report.
func ms3(d time.Duration) time.Duration {
	if d > time.Second {
		return d.Round(10 * time.Millisecond)
	}
	return d.Round(100 * time.Microsecond)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
