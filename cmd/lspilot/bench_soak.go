package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	"github.com/lspilot/lspilot/cmd/lspilot/internal/benchmark"
)

// soakPreset is what --soak sets unless the flag is given: 200 editors
// typing for ten minutes in real time against two replicas, the second
// killed after three minutes and restarted after five. Traces of 400 lines
// outlast the run even with the suggestions the editors accept.
var soakPreset = []struct{ flag, value string }{
	{"editors", "200"}, {"duration", "10m"}, {"lines", "400"}, {"replicas", "2"}, {"virtual", "false"},
	{"kill-replica-after", "3m"}, {"restart-replica-after", "5m"}, {"strategies", "lspilot"},
}

// applySoakPreset sets the preset's flags that the command line left alone.
func applySoakPreset(fs *flag.FlagSet) error {
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	for _, p := range soakPreset {
		if given[p.flag] {
			continue
		}
		if err := fs.Set(p.flag, p.value); err != nil {
			return fmt.Errorf("bench: --soak sets --%s=%s: %w", p.flag, p.value, err)
		}
	}
	return nil
}

// runSoak runs the soak and prints its report; it fails when a request went
// unanswered or the daemon did not come back to idle.
func runSoak(ctx context.Context, o benchmark.Options, warmUp time.Duration, sio stdio) error {
	fmt.Fprintf(sio.err, "soak: %d editors for %v in real time; the report follows the end\n", o.Editors, o.Duration)
	rep, err := benchmark.Soak(ctx, benchmark.SoakOptions{Options: o, WarmUp: warmUp})
	if err != nil {
		return fmt.Errorf("bench: soak: %w", err)
	}
	if err := benchmark.WriteSoak(sio.out, rep); err != nil {
		return err
	}
	if !rep.AllAnswered() || !rep.Idle {
		return fmt.Errorf("bench: soak: %d requests unanswered, idle: %v", rep.End.Pending, rep.Idle)
	}
	return nil
}
