package gpusim

import "time"

// commit enters the full blocks a paged sequence has computed into the prefix
// index, so that other sequences can reuse them while it still runs. Called
// with mu held.
func (r *replica) commit(s *seq) {
	if s.mode != modePaged {
		return
	}
	full := (s.computed + s.generated) / BlockTokens
	if full <= len(s.blocks) {
		return
	}
	var parent uint64
	if n := len(s.blocks); n > 0 {
		parent = s.blocks[n-1].hash
	}
	var buf [BlockTokens]int
	for i := len(s.blocks); i < full && s.reserved > 0; i++ {
		for k := range buf {
			buf[k] = s.tokenAt(i*BlockTokens + k)
		}
		parent = chainHash(parent, buf[:])
		s.blocks = append(s.blocks, r.kv.commit(parent))
		s.reserved--
	}
}

// release gives back the KV memory of a sequence that ends: a paged
// sequence's blocks stay cached until evicted, a slot keeps the sequence's
// content for the next request. Called with mu held.
func (r *replica) release(s *seq) {
	s.state = stateDone
	if s.mode == modePaged {
		r.kv.release(s.blocks, s.reserved)
	} else {
		r.kv.releaseSlot(s.slotIdx, s.content(), s.reserved)
	}
	s.blocks, s.reserved = nil, 0
}

// finish ends s for reason and sends its result. Called with mu held.
func (r *replica) finish(s *seq, reason finish, now time.Time) {
	r.release(s)
	r.stats.Finished++
	res := result{
		reason:       reason,
		slot:         s.slotIdx,
		promptTokens: len(s.tokens),
		cachedTokens: s.cached,
		generated:    s.generated,
		queued:       since(s.admitted, s.arrived),
		promptEval:   since(s.prefillEnd, s.prefillStart),
		eval:         since(now, s.prefillEnd),
		total:        now.Sub(s.arrived),
		start:        s.arrived,
	}
	if reason == finishStop {
		res.stopWord = s.out.stopWord
	}
	s.events <- event{index: s.index, done: true, res: res}
}
