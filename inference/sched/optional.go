package sched

import (
	"context"

	"github.com/lspilot/lspilot/inference"
)

// Backend returns the scheduler as an inference.Backend that implements
// exactly those of inference.Warmer, Tokenizer, ModelInspector and Pinger
// that the inner backend implements, so that type assertions on it stay
// truthful. Warm-ups wait for a slot in the warm-up lane; the other calls go
// straight to the inner backend, as they cost no generation slot.
func (s *Scheduler) Backend() inference.Backend { return s.outer }

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

// withOptional builds the value Backend returns.
func (s *Scheduler) withOptional() inference.Backend {
	type (
		W = warmer
		T = inference.Tokenizer
		M = inference.ModelInspector
		P = inference.Pinger
	)
	iw, hasW := s.inner.(inference.Warmer)
	t, hasT := s.inner.(T)
	m, hasM := s.inner.(M)
	p, hasP := s.inner.(P)
	w := W{s, iw}
	mask := 0
	for i, has := range []bool{hasW, hasT, hasM, hasP} {
		if has {
			mask |= 1 << i
		}
	}
	switch mask {
	case 0b0001:
		return struct {
			*Scheduler
			W
		}{s, w}
	case 0b0010:
		return struct {
			*Scheduler
			T
		}{s, t}
	case 0b0011:
		return struct {
			*Scheduler
			W
			T
		}{s, w, t}
	case 0b0100:
		return struct {
			*Scheduler
			M
		}{s, m}
	case 0b0101:
		return struct {
			*Scheduler
			W
			M
		}{s, w, m}
	case 0b0110:
		return struct {
			*Scheduler
			T
			M
		}{s, t, m}
	case 0b0111:
		return struct {
			*Scheduler
			W
			T
			M
		}{s, w, t, m}
	case 0b1000:
		return struct {
			*Scheduler
			P
		}{s, p}
	case 0b1001:
		return struct {
			*Scheduler
			W
			P
		}{s, w, p}
	case 0b1010:
		return struct {
			*Scheduler
			T
			P
		}{s, t, p}
	case 0b1011:
		return struct {
			*Scheduler
			W
			T
			P
		}{s, w, t, p}
	case 0b1100:
		return struct {
			*Scheduler
			M
			P
		}{s, m, p}
	case 0b1101:
		return struct {
			*Scheduler
			W
			M
			P
		}{s, w, m, p}
	case 0b1110:
		return struct {
			*Scheduler
			T
			M
			P
		}{s, t, m, p}
	case 0b1111:
		return struct {
			*Scheduler
			W
			T
			M
			P
		}{s, w, t, m, p}
	}
	return s
}
