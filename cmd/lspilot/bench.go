package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/lspilot/lspilot/cmd/lspilot/internal/benchmark"
	"github.com/lspilot/lspilot/cmd/lspilot/internal/gpusim"
)

// runBench replays synthesized editing through the real server with each
// request strategy and prints a table (and a CSV) of what users and the GPU
// saw. Ctrl-C stops it and prints what it has.
func runBench(ctx context.Context, args []string, sio stdio) error {
	fs := newFlagSet("bench", sio)
	var presets []string
	for _, p := range gpusim.Presets() {
		presets = append(presets, p.Name)
	}
	var o benchmark.Options
	fs.IntVar(&o.Editors, "editors", 200, "concurrent editors")
	fs.DurationVar(&o.Duration, "duration", 60*time.Second, "length of each strategy's run, on the run's clock")
	fs.IntVar(&o.Lines, "lines", 40, "lines each editor types")
	fs.Uint64Var(&o.Seed, "seed", 1, "seed of the traces and the users' choices")
	strategies := fs.String("strategies", "", "comma-separated strategies to compare, of "+strings.Join(benchmark.StrategyNames(), ", ")+" (default all but lspilot-batch)")
	fs.StringVar(&o.Traces, "traces", benchmark.TracesTyping, "what the editors do: typing (lines of code) or edits (a parameter renamed, a parameter added, a struct field added, each then repeated at the other places that need it), which runs each strategy without and with next edits (default strategy lspilot)")
	fs.StringVar(&o.NextEditFormat, "next-edit-format", "chat", "with --traces edits, the next-edit engine's prompt format: "+strings.Join(benchmark.NextEditFormats(), ", ")+" (regions of 16, 7 and 13 lines)")
	fs.StringVar(&o.Preset, "preset", "h100-7b", "simulated GPU: "+strings.Join(presets, ", "))
	fs.IntVar(&o.Replicas, "replicas", 1, "simulated replicas")
	fs.StringVar(&o.BackendURL, "backend", "", "a real server's URL to use instead of the simulator")
	fs.StringVar(&o.BackendKind, "backend-kind", "ollama", "the real server's protocol: ollama, openai or llamacpp")
	fs.StringVar(&o.Model, "model", "", "the real server's model")
	fs.BoolVar(&o.Virtual, "virtual", true, "replay on a virtual clock, faster than real time; -virtual=false replays in real time")
	fs.DurationVar(&o.Settle, "settle", 2*time.Millisecond, "quiet time before the virtual clock jumps")
	fs.DurationVar(&o.Quantum, "quantum", time.Millisecond, "events closer than this on the virtual clock are seen together")
	fs.Float64Var(&o.HitRate, "hit-rate", 0.6, "share of prompts the simulated model answers with what the user types next")
	fs.Float64Var(&o.Accept, "accept", 0.4, "chance that a user takes a right suggestion on screen, or the right leading words of one that goes wrong")
	sweep := fs.String("sweep", "", "comma-separated editor counts to run in turn (instead of --editors), then per load each strategy's written share within --p95-target, and the throughput each sustains within it")
	target := fs.Duration("p95-target", 250*time.Millisecond, "with --sweep, the p95 keystroke-to-suggestion latency to stay within")
	compare := fs.Bool("compare-clocks", false, "run on the virtual clock and again in real time, to check that they agree")
	fs.StringVar(&o.Protocol, "protocol", "llamacpp", "how the daemon talks to the simulated fleet: llamacpp or openai (which takes prompt batches)")
	fs.IntVar(&o.Slots, "sched-slots", 0, "generations the scheduler runs at once on the fleet, as for a server that takes one request at a time (default: what the server reports)")
	fs.DurationVar(&o.KillAfter, "kill-replica-after", 0, "kill the last simulated replica this long into each run, to see failover")
	fs.DurationVar(&o.RestartAfter, "restart-replica-after", 0, "bring the killed replica back this long into each run")
	soak := fs.Bool("soak", false, "soak: one strategy in real time, sampling requests, answers, goroutines and memory; presets 200 editors, 10m, 2 replicas, kill at 3m, restart at 5m (flags given override)")
	warmUp := fs.Duration("warm-up", 30*time.Second, "with --soak, when to take the sample under load")
	processes := fs.Bool("processes", false, "give each editor its own \"lspilot serve\" process over stdio, as a team runs it (real time; strategies lspilot and round-robin)")
	csvPath := fs.String("csv", "", "also write the results as CSV to this file")
	svgPath := fs.String("svg", "", "also draw the results as an SVG image in this file")
	var mf metricsFlag
	mf.register(fs)
	linger := fs.Duration("metrics-linger", 0, "with --metrics-addr, keep serving the metrics this long after the run, for a last scrape")
	if err := parseFlags(fs, args, sio); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("bench: unexpected arguments %q", fs.Args())
	}
	if *soak {
		if *sweep != "" || *compare || *processes {
			return fmt.Errorf("bench: --soak runs alone: no --sweep, --compare-clocks or --processes")
		}
		if err := applySoakPreset(fs); err != nil {
			return err
		}
	}
	if *strategies != "" {
		o.Strategies = strings.Split(*strategies, ",")
	}
	if o.BackendURL != "" && o.Model == "" {
		return fmt.Errorf("bench: --backend needs --model")
	}
	if *processes {
		bin, err := os.Executable()
		if err != nil {
			return fmt.Errorf("bench: find this program: %w", err)
		}
		o.Binary = bin
	}
	loads, err := parseLoads(*sweep)
	if err != nil {
		return err
	}
	o.Progress = sio.err
	m, stopMetrics, err := startBenchMetrics(ctx, &mf, sio.err)
	if err != nil {
		return err
	}
	defer stopMetrics(*linger)
	o.Metrics = m
	if *soak {
		return runSoak(ctx, o, *warmUp, sio)
	}
	var results []benchmark.Result
	var runErr error
	switch {
	case loads != nil && *compare:
		return fmt.Errorf("bench: --sweep and --compare-clocks do not go together")
	case loads != nil:
		results, runErr = benchmark.Sweep(ctx, o, loads)
	case *compare:
		results, runErr = benchmark.CompareClocks(ctx, o)
	default:
		results, runErr = benchmark.Run(ctx, o)
	}
	if err := benchmark.WriteTable(sio.out, results); err != nil {
		return err
	}
	if loads != nil {
		fmt.Fprintln(sio.out)
		if err := benchmark.WriteWrittenWithin(sio.out, results, *target); err != nil {
			return err
		}
		fmt.Fprintln(sio.out)
		if err := benchmark.WriteCapacities(sio.out, benchmark.Capacities(results, *target), *target); err != nil {
			return err
		}
	}
	if *csvPath != "" {
		if err := writeFile(*csvPath, func(w io.Writer) error { return benchmark.WriteCSV(w, results) }); err != nil {
			return err
		}
	}
	if *svgPath != "" {
		if err := writeFile(*svgPath, func(w io.Writer) error { return benchmark.WriteSVG(w, results) }); err != nil {
			return err
		}
	}
	if runErr != nil {
		return fmt.Errorf("bench: %w", runErr)
	}
	return nil
}

// writeFile creates path and writes it with write.
func writeFile(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	if err := write(f); err != nil {
		f.Close()
		return fmt.Errorf("bench: write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	return nil
}

// parseLoads reads --sweep: editor counts separated by commas; nil for none.
func parseLoads(s string) ([]int, error) {
	if s == "" {
		return nil, nil
	}
	var loads []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("bench: --sweep wants editor counts like 100,200,400; %q is not one", f)
		}
		loads = append(loads, n)
	}
	return loads, nil
}
