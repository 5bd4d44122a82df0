package benchmark

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"go.uber.org/zap"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/nextedit"
	"github.com/lspilot/lspilot/lsp/metrics"
)

// Options configure a run.
type Options struct {
	// Editors is the number of concurrent editors (default 200).
	Editors int
	// Duration bounds each strategy's run on its clock (default 60s).
	Duration time.Duration
	// Lines is how many lines each editor types (default 40).
	Lines int
	// Seed makes the traces and the users' choices; the same seed gives the
	// same run.
	Seed uint64
	// Strategies names the strategies to compare; empty means all (only
	// lspilot on edit traces).
	Strategies []string
	// Traces is what the editors do: TracesTyping (the default) types
	// lines of code; TracesEdits repeats a change across a file (a
	// parameter renamed, a parameter added, a struct field added) and runs
	// each strategy without and with next edits.
	Traces string
	// NextEditFormat is the next-edit engine's prompt format on edit
	// traces, one the simulated model answers (NextEditFormats): "chat"
	// (the default: a 7-line region), "instinct" (7 lines) or "zeta" (13).
	NextEditFormat string
	// Preset and Replicas describe the simulated GPU fleet (defaults
	// h100-7b and 1); ignored with BackendURL.
	Preset   string
	Replicas int
	// BackendURL, BackendKind and Model name a real server to use instead.
	BackendURL, BackendKind, Model string
	// Virtual replays on a virtual clock, faster than real time; Settle is
	// how long the run must be quiet before the clock jumps (default 2 ms)
	// and Quantum how close events must be to be seen together (default
	// 1 ms).
	Virtual         bool
	Settle, Quantum time.Duration
	// HitRate is the share of prompts the simulated model answers with what
	// the user types next (default 0.6, which puts the share of shown
	// suggestions accepted near the 27% that editors report); Accept the
	// chance that a user takes a right suggestion that is on screen, or the
	// right leading words of one that goes wrong (default 0.4).
	HitRate, Accept float64
	// Binary, when set, is an lspilot executable: each editor then talks to
	// its own "lspilot serve" process over stdio, as editors do, instead of
	// a session in this process, configured with every replica. Only the
	// lspilot and round-robin strategies run that way, in real time.
	Binary string
	// Protocol is how the daemon talks to the simulated fleet: "llamacpp"
	// (the default: /completion with slots) or "openai" (/v1/completions,
	// which takes prompt batches).
	Protocol string
	// Slots, when positive, bounds the generations the scheduler runs at
	// once on the fleet, as for a server that takes one request at a time;
	// zero lets the backend say.
	Slots int
	// KillAfter, when set, kills the last simulated replica this long into
	// each strategy's run: its connections drop from then on, in-flight
	// streams included, and the daemon must fail over.
	KillAfter time.Duration
	// RestartAfter, when set, brings the killed replica back this long into
	// the run, as a restarted server: it takes connections again and the
	// daemon must find it.
	RestartAfter time.Duration
	// Logger receives the run's logs; nil discards them.
	Logger *zap.Logger
	// Metrics, when not nil, observes the run's sessions, scheduler and
	// engine as the daemon's metrics observe a daemon's. LSP-side durations
	// are in wall time: feed a dashboard from a run with Virtual off.
	Metrics *metrics.Metrics
	// Progress, when not nil, hears a line per finished strategy.
	Progress io.Writer
}

// The kinds of traces (Options.Traces).
const (
	TracesTyping = "typing"
	TracesEdits  = "edits"
)

func (o Options) withDefaults() (Options, error) {
	if o.Editors <= 0 {
		o.Editors = 200
	}
	if o.Duration <= 0 {
		o.Duration = 60 * time.Second
	}
	if o.Lines <= 0 {
		o.Lines = 40
	}
	if o.Preset == "" {
		o.Preset = "h100-7b"
	}
	if o.Replicas <= 0 {
		o.Replicas = 1
	}
	if o.Settle <= 0 {
		o.Settle = 2 * time.Millisecond
	}
	if o.Quantum < 0 {
		o.Quantum = 0
	} else if o.Quantum == 0 {
		o.Quantum = time.Millisecond
	}
	if o.HitRate == 0 {
		o.HitRate = 0.6
	}
	if o.Accept == 0 {
		o.Accept = 0.4
	}
	if o.HitRate < 0 || o.HitRate > 1 || o.Accept < 0 || o.Accept > 1 {
		return o, fmt.Errorf("hit rate %g and accept %g must lie in [0, 1]", o.HitRate, o.Accept)
	}
	if o.Binary != "" && o.Virtual {
		return o, fmt.Errorf("editors in processes replay in real time: drop the virtual clock")
	}
	switch o.Protocol {
	case "":
		o.Protocol = string(inference.KindLlamaCpp)
	case string(inference.KindLlamaCpp), string(inference.KindOpenAI):
	default:
		return o, fmt.Errorf("protocol %q: choose llamacpp or openai", o.Protocol)
	}
	if o.KillAfter > 0 && (o.Replicas < 2 || o.BackendURL != "") {
		return o, fmt.Errorf("killing a replica needs two or more simulated replicas")
	}
	if o.RestartAfter > 0 && o.RestartAfter <= o.KillAfter {
		return o, fmt.Errorf("restarting a replica needs a kill before it: --kill-replica-after below --restart-replica-after")
	}
	switch o.Traces {
	case "":
		o.Traces = TracesTyping
	case TracesTyping:
	case TracesEdits:
		if o.Binary != "" {
			return o, fmt.Errorf("edit traces replay in this process: drop the editors in processes")
		}
		if len(o.Strategies) == 0 {
			o.Strategies = []string{"lspilot"}
		}
	default:
		return o, fmt.Errorf("traces %q: choose %s or %s", o.Traces, TracesTyping, TracesEdits)
	}
	if o.NextEditFormat == "" {
		o.NextEditFormat = nextedit.FormatChat
	}
	if !slices.Contains(NextEditFormats(), o.NextEditFormat) {
		return o, fmt.Errorf("next-edit format %q: choose %s", o.NextEditFormat, strings.Join(NextEditFormats(), ", "))
	}
	if o.Binary != "" && len(o.Strategies) == 0 {
		o.Strategies = []string{"lspilot"}
	}
	if o.Logger == nil {
		o.Logger = zap.NewNop()
	}
	return o, nil
}
