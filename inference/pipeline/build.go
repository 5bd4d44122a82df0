package pipeline

import (
	"context"

	"go.uber.org/zap"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/clock"
	"github.com/lspilot/lspilot/inference/route"
	"github.com/lspilot/lspilot/inference/sched"
)

// Config is what the chain is built from.
type Config struct {
	// Backends are the configured backends, in fallback order.
	Backends []Backend
	// Scheduler holds the settings every backend's scheduler shares (queue
	// limit, response cache, micro-batching); Build sets its slots, clock,
	// logger and observer.
	Scheduler sched.Config
}

// Backend is one configured backend.
type Backend struct {
	inference.BackendConfig
	// Slots is the number of parallel slots of each replica, 0 when not
	// configured. With llama.cpp, editor sessions are then pinned to slots
	// of their own.
	Slots int
	// RoundRobin spreads requests over the replicas in turn instead of
	// routing each to the replica holding the longest prefix of its prompt:
	// for servers without a prefix cache, or to compare.
	RoundRobin bool
}

// Options are the variations of the chain that a benchmark compares; the
// zero value builds what `lspilot serve` runs.
type Options struct {
	// Logger is named per part of the chain; nil logs nothing.
	Logger *zap.Logger
	// Clock tells the routers, slot pinners and schedulers the time;
	// default the wall clock.
	Clock clock.Clock
	// Observer, when not nil, hears every scheduler's decisions.
	Observer sched.Observer
	// OpenReplica, when not nil, returns the client of each server in
	// place of the client of its kind: in-process simulated replicas, or
	// clients wrapped to count what they serve.
	OpenReplica ReplicaOpener
	// Picker, when not nil, makes each backend a replica group whose
	// replicas are chosen by a picker it returns, in place of the prefix
	// router (route.RoundRobin, route.Sticky).
	Picker func() route.Picker
	// PinSlot, when not nil, sends every request to this llama.cpp slot.
	PinSlot *int
	// NoScheduler leaves the schedulers out.
	NoScheduler bool
	// SchedulerSlots, when positive, bounds the generations each
	// scheduler runs in place of the backend's slots.
	SchedulerSlots int
}

// Pipeline is the built chain: language set → scheduler → replica group
// and router → clients.
type Pipeline struct {
	set    *route.Set // what the engines use
	opened *route.Set // the clients, closed last
	stages []Stage
}

// Stage is the chain of one configured backend.
type Stage struct {
	// Name is the backend's configured name.
	Name string
	// Scheduler is in front of the backend; nil with Options.NoScheduler.
	Scheduler *sched.Scheduler
	// Router chooses its replica or slot; nil for a lone server without
	// slots, or with Options.Picker.
	Router *route.Router
	// Replicas name the servers in the router's order.
	Replicas []string
}

// Build opens the configured backends and builds the chain in front of
// each: replicas, a route.Group with a Router or SlotPinner when there is a
// replica or slot to choose, the scheduler, and the language set over them.
// Close the Pipeline to release it.
func Build(ctx context.Context, cfg Config, opts Options) (*Pipeline, error) {
	if opts.Logger == nil {
		opts.Logger = zap.NewNop()
	}
	cfgs := make([]inference.BackendConfig, len(cfg.Backends))
	for i, b := range cfg.Backends {
		cfgs[i] = b.BackendConfig
	}
	opened, err := openSet(ctx, cfgs, opts.Logger, opts.OpenReplica)
	if err != nil {
		return nil, err
	}
	p := &Pipeline{opened: opened}
	p.set = opened.Wrap(func(i int, b inference.Backend) inference.Backend {
		return p.chain(b, cfg.Backends[i], cfg.Scheduler, opts)
	}).WithLogger(opts.Logger.Named("route"))
	return p, nil
}

// chain builds what sits in front of the opened backend b and records its
// stage.
func (p *Pipeline) chain(b inference.Backend, c Backend, sc sched.Config, opts Options) inference.Backend {
	if c.RoundRobin && opts.Picker == nil {
		opts.Picker = func() route.Picker { return &route.RoundRobin{} }
	}
	b, r := routed(b, c.Slots, opts)
	st := Stage{Name: b.Name(), Router: r}
	if g, ok := b.(*route.Group); ok && r != nil {
		for _, rep := range g.Replicas() {
			st.Replicas = append(st.Replicas, rep.Name())
		}
	}
	if opts.PinSlot != nil {
		b = pinned{b, *opts.PinSlot}
	}
	if !opts.NoScheduler {
		sc.Slots = c.Slots * (1 + len(c.Replicas)) // the scheduler's are for all replicas
		if opts.SchedulerSlots > 0 {
			sc.Slots = opts.SchedulerSlots
		}
		sc.Clock, sc.Logger, sc.Observer = opts.Clock, opts.Logger.Named("sched"), opts.Observer
		st.Scheduler = sched.New(b, sc)
		b = st.Scheduler
	}
	p.stages = append(p.stages, st)
	return b
}

// routed sends the requests of a replica group to the replica holding the
// longest prefix of each prompt, and for llama.cpp with known slots to a
// slot per editor session (a session reusing another's slot would find its
// KV cache overwritten). With Options.Picker, every backend becomes a group
// whose picker chooses instead. It returns the router, if any.
func routed(b inference.Backend, slots int, opts Options) (inference.Backend, *route.Router) {
	replicas := []inference.Backend{b}
	if g, ok := b.(*route.Group); ok {
		replicas = g.Replicas()
	}
	if opts.Picker != nil {
		return route.NewGroup(b.Name(), replicas, opts.Picker()), nil
	}
	rc := route.RouterConfig{Clock: opts.Clock, Logger: opts.Logger.Named("route")}
	if b.Kind() == inference.KindLlamaCpp && slots > 0 {
		perReplica := make([]int, len(replicas))
		for i := range perReplica {
			perReplica[i] = slots
		}
		rc.Slots = route.NewSlotPinner(opts.Clock, perReplica)
	} else if len(replicas) == 1 {
		return b, nil
	}
	r := route.NewRouter(rc)
	return route.NewGroup(b.Name(), replicas, r), r
}

// Generator is what the engines generate through: the language set over
// the schedulers.
func (p *Pipeline) Generator() *route.Set { return p.set }

// Stages returns the chain of each configured backend, in order.
func (p *Pipeline) Stages() []Stage { return p.stages }

// WarmHolder returns what says which prompts the target of a warm-up
// holds: the router of the only configured backend, or nil.
func (p *Pipeline) WarmHolder() route.Holder {
	if len(p.stages) != 1 || p.stages[0].Router == nil {
		return nil
	}
	return p.stages[0].Router
}

// Close stops the schedulers and closes the clients.
func (p *Pipeline) Close() error {
	for _, st := range p.stages {
		if st.Scheduler != nil {
			st.Scheduler.Close()
		}
	}
	return p.opened.Close()
}
