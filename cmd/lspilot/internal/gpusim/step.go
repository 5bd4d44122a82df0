package gpusim

import (
	"slices"
	"strings"
	"time"
)

// step is the plan of one scheduler step.
type step struct {
	decode  []*seq
	prefill []chunk
	dur     time.Duration
}

// chunk is a part of a sequence's prompt computed in a step.
type chunk struct {
	s *seq
	n int
}

// plan drops cancelled sequences, admits queued ones and picks the work of
// the next step: a decode token for every sequence past its prefill (up to
// MaxBatch), then prefill chunks in admission order within what is left of
// ChunkTokens. It reports false when nothing runs. Called with mu held.
func (r *replica) plan(now time.Time) (step, bool) {
	r.prune()
	r.admit(now)
	if len(r.running) == 0 {
		return step{}, false
	}
	var st step
	var cost Step
	for _, s := range r.running {
		if s.computed == len(s.tokens) && len(st.decode) < max(r.preset.MaxBatch, 1) {
			st.decode = append(st.decode, s)
			cost.Context += s.computed + s.generated
		}
	}
	budget := max(r.preset.ChunkTokens-len(st.decode), 1)
	for _, s := range r.running {
		rest := len(s.tokens) - s.computed
		if rest == 0 || budget == 0 {
			continue
		}
		n := min(rest, budget)
		st.prefill = append(st.prefill, chunk{s, n})
		cost.Prefill += n
		cost.PrefillContext += s.computed
		cost.prefillPairs += prefillPairs(s.computed, n)
		budget -= n
	}
	cost.Decode = len(st.decode)
	st.dur = r.preset.StepTime(cost)
	return st, true
}

// prune removes cancelled sequences, counting what they decoded as wasted.
func (r *replica) prune() {
	r.running = slices.DeleteFunc(r.running, func(s *seq) bool {
		if !s.cancelled {
			return false
		}
		r.stats.Cancelled++
		r.stats.WastedTokens += s.generated
		r.release(s)
		return true
	})
}

// admit moves queued sequences to running in FIFO order while a slot and KV
// memory are free. A sequence waiting for its pinned slot lets later ones
// pass; one waiting for memory or any slot holds the queue.
func (r *replica) admit(now time.Time) {
	for i := 0; i < len(r.queue); {
		s := r.queue[i]
		if len(r.running) >= r.preset.Slots {
			return
		}
		slot, ok := r.pickSlot(s)
		if !ok {
			i++
			continue
		}
		if !r.reserve(s, slot) {
			return
		}
		r.queue = slices.Delete(r.queue, i, i+1)
		s.state, s.admitted = stateRunning, now
		r.running = append(r.running, s)
		r.stats.QueueWait += now.Sub(s.arrived)
		r.stats.PromptTokens += len(s.tokens)
		r.stats.CachedTokens += s.cached
	}
}

// reserve takes the KV memory s needs, reusing what its slot or the prefix
// index holds, and reports false when memory is short. At least the last
// prompt token is always computed, as servers do to get its logits.
func (r *replica) reserve(s *seq, slot int) bool {
	need := s.need()
	if s.mode == modePaged {
		hits := r.kv.prefixHits(s.tokens, (len(s.tokens)-1)/BlockTokens)
		if r.kv.available(-1, hits) < need-len(hits) {
			return false
		}
		r.kv.pin(hits)
		r.kv.reserve(need - len(hits))
		s.blocks, s.reserved = hits, need-len(hits)
		s.cached = len(hits) * BlockTokens
		s.computed = s.cached
		return true
	}
	if r.kv.available(slot, nil)+r.kv.slots[slot].blocks < need {
		return false
	}
	if s.cachePrompt {
		s.cached = min(commonPrefix(r.kv.slots[slot].tokens, s.tokens), len(s.tokens)-1)
	}
	r.kv.takeSlot(slot)
	r.kv.reserve(need)
	s.slotIdx, s.reserved, s.computed = slot, need, s.cached
	return true
}

// pickSlot chooses the slot of a slot-mode sequence: the pinned one when
// idle; else the idle slot whose content shares the longest prefix with the
// prompt, when it covers at least the job's similarity; else the least
// recently used idle slot.
func (r *replica) pickSlot(s *seq) (int, bool) {
	slots := r.kv.slots
	if s.mode == modePaged {
		return -1, true
	}
	if s.slot >= 0 {
		return s.slot, !slots[s.slot].busy
	}
	best, bestLen, lru := -1, 0, -1
	for i, st := range slots {
		if st.busy {
			continue
		}
		if n := commonPrefix(st.tokens, s.tokens); n > bestLen && float64(n) >= s.similarity*float64(len(s.tokens)) {
			best, bestLen = i, n
		}
		if lru < 0 || st.lastUsed < slots[lru].lastUsed {
			lru = i
		}
	}
	if best >= 0 {
		return best, true
	}
	return lru, lru >= 0
}

// apply carries out a step that ran from start to now: prefill chunks
// advance, sequences past their prefill emit a token, and finished sequences
// leave.
func (r *replica) apply(st step, start, now time.Time) {
	r.stats.Steps++
	r.stats.Busy += now.Sub(start)
	if n := len(st.decode); n > 0 {
		r.stats.DecodeSteps++
		r.stats.DecodeSeqs += n
		r.stats.MaxBatch = max(r.stats.MaxBatch, n)
	}
	for _, c := range st.prefill {
		s := c.s
		if s.prefillStart.IsZero() {
			s.prefillStart = start
		}
		s.computed += c.n
		r.stats.PrefillTokens += c.n
		r.commit(s)
		if s.computed == len(s.tokens) {
			s.prefillEnd = now
			r.emit(s, now)
		}
	}
	for _, s := range st.decode {
		r.emit(s, now)
	}
	r.running = slices.DeleteFunc(r.running, func(s *seq) bool { return s.state == stateDone })
}

// emit generates the next token of s, or ends s when it has nothing more to
// generate.
func (r *replica) emit(s *seq, now time.Time) {
	if s.cancelled || s.state == stateDone {
		return
	}
	if s.generated == len(s.out.ids) {
		r.finish(s, s.out.reason, now)
		return
	}
	i := s.generated
	s.generated++
	r.stats.DecodedTokens++
	r.commit(s)
	if d := s.out.deltas[i]; d != "" {
		s.events <- event{index: s.index, text: d, token: s.out.ids[i]}
		s.newline = s.newline || strings.Contains(d, "\n")
	}
	switch {
	case s.generated == len(s.out.ids):
		r.finish(s, s.out.reason, now)
	case s.tMaxPredict > 0 && s.newline && now.Sub(s.prefillEnd) > s.tMaxPredict:
		r.finish(s, finishTime, now)
	}
}
