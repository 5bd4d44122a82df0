package route

// ReplicaStats is what a Router knows of one replica.
type ReplicaStats struct {
	// Requests counts the attempts started on the replica; InFlight those
	// not done yet; Failures those that failed in a way that calls for
	// failover.
	Requests, InFlight, Failures int
	// HeldBytes is the size of the prompt prefixes the Router believes the
	// replica holds.
	HeldBytes int
	// PredictedReuse is the fraction of the key bytes sent that the replica
	// held already, over all attempts: the reuse the Router expects.
	PredictedReuse float64
	// ReportedReuse is the fraction of prompt tokens that the server said
	// came from its cache, over the Reported attempts whose server said so.
	ReportedReuse float64
	Reported      int
	// Breaker is the state of the replica's circuit breaker.
	Breaker BreakerState
}

// Stats returns what the Router knows of each replica it has seen.
func (r *Router) Stats() []ReplicaStats {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.cfg.Clock.Now()
	out := make([]ReplicaStats, len(r.reps))
	for i, rep := range r.reps {
		out[i] = ReplicaStats{
			Requests:       rep.requests,
			InFlight:       rep.inflight,
			Failures:       rep.failures,
			HeldBytes:      r.tree.Size(i),
			PredictedReuse: ratio64(rep.matched, rep.sent),
			ReportedReuse:  ratio64(rep.cached, rep.prompt),
			Reported:       rep.reported,
			Breaker:        rep.brk.state(now),
		}
	}
	return out
}

func ratio64(a, b int64) float64 {
	if b <= 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// reuseWindow compares predicted and reported reuse over a replica's latest
// reported attempts.
type reuseWindow struct {
	predicted, reported []float64 // rings
	next                int
	collapsed           bool
}

// reuseEvent is a change of a window's verdict.
type reuseEvent struct {
	collapsed           bool
	predicted, reported float64
}

// add records one attempt and returns an event when the averages over a
// full window of size cross into or out of collapse.
func (w *reuseWindow) add(predicted, reported float64, size int, collapseRatio float64) *reuseEvent {
	if len(w.predicted) < size {
		w.predicted = append(w.predicted, predicted)
		w.reported = append(w.reported, reported)
	} else {
		w.predicted[w.next], w.reported[w.next] = predicted, reported
		w.next = (w.next + 1) % size
	}
	if len(w.predicted) < size {
		return nil
	}
	p, r := mean(w.predicted), mean(w.reported)
	collapsed := p >= minPredicted && r < collapseRatio*p
	if collapsed == w.collapsed {
		return nil
	}
	w.collapsed = collapsed
	return &reuseEvent{collapsed: collapsed, predicted: p, reported: r}
}

func mean(xs []float64) float64 {
	sum := 0.0
	for _, x := range xs {
		sum += x
	}
	return sum / float64(len(xs))
}
