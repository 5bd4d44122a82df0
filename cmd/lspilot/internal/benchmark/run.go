package benchmark

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"go.uber.org/zap"

	"github.com/lspilot/lspilot/inference/clock"
	"github.com/lspilot/lspilot/inference/complete"
	"github.com/lspilot/lspilot/inference/nextedit"
	"github.com/lspilot/lspilot/inference/pipeline"
	"github.com/lspilot/lspilot/inference/prompt"
	"github.com/lspilot/lspilot/inference/route"
	"github.com/lspilot/lspilot/inference/sched"
	"github.com/lspilot/lspilot/lsp"
	"github.com/lspilot/lspilot/lsp/edittrace"
	"github.com/lspilot/lspilot/lsp/metrics"
)

// epoch is where virtual clocks start.
var epoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// Run replays the same traces with each strategy in turn and returns their
// results. Cancelling ctx (Ctrl-C) stops the run and returns what it has,
// the interrupted strategy marked as such.
func Run(ctx context.Context, o Options) ([]Result, error) {
	o, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	strats, err := pickStrategies(o.Strategies)
	if err != nil {
		return nil, err
	}
	if o.Traces == TracesEdits {
		return runEdits(ctx, o, strats)
	}
	traces, err := Corpus(o.Editors, o.Lines, o.Seed)
	if err != nil {
		return nil, err
	}
	var results []Result
	for _, s := range strats {
		r, err := runStrategy(ctx, o, s, traces)
		if err != nil {
			return results, fmt.Errorf("strategy %s: %w", s.name, err)
		}
		results = append(results, r)
		if o.Progress != nil {
			fmt.Fprintf(o.Progress, "%s: %d keystrokes, %d shown, p95 %v, %.1f requests/100 keys (%v)\n",
				r.Strategy, r.Keystrokes, r.Shown, r.P95, r.RequestsPer100(), r.Wall.Round(time.Millisecond))
		}
		if ctx.Err() != nil {
			break
		}
	}
	return results, nil
}

// runStrategy replays every trace at once with strategy s.
func runStrategy(ctx context.Context, o Options, s strategy, traces []*edittrace.Trace) (Result, error) {
	wallStart := time.Now()
	clk, startClock, stopClock := newClock(ctx, o)
	defer stopClock()
	p, err := startPipeline(ctx, o, s, clk, newOracle(traces, o.HitRate), nil)
	if err != nil {
		return Result{}, err
	}
	defer p.close()
	rec := &recorder{}
	start := clk.Now()
	stopMortal := p.fl.mortal.schedule(ctx, clk, o.KillAfter, o.RestartAfter)
	defer stopMortal()
	typed, err := replayAll(ctx, o, s, traces, p.connect, clk, rec, o.Duration, startClock, phases{})
	if err != nil {
		return Result{}, err
	}
	es := p.engine.Stats()
	es.TypedThrough += typed
	res := collect(s, o, rec, p.fl.totals(), es, p.cacheHits(), clk.Now().Sub(start))
	if p.fl.sim != nil {
		o.Logger.Info("simulator", zap.String("strategy", s.name), zap.Stringer("total", p.fl.sim.Stats().Total))
	}
	o.Logger.Info("engine", zap.String("strategy", s.name), zap.Any("stats", p.engine.Stats()))
	res.Wall = time.Since(wallStart)
	if p.fl.mortal != nil {
		res.Notes = p.fl.mortal.note(o.Replicas-1, o.KillAfter, o.RestartAfter)
		if n := p.engine.Stats().Errors; n > 0 {
			res.Notes += fmt.Sprintf("; generations that failed outright: %d", n)
		}
	}
	if ctx.Err() != nil {
		res.Notes = "interrupted; figures cover what ran"
	}
	res.DaemonCPU, res.DaemonP99, err = measureDaemon(context.WithoutCancel(ctx), traces[0], s)
	res.RSS = peakRSS()
	return res, err
}

// daemonSide is what the editors of a run talk to: a session of the language
// server each, one completion engine, the chain the strategy builds and the
// fleet.
type daemonSide struct {
	fl      *fleet
	pipe    *pipeline.Pipeline
	engine  *complete.Engine
	next    *nextedit.Engine // nil unless the strategy has next edits
	sched   *sched.Scheduler // nil when the strategy has none
	connect func() (*session, error)
	close   func()
}

// startPipeline starts the fleet, whose simulated model is orc, and builds
// the daemon's side for s, its goroutines labelled as the daemon's, through
// the constructor that `lspilot serve` uses, with the next-edit engine when
// s has next edits. t, when not nil, counts each session's requests on the
// wire.
func startPipeline(ctx context.Context, o Options, s strategy, clk clock.Clock, orc *oracle, t *tally) (*daemonSide, error) {
	fl, err := startFleet(ctx, o, clk, orc)
	if err != nil {
		return nil, err
	}
	p := &daemonSide{fl: fl}
	unregister := func() {}
	asDaemon(ctx, func(ctx context.Context) {
		p.pipe, err = pipeline.Build(ctx, fl.config(s), s.options(o, clk, fl))
		if err != nil {
			return
		}
		p.sched = p.pipe.Stages()[0].Scheduler
		ec := complete.Config{
			Clock: clk, Strategy: s.engine, Debounce: s.debounce,
			Prompt: prompt.Options{Counter: prompt.Estimate{}},
		}
		if s.warm {
			ec.Warmup = route.NewWarmPolicy(route.WarmConfig{Clock: clk})
			ec.WarmHolder = p.pipe.WarmHolder()
		}
		p.engine = complete.New(p.pipe.Generator(), ec, o.Logger)
		if s.nextEdits {
			p.next, err = nextedit.New(p.pipe.Generator(), nextedit.Config{Format: o.NextEditFormat}, o.Logger)
			if err != nil {
				p.engine.Close()
				p.pipe.Close()
				return
			}
		}
		if o.Metrics != nil {
			mp := metrics.Pipeline{Completion: p.engine}
			if p.sched != nil {
				mp.Backends = metrics.BackendsOf(p.pipe)
			}
			unregister = o.Metrics.Register(mp)
		}
	})
	if err != nil {
		fl.shut()
		return nil, err
	}
	features := lsp.Features{Completer: p.engine}
	if p.next != nil {
		features.NextEditor = p.next
	}
	p.close = func() {
		unregister()
		if p.next != nil {
			p.next.Close()
		}
		p.engine.Close()
		p.pipe.Close()
		fl.shut()
	}
	var observer lsp.Observer
	if o.Metrics != nil {
		observer = o.Metrics
	}
	p.connect = func() (*session, error) {
		return dial(ctx, lsp.Options{Features: features, Logger: o.Logger, Observer: observer}, t)
	}
	if o.Binary != "" {
		dir, err := os.MkdirTemp("", "lspilot-bench-")
		if err == nil {
			closeRun := p.close
			p.close = func() { closeRun(); os.RemoveAll(dir) }
		}
		var cfg string
		if err == nil {
			cfg, err = processConfig(dir, s, fl)
		}
		if err != nil {
			p.close()
			return nil, err
		}
		p.connect = func() (*session, error) {
			return dialProcess(ctx, o.Binary, "--config", cfg, "--log-level", "error")
		}
	}
	return p, nil
}

// cacheHits counts the requests the scheduler answered from its cache.
func (p *daemonSide) cacheHits() int64 {
	if p.sched == nil {
		return 0
	}
	var n int64
	for _, l := range p.sched.Stats().Lanes {
		n += l.CacheHits
	}
	return n
}

// load returns the generations the scheduler runs and those waiting.
func (p *daemonSide) load() (running, queued int) {
	if p.sched == nil {
		return 0, 0
	}
	st := p.sched.Stats()
	for _, l := range st.Lanes {
		queued += l.Queued
	}
	return st.Running, queued
}

// newClock returns the run's clock and functions that start and stop
// driving it when it is virtual: it must not move while the editors are
// still connecting.
func newClock(ctx context.Context, o Options) (clk clock.Clock, start, stop func()) {
	if !o.Virtual {
		return clock.Real(), func() {}, func() {}
	}
	v := clock.NewVirtual(epoch)
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	start = sync.OnceFunc(func() {
		go func() {
			defer close(done)
			v.Run(ctx, o.Settle, o.Quantum)
		}()
	})
	return v, start, func() {
		start() // so that done closes
		cancel()
		<-done
	}
}

// phases are hooks into a replay: started runs once every editor is
// connected, before the first keystroke; idle once every editor has
// finished, before the sessions close. Either may be nil.
type phases struct {
	started, idle func()
}

// replayAll runs one editor per trace, each in its own session of one
// server, until the traces end or d has passed on the clock since the
// first keystroke (connecting does not count).
// It returns the typed-through answers that sessions in other processes
// report.
func replayAll(ctx context.Context, o Options, s strategy, traces []*edittrace.Trace, connect func() (*session, error),
	clk clock.Clock, rec *recorder, d time.Duration, startClock func(), ph phases) (int64, error) {
	var (
		typed atomic.Int64
		wg    sync.WaitGroup
		mu    sync.Mutex
		errs  []error
		eds   []*editor
	)
	for i, tr := range traces {
		sess, err := connect()
		if err == nil {
			err = sess.open(tr.Path, tr.Language, tr.Text)
		}
		if err != nil {
			for _, ed := range eds {
				ed.s.close()
			}
			return 0, err
		}
		eds = append(eds, newEditor(sess, tr, clk, rec, o.Seed+uint64(i), o.Accept, s.cancel))
	}
	if ph.started != nil {
		ph.started()
	}
	startClock()
	until := clk.Now().Add(d)
	for _, ed := range eds {
		wg.Go(func() {
			if err := ed.run(ctx, until); err != nil {
				mu.Lock()
				errs = append(errs, fmt.Errorf("%s: %w", ed.tr.Path, err))
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if ph.idle != nil {
		ph.idle()
	}
	for _, ed := range eds {
		wg.Go(func() {
			if o.Binary != "" {
				typed.Add(ed.s.typedThrough())
			}
			ed.s.close()
		})
	}
	wg.Wait()
	return typed.Load(), errors.Join(errs...)
}

// collect turns a run's counters into a Result.
func collect(s strategy, o Options, rec *recorder, t totals, es complete.Stats, cacheHits int64, elapsed time.Duration) Result {
	typed, lat := rec.snapshot()
	r := Result{
		Strategy: s.name, Editors: o.Editors, Replicas: o.Replicas, Keystrokes: typed.keystrokes,
		Accepted: typed.accepts, PartiallyAccepted: typed.partials,
		TypedChars: typed.typedChars, AcceptedChars: typed.acceptedChars,
		Shown: len(lat), P50: quantile(lat, 0.5), P95: quantile(lat, 0.95), P99: quantile(lat, 0.99),
		BackendRequests: t.requests, Simulated: t.simulated, GPUBusy: t.busy, Elapsed: elapsed,
	}
	if o.BackendURL != "" {
		r.Replicas = 1
	}
	r.Clock = "real"
	if o.Virtual {
		r.Clock = "virtual"
	}
	if len(lat) > 0 {
		r.NoBackendShare = min(1, float64(es.TypedThrough+cacheHits)/float64(len(lat)))
	}
	if t.prompt > 0 {
		r.Recomputed = float64(t.recomputed) / float64(t.prompt)
	}
	r.RecomputedTokens = t.recomputed
	if t.decoded > 0 {
		r.Wasted = float64(t.wast) / float64(t.decoded)
	}
	if o.Binary != "" {
		// The daemons' streams are out of sight: which of the streams they
		// closed had their answer and which were given up is unknown.
		r.Wasted = math.NaN()
	}
	if elapsed > 0 {
		r.Throughput = float64(t.completed) / elapsed.Seconds()
	}
	return r
}
