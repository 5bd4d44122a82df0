package benchmark

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"go.uber.org/zap"

	"github.com/lspilot/lspilot/inference/clock"
	"github.com/lspilot/lspilot/lsp/edittrace"
)

// traceSpan is about how long one edit trace keeps its user busy: each
// editor gets enough traces to fill the run.
const traceSpan = 5 * time.Second

// runEdits replays edit traces with each strategy, without and then with
// next edits.
func runEdits(ctx context.Context, o Options, strats []strategy) ([]Result, error) {
	per := int(o.Duration/traceSpan) + 1
	traces, err := editCorpus(o.Editors, per, o.Seed)
	if err != nil {
		return nil, err
	}
	var results []Result
	for _, base := range strats {
		for _, s := range []strategy{base, base.withNextEdits()} {
			r, err := runEditStrategy(ctx, o, s, traces)
			if err != nil {
				return results, fmt.Errorf("strategy %s: %w", s.name, err)
			}
			results = append(results, r)
			if o.Progress != nil {
				fmt.Fprintf(o.Progress, "%s (edits): %d keystrokes, written %.1f%%, next edits shown %d, p95 %v (%v)\n",
					r.Strategy, r.Keystrokes, 100*r.WrittenShare(), r.NextShown, r.NextP95, r.Wall.Round(time.Millisecond))
			}
			if ctx.Err() != nil {
				return results, nil
			}
		}
	}
	return results, nil
}

// runEditStrategy replays every editor's edit traces at once with s.
func runEditStrategy(ctx context.Context, o Options, s strategy, traces [][]*editTrace) (Result, error) {
	wallStart := time.Now()
	clk, startClock, stopClock := newClock(ctx, o)
	defer stopClock()
	p, err := startPipeline(ctx, o, s, clk, newEditsOracle(traces, o.HitRate), nil)
	if err != nil {
		return Result{}, err
	}
	defer p.close()
	rec := &recorder{}
	stopMortal := p.fl.mortal.schedule(ctx, clk, o.KillAfter, o.RestartAfter)
	defer stopMortal()
	start := clk.Now()
	if err := replayEdits(ctx, o, s, traces, p.connect, clk, rec, startClock); err != nil {
		return Result{}, err
	}
	es := p.engine.Stats()
	res := collect(s, o, rec, p.fl.totals(), es, p.cacheHits(), clk.Now().Sub(start))
	res.Traces = TracesEdits
	res.addNext(rec.nextSnapshot(), p)
	res.NextEditFormat = o.NextEditFormat
	o.Logger.Info("engine", zap.String("strategy", s.name), zap.Any("stats", es))
	if p.next != nil {
		o.Logger.Info("next edits", zap.String("strategy", s.name), zap.Any("stats", p.next.Stats()))
	}
	res.Wall = time.Since(wallStart)
	if ctx.Err() != nil {
		res.Notes = "interrupted; figures cover what ran"
	}
	res.DaemonCPU, res.DaemonP99, err = measureDaemon(context.WithoutCancel(ctx), typingOf(traces[0][0]), s)
	res.RSS = peakRSS()
	return res, err
}

// addNext fills the next-edit figures.
func (r *Result) addNext(n nextCounts, p *daemonSide) {
	r.NextAsked, r.NextAnswered, r.NextShown = n.asked, len(n.latencies), n.shown
	r.NextAccepted, r.NextAcceptedChars = n.accepted, n.acceptedChars
	r.NextP50, r.NextP95 = quantile(n.latencies, 0.5), quantile(n.latencies, 0.95)
	r.Steps, r.StepsByNext = n.steps, n.byNext
	if p.next != nil {
		st := p.next.Stats()
		r.NextModelCalls, r.NextRefused = st.ModelCalls, st.Refused
	}
}

// typingOf is a typing trace of the lines around tr's first step, for
// measuring the daemon's own cost.
func typingOf(tr *editTrace) *edittrace.Trace {
	src := tr.States[0]
	lines := strings.SplitAfter(src, "\n")
	at := strings.Count(src[:tr.Steps[0].Start], "\n")
	lo := max(0, at-20)
	hi := min(len(lines), lo+40)
	return edittrace.Synthesize(tr.Path, tr.Language, strings.Join(lines[lo:hi], ""), (hi-lo)/2, 1)
}

// replayEdits runs one editor per list of traces, each in its own session
// of one server, until the traces end or the run's duration has passed on
// the clock since the first keystroke (connecting does not count).
func replayEdits(ctx context.Context, o Options, s strategy, traces [][]*editTrace, connect func() (*session, error),
	clk clock.Clock, rec *recorder, startClock func()) error {
	var eds []*editReplay
	defer func() {
		var wg sync.WaitGroup
		for _, er := range eds {
			wg.Go(er.ed.s.close)
		}
		wg.Wait()
	}()
	for i := range traces {
		sess, err := connect()
		if err != nil {
			return err
		}
		ed := newEditor(sess, &edittrace.Trace{}, clk, rec, o.Seed+uint64(i), o.Accept, s.cancel)
		eds = append(eds, newEditReplay(ed, s.nextEdits))
	}
	startClock()
	until := clk.Now().Add(o.Duration)
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
	)
	for i, er := range eds {
		wg.Go(func() {
			if err := er.run(ctx, traces[i], until); err != nil {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}
