package benchmark

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/lspilot/lspilot/inference/clock"
)

// SoakOptions configure a soak: one strategy (lspilot by default) typing in real time
// for a long run, usually with a replica killed and restarted on the way,
// sampled when the editors have connected, after a warm-up, and at the end
// once the editors have stopped and the daemon has gone idle.
type SoakOptions struct {
	Options
	// WarmUp is how long after the first keystroke the second sample is
	// taken (default a tenth of the run, at most 30s).
	WarmUp time.Duration
	// IdleWait bounds the wait, after the editors stop, for every request
	// to be answered and the daemon to go idle (default 60s).
	IdleWait time.Duration
}

// SoakSample is the state of a soak at one moment.
type SoakSample struct {
	// At is the time since the first keystroke.
	At time.Duration
	// Sent counts requests on the wire so far; Pending those not answered.
	Sent, Pending int64
	// Running and Queued are the scheduler's generations; SimActive the
	// simulator's sequences running or queued.
	Running, Queued, SimActive int
	Goroutines                 goroutines
	Memory                     memory
}

// SoakReport is what a soak measured.
type SoakReport struct {
	Options SoakOptions
	// Connected, WarmedUp and End are the samples: editors connected and
	// idle, after the warm-up, and after the editors stopped.
	Connected, WarmedUp, End SoakSample
	// Sent counts requests by method; Answers answers by kind ("result",
	// "RequestCancelled", ...); Unexpected answers to no request in flight.
	Sent, Answers map[string]int64
	Unexpected    int64
	// Unsent counts requests the editors gave up before they were written.
	Unsent int64
	// Keystrokes typed, how late they came after their time in the trace
	// (sorted), and the suggestions shown with their latency quantiles.
	Keystrokes int
	Lateness   []time.Duration
	// EndedEarly counts editors that typed their whole trace before the
	// run's end and sat idle from then on.
	EndedEarly    int
	Shown         int
	P50, P95, P99 time.Duration
	// BackendRequests counts generations the simulator started; Dropped
	// those the dead replica dropped; Failed generations the engine saw
	// fail; ServedAfterRestart requests the replica took once back.
	BackendRequests             int64
	Dropped, Failed             int64
	ServedAfterRestart          int
	SchedRejected, SchedDropped int64
	// PeakRSS is the process's peak resident memory.
	PeakRSS uint64
	// Idle says whether everything came back to idle; NotIdle says what
	// did not.
	Idle    bool
	NotIdle []string
	// Wall is the soak's real duration, connecting and idling included.
	Wall time.Duration
}

// AllAnswered reports whether every request put on the wire was answered
// exactly once.
func (r *SoakReport) AllAnswered() bool { return r.End.Pending == 0 && r.Unexpected == 0 }

// withDefaults fixes what a soak is: real time, one strategy (lspilot
// unless told otherwise), in this process.
func (o SoakOptions) withDefaults() (SoakOptions, error) {
	if o.Binary != "" || o.Virtual {
		return o, errors.New("a soak runs in this process, in real time")
	}
	switch len(o.Strategies) {
	case 0:
		o.Strategies = []string{"lspilot"}
	case 1:
	default:
		return o, errors.New("a soak runs one strategy")
	}
	var err error
	if o.Options, err = o.Options.withDefaults(); err != nil {
		return o, err
	}
	if o.WarmUp <= 0 {
		o.WarmUp = min(o.Duration/10, 30*time.Second)
	}
	if o.IdleWait <= 0 {
		o.IdleWait = time.Minute
	}
	return o, nil
}

// Soak runs a soak and returns its report. Cancelling ctx ends the typing
// early; the end sample is still taken.
func Soak(ctx context.Context, o SoakOptions) (*SoakReport, error) {
	o, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	strats, err := pickStrategies(o.Strategies)
	if err != nil {
		return nil, err
	}
	traces, err := Corpus(o.Editors, o.Lines, o.Seed)
	if err != nil {
		return nil, err
	}
	wallStart := time.Now()
	t := newTally()
	clk := clock.Real()
	p, err := startPipeline(ctx, o.Options, strats[0], clk, newOracle(traces, o.HitRate), t)
	if err != nil {
		return nil, err
	}
	defer p.close()
	sk := &soak{o: o, p: p, t: t, rep: &SoakReport{Options: o}}
	rec := &recorder{}
	defer sk.stop()
	_, err = replayAll(ctx, o.Options, strats[0], traces, p.connect, clk, rec, o.Duration, func() {},
		phases{started: sk.started, idle: sk.idle})
	sk.stop()
	sk.finish(rec)
	sk.rep.Wall = time.Since(wallStart)
	return sk.rep, err
}

// soak is a soak in progress.
type soak struct {
	o     SoakOptions
	p     *daemonSide
	t     *tally
	rep   *SoakReport
	start time.Time

	stopOnce sync.Once
	cancel   context.CancelFunc
	wg       sync.WaitGroup
	stopKill func()
}

// started takes the first sample once the sessions have settled, then schedules the replica's death and
// return and the warm-up sample from the first keystroke on.
func (s *soak) started() {
	settle()
	s.rep.Connected = s.sample()
	s.start = time.Now()
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	s.stopKill = s.p.fl.mortal.schedule(ctx, clock.Real(), s.o.KillAfter, s.o.RestartAfter)
	s.wg.Go(func() {
		if clock.Sleep(ctx, clock.Real(), s.o.WarmUp) == nil {
			s.rep.WarmedUp = s.sample()
		}
	})
}

// settle waits, polling until a deadline, for the daemon's goroutines to
// stop changing in number: sessions start some of theirs after the
// handshake, and the first sample is the baseline of the idle check.
func settle() {
	deadline := time.Now().Add(5 * time.Second)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	last, same := -1, 0
	for same < 5 && time.Now().Before(deadline) {
		<-tick.C
		g := countGoroutines()
		if n := g.Daemon - g.HTTP; n == last {
			same++
		} else {
			last, same = n, 0
		}
	}
}

// stop ends what started scheduled.
func (s *soak) stop() {
	s.stopOnce.Do(func() {
		if s.cancel != nil {
			s.cancel()
			s.wg.Wait()
			s.stopKill()
		}
	})
}

// sample takes the state of the run now.
func (s *soak) sample() SoakSample {
	out := SoakSample{Sent: s.sent(), Pending: s.t.pending.Load(), Goroutines: countGoroutines(), Memory: sampleMemory()}
	if !s.start.IsZero() {
		out.At = time.Since(s.start)
	}
	out.Running, out.Queued = s.p.load()
	if s.p.fl.sim != nil {
		tot := s.p.fl.sim.Stats().Total
		out.SimActive = tot.Running + tot.Queued
	}
	return out
}

func (s *soak) sent() int64 {
	sent, _ := s.t.counts()
	var n int64
	for _, v := range sent {
		n += v
	}
	return n
}

// idle waits, polling until a deadline, for every request to be answered,
// the scheduler and the simulator to be empty and the daemon's goroutines
// (pooled HTTP connections aside) to be back to their number when the
// editors had just connected; then it takes the end sample and the wire's
// counts, before the sessions close.
func (s *soak) idle() {
	s.stop()
	deadline := time.Now().Add(s.o.IdleWait)
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		why := s.busy()
		if len(why) == 0 || time.Now().After(deadline) {
			s.rep.Idle, s.rep.NotIdle = len(why) == 0, why
			break
		}
		<-tick.C
	}
	s.rep.End = s.sample()
	s.rep.Sent, s.rep.Answers = s.t.counts()
	s.rep.Unexpected, s.rep.Unsent = s.t.unexpected.Load(), s.t.unsent.Load()
}

// busy says what is not idle.
func (s *soak) busy() []string {
	var why []string
	if n := s.t.pending.Load(); n > 0 {
		why = append(why, fmt.Sprintf("%d requests unanswered", n))
	}
	if running, queued := s.p.load(); running+queued > 0 {
		why = append(why, fmt.Sprintf("scheduler: %d running, %d queued", running, queued))
	}
	if s.p.fl.sim != nil {
		if tot := s.p.fl.sim.Stats().Total; tot.Running+tot.Queued > 0 {
			why = append(why, fmt.Sprintf("simulator: %d running, %d queued", tot.Running, tot.Queued))
		}
	}
	base, now := s.rep.Connected.Goroutines, countGoroutines()
	if now.Daemon-now.HTTP > base.Daemon-base.HTTP {
		why = append(why, fmt.Sprintf("daemon goroutines: %d besides HTTP connections, %d when connected (%s)",
			now.Daemon-now.HTTP, base.Daemon-base.HTTP, strings.Join(daemonStacks(), ", ")))
	}
	return why
}

// finish fills in the counts.
func (s *soak) finish(rec *recorder) {
	r := s.rep
	typed, lat := rec.snapshot()
	r.Keystrokes = typed.keystrokes
	r.Lateness = rec.lateKeys()
	r.EndedEarly = rec.endedEarly()
	r.PeakRSS = peakRSS()
	r.Shown, r.P50, r.P95, r.P99 = len(lat), quantile(lat, 0.5), quantile(lat, 0.95), quantile(lat, 0.99)
	r.BackendRequests = s.p.fl.totals().requests
	r.Failed = s.p.engine.Stats().Errors
	if m := s.p.fl.mortal; m != nil {
		r.Dropped = m.dropped.Load()
		r.ServedAfterRestart = m.servedSinceRestart()
	}
	if s.p.sched != nil {
		for _, l := range s.p.sched.Stats().Lanes {
			r.SchedRejected += l.Rejected
			r.SchedDropped += l.Dropped
		}
	}
}

// kinds formats counts by key, largest first.
func kinds(m map[string]int64) string {
	keys := slices.Collect(maps.Keys(m))
	slices.SortFunc(keys, func(a, b string) int {
		if c := cmp.Compare(m[b], m[a]); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, m[k])
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}
