package sched

import (
	"context"

	"github.com/lspilot/lspilot/inference"
)

// Unwrap returns the backend the scheduler is in front of, so that
// inference.As finds its optional abilities: model information, pings and
// tokenizing go straight to it, as they cost no generation slot.
func (s *Scheduler) Unwrap() inference.Backend { return s.inner }

// As intercepts warm-ups, which wait for a slot in the warm-up lane: given
// a *inference.Warmer it sets one that does, when the inner backend can
// warm, and reports whether it did. Other abilities are left to Unwrap.
func (s *Scheduler) As(target any) bool {
	p, ok := target.(*inference.Warmer)
	if !ok {
		return false
	}
	w, ok := inference.As[inference.Warmer](s.inner)
	if !ok {
		return false
	}
	*p = warmer{s, w}
	return true
}

// warmer sends warm-ups through the warm-up lane.
type warmer struct {
	s *Scheduler
	w inference.Warmer
}

// Warm waits for a slot in the warm-up lane, then warms req on the backend.
func (w warmer) Warm(ctx context.Context, req *inference.Request) (inference.Stats, error) {
	return w.s.warm(ctx, req, w.w)
}

func (s *Scheduler) warm(ctx context.Context, req *inference.Request, w inference.Warmer) (inference.Stats, error) {
	lane, session := inference.LaneWarmup, ""
	if req != nil {
		session = req.Session
	}
	t, err := s.adm.enqueue(lane, session)
	if err != nil {
		s.refused(lane, 1, err)
		return noStats(), err
	}
	c := &s.counts[lane]
	c.admitted.Add(1)
	if err := s.adm.wait(ctx, t); err != nil {
		s.refused(lane, 1, err)
		return noStats(), err
	}
	defer s.adm.release()
	c.started.Add(1)
	return w.Warm(ctx, req)
}
