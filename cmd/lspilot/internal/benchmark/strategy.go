package benchmark

import (
	"fmt"
	"strings"
	"time"

	"github.com/lspilot/lspilot/inference/clock"
	"github.com/lspilot/lspilot/inference/complete"
	"github.com/lspilot/lspilot/inference/pipeline"
	"github.com/lspilot/lspilot/inference/route"
)

// strategy is a way of turning keystrokes into backend requests: the
// engine's switches, the client's cancellation, routing across replicas and
// whether the scheduler sits in front of the backend.
type strategy struct {
	name   string
	about  string
	engine complete.Strategy
	// debounce is the fixed wait before a request, or the starting point of
	// the adaptive one.
	debounce time.Duration
	// cancel: the editor cancels its previous request at each keystroke.
	cancel bool
	// routing: "prefix" (what `lspilot serve` does: the KV-cache-aware
	// router for replicas and llama.cpp slots), "round-robin" or "sticky"
	// (one replica while it answers).
	routing string
	// sched puts the scheduler in front of the backend.
	sched bool
	// slot pins every request to one llama.cpp slot.
	slot *int
	// warm sends warm-ups while the user is idle.
	warm bool
	// batch gathers requests into prompt batches (50 ms, 4 prompts) for
	// backends that take them.
	batch bool
	// nextEdits runs the next-edit engine, and the editors ask it after
	// each change (edit traces only).
	nextEdits bool
}

// withNextEdits is s with next edits, named for it.
func (s strategy) withNextEdits() strategy {
	s.name += "+next-edits"
	s.about += "; next edits after each change"
	s.nextEdits = true
	return s
}

var zero = 0

// strategies are the peers' request strategies, as their documentation and
// code describe them, and lspilot's.
var strategies = []strategy{
	{name: "naive", about: "a request at every keystroke, no cache, no cancellation",
		engine:   complete.Strategy{NoTypingThrough: true, NoJoin: true, NoSupersede: true, FixedDebounce: true},
		debounce: time.Nanosecond, routing: "round-robin"},
	{name: "continue", about: "Continue-like: 350 ms debounce, prefix cache, stream reuse, cancellation",
		engine: complete.Strategy{FixedDebounce: true}, debounce: 350 * time.Millisecond, cancel: true, routing: "round-robin"},
	{name: "cody", about: "Cody-like: 75 ms debounce, cancellation, no cache",
		engine:   complete.Strategy{NoTypingThrough: true, NoJoin: true, FixedDebounce: true},
		debounce: 75 * time.Millisecond, cancel: true, routing: "round-robin"},
	{name: "llama.vim", about: "llama.vim-like: one slot, 100 ms wait, typing-through (its speculative next request and ring warm-up are not modelled)",
		engine:   complete.Strategy{NoJoin: true, FixedDebounce: true},
		debounce: 100 * time.Millisecond, cancel: true, routing: "sticky", slot: &zero},
	{name: "round-robin", about: "lspilot with round-robin routing instead of prefix routing",
		debounce: 75 * time.Millisecond, cancel: true, routing: "round-robin", sched: true, warm: true},
	{name: "lspilot", about: "site-aware adaptive debounce, typing-through, stream joining, supersede, scheduler, prefix routing, warm-up",
		debounce: 75 * time.Millisecond, cancel: true, routing: "prefix", sched: true, warm: true},
	{name: "lspilot-batch", about: "lspilot with micro-batching (50 ms, 4 prompts) for servers that take prompt batches (--protocol openai)",
		debounce: 75 * time.Millisecond, cancel: true, routing: "prefix", sched: true, warm: true, batch: true},
}

// defaultStrategies are those a run compares unless told otherwise:
// micro-batching is for a particular kind of server, and compared on its own.
var defaultStrategies = []string{"naive", "continue", "cody", "llama.vim", "round-robin", "lspilot"}

// StrategyNames lists the strategies Run knows, in the order it runs them.
func StrategyNames() []string {
	out := make([]string, len(strategies))
	for i, s := range strategies {
		out[i] = s.name
	}
	return out
}

// pickStrategies returns the named strategies, all for none.
func pickStrategies(names []string) ([]strategy, error) {
	if len(names) == 0 {
		names = defaultStrategies
	}
	var out []strategy
	for _, n := range names {
		i := -1
		for j, s := range strategies {
			if s.name == n {
				i = j
			}
		}
		if i < 0 {
			return nil, fmt.Errorf("unknown strategy %q: choose from %s", n, strings.Join(StrategyNames(), ", "))
		}
		out = append(out, strategies[i])
	}
	return out, nil
}

// options are the pipeline's variations that make s.
func (s strategy) options(o Options, clk clock.Clock, fl *fleet) pipeline.Options {
	po := pipeline.Options{Logger: o.Logger, Clock: clk, Observer: schedObserver(o.Metrics),
		OpenReplica: fl.replica, PinSlot: s.slot, NoScheduler: !s.sched, SchedulerSlots: o.Slots}
	switch s.routing {
	case "round-robin":
		po.Picker = func() route.Picker { return &route.RoundRobin{} }
	case "sticky":
		po.Picker = func() route.Picker { return &route.Sticky{} }
	}
	return po
}
