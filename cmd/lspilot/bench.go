package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/lspilot/lspilot/inference/gpusim"
	"github.com/lspilot/lspilot/lsp/benchmark"
)

// runBench replays synthesized editing through the real server with each
// request strategy and prints a table (and a CSV) of what users and the GPU
// saw. Ctrl-C stops it and prints what it has.
func runBench(ctx context.Context, args []string, io stdio) error {
	fs := flag.NewFlagSet("lspilot bench", flag.ContinueOnError)
	fs.SetOutput(io.err)
	var presets []string
	for _, p := range gpusim.Presets() {
		presets = append(presets, p.Name)
	}
	var o benchmark.Options
	fs.IntVar(&o.Editors, "editors", 200, "concurrent editors")
	fs.DurationVar(&o.Duration, "duration", 60*time.Second, "length of each strategy's run, on the run's clock")
	fs.IntVar(&o.Lines, "lines", 40, "lines each editor types")
	fs.Uint64Var(&o.Seed, "seed", 1, "seed of the traces and the users' choices")
	strategies := fs.String("strategies", "", "comma-separated strategies to compare (default all: "+strings.Join(benchmark.StrategyNames(), ", ")+")")
	fs.StringVar(&o.Preset, "preset", "h100-7b", "simulated GPU: "+strings.Join(presets, ", "))
	fs.IntVar(&o.Replicas, "replicas", 1, "simulated replicas")
	fs.StringVar(&o.BackendURL, "backend", "", "a real server's URL to use instead of the simulator")
	fs.StringVar(&o.BackendKind, "backend-kind", "ollama", "the real server's protocol: ollama, openai or llamacpp")
	fs.StringVar(&o.Model, "model", "", "the real server's model")
	fs.BoolVar(&o.Virtual, "virtual", true, "replay on a virtual clock, faster than real time; -virtual=false replays in real time")
	fs.DurationVar(&o.Settle, "settle", 2*time.Millisecond, "quiet time before the virtual clock jumps")
	fs.DurationVar(&o.Quantum, "quantum", time.Millisecond, "events closer than this on the virtual clock are seen together")
	fs.Float64Var(&o.HitRate, "hit-rate", 0.6, "share of prompts the simulated model answers with what the user types next")
	fs.Float64Var(&o.Accept, "accept", 0.4, "chance that a user takes a right suggestion on screen")
	processes := fs.Bool("processes", false, "give each editor its own \"lspilot serve\" process over stdio (real time, lspilot strategy)")
	csvPath := fs.String("csv", "", "also write the results as CSV to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("bench: unexpected arguments %q", fs.Args())
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
	o.Progress = io.err
	results, runErr := benchmark.Run(ctx, o)
	if err := benchmark.WriteTable(io.out, results); err != nil {
		return err
	}
	if *csvPath != "" {
		f, err := os.Create(*csvPath)
		if err != nil {
			return fmt.Errorf("bench: %w", err)
		}
		defer f.Close()
		if err := benchmark.WriteCSV(f, results); err != nil {
			return fmt.Errorf("bench: write %s: %w", *csvPath, err)
		}
	}
	if runErr != nil {
		return fmt.Errorf("bench: %w", runErr)
	}
	return nil
}
