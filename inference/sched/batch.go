package sched

import (
	"context"

	"github.com/lspilot/lspilot/inference"
)

// batchKey groups the requests that may share a batch: same lane, and the
// same request but for the prompt.
type batchKey struct {
	k    key
	lane inference.Lane
}

// batchable reports whether req may go out in a prompt batch.
func (s *Scheduler) batchable(req *inference.Request) bool {
	return s.batcher != nil && !req.IsChat() && len(req.Extra) == 0
}

// collect adds f to the batch gathering requests like it, opening one when
// there is none. A new batch is refused at once when the queue is full. It
// holds mu.
func (s *Scheduler) collect(ctx context.Context, f *flight) error {
	bk := batchKey{s.keys.of(&f.req, false), f.lane}
	j := s.batches[bk]
	if j != nil && j.live == 0 {
		// Its callers all left and its context is done: start afresh.
		delete(s.batches, bk)
		j = nil
	}
	if j == nil {
		if err := s.adm.check(f.lane); err != nil {
			return err
		}
		j = s.newJob(ctx, f.lane, f.req.Session)
		j.bkey, j.full, j.window = bk, make(chan struct{}), s.cfg.clock.NewTimer(s.cfg.batch.Window)
		s.batches[bk] = j
		s.wg.Add(1)
		go s.runBatch(j)
	}
	j.add(f)
	if len(j.flights) >= s.cfg.batch.MaxPrompts {
		delete(s.batches, bk)
		close(j.full)
	}
	return nil
}

// runBatch gathers flights for the batch window, then queues them as one
// unit and streams them in one GenerateBatch (a lone flight in a plain
// Generate).
func (s *Scheduler) runBatch(j *job) {
	defer s.wg.Done()
	defer j.cancel()
	select {
	case <-j.full:
	case <-j.window.C():
	case <-j.ctx.Done():
	}
	j.window.Stop()
	s.mu.Lock()
	if s.batches[j.bkey] == j {
		delete(s.batches, j.bkey)
	}
	var live, dead []*flight
	for _, f := range j.flights {
		if f.isAbandoned() {
			dead = append(dead, f)
		} else {
			live = append(live, f)
		}
	}
	var t *ticket
	var err error
	if len(live) > 0 {
		t, err = s.adm.enqueue(j.lane, j.session)
	}
	s.mu.Unlock()
	if len(dead) > 0 {
		s.unstarted(j, dead, context.Canceled)
	}
	if len(live) == 0 {
		return
	}
	if err == nil {
		err = s.adm.wait(j.ctx, t)
	}
	if err != nil {
		s.unstarted(j, live, err)
		return
	}
	began := s.cfg.clock.Now()
	sts, err := s.send(j, live)
	s.adm.release()
	err = s.closedErr(err)
	for i, f := range live {
		st := noStats()
		if i < len(sts) {
			st = sts[i]
		}
		s.observe(j.lane, began, st, err)
		s.finish(f, st, err)
	}
}

// send streams the flights of a batch, each prompt's chunks to its own
// flight; an abandoned flight stops its prompt only.
func (s *Scheduler) send(j *job, fs []*flight) ([]inference.Stats, error) {
	c := &s.counts[j.lane]
	c.started.Add(int64(len(fs)))
	if len(fs) == 1 {
		st, err := s.inner.Generate(j.ctx, &fs[0].req, fs[0].push)
		return []inference.Stats{st}, err
	}
	c.batched.Add(int64(len(fs)))
	prompts := make([]string, len(fs))
	for i, f := range fs {
		prompts[i] = f.req.Prompt
	}
	return s.batcher.GenerateBatch(j.ctx, &fs[0].req, prompts, func(i int, ch inference.Chunk) error {
		return fs[i].push(ch)
	})
}
