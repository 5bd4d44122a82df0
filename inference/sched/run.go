package sched

import (
	"context"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/clock"
)

// job is one admission unit: a single flight, or a batch of flights that
// differ only by prompt and go out in one GenerateBatch.
type job struct {
	lane    inference.Lane
	session string
	ctx     context.Context // cancelled when every flight is abandoned
	cancel  context.CancelFunc
	flights []*flight // guarded by Scheduler.mu while a batch gathers
	live    int       // guarded by Scheduler.mu; flights not abandoned

	// Batches only.
	bkey   batchKey
	full   chan struct{} // closed when the batch reaches MaxPrompts
	window clock.Timer
}

// newJob returns a job for lane and session whose context carries the
// request id of from, the context of the caller that asked first.
func (s *Scheduler) newJob(from context.Context, lane inference.Lane, session string) *job {
	ctx, cancel := context.WithCancel(inference.CarryRequestID(s.base, from))
	return &job{lane: lane, session: session, ctx: ctx, cancel: cancel}
}

// add puts f in j. It holds Scheduler.mu.
func (j *job) add(f *flight) {
	j.flights = append(j.flights, f)
	j.live++
	f.job = j
}

// runSingle waits for t's slot and streams the job's one flight.
func (s *Scheduler) runSingle(j *job, t *ticket) {
	defer s.wg.Done()
	defer j.cancel()
	f := j.flights[0]
	if err := s.adm.wait(j.ctx, t); err != nil {
		s.unstarted(j, j.flights, err)
		return
	}
	s.counts[j.lane].started.Add(1)
	began := s.cfg.clock.Now()
	st, err := s.inner.Generate(j.ctx, &f.req, f.push)
	s.adm.release()
	err = s.closedErr(err)
	s.observe(j.lane, began, st, err)
	s.finish(f, st, err)
}

// unstarted ends flights that never reached the backend.
func (s *Scheduler) unstarted(j *job, flights []*flight, err error) {
	err = s.closedErr(err)
	s.refused(j.lane, len(flights), err)
	for _, f := range flights {
		s.finish(f, noStats(), err)
	}
}

// closedErr reports a failure caused by Close as ErrClosed.
func (s *Scheduler) closedErr(err error) error {
	if err != nil && s.base.Err() != nil {
		return ErrClosed
	}
	return err
}
