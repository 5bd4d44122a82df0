package sched

import (
	"errors"
	"time"

	"github.com/hashicorp/golang-lru/v2/simplelru"

	"github.com/lspilot/lspilot/inference"
)

// cache keeps the text of recent complete generations by request key,
// bounded in size (least recently used out first) and in age. Warm-up
// requests neither read nor fill it: they are sent for their effect on the
// server's own cache. It is not safe for concurrent use; Scheduler.mu guards
// it. A nil *cache holds nothing.
type cache struct {
	lru *simplelru.LRU[key, entry]
	ttl time.Duration
}

// entry is one cached generation.
type entry struct {
	text    string
	model   string
	reason  inference.StopReason
	seq     string
	expires time.Time
}

// newCache returns a cache of size entries kept for ttl; size is positive.
func newCache(size int, ttl time.Duration) *cache {
	l, err := simplelru.NewLRU[key, entry](size, nil)
	if err != nil {
		panic("sched: cache size must be positive")
	}
	return &cache{lru: l, ttl: ttl}
}

// get returns the live entry for k.
func (c *cache) get(k key, lane inference.Lane, now time.Time) (entry, bool) {
	if c == nil || lane == inference.LaneWarmup {
		return entry{}, false
	}
	e, ok := c.lru.Get(k)
	if !ok {
		return entry{}, false
	}
	if !now.Before(e.expires) {
		c.lru.Remove(k)
		return entry{}, false
	}
	return e, true
}

// answered reports whether a generation that ended with st and err is an
// answer to keep: it ended without error, on its own or at the request's
// limits. A failed or cancelled generation is never kept, nor one cut short
// by a caller that stopped reading, by its time budget (a slow backend's
// partial answer) or one that only loaded the model: asking again goes to
// the backend.
func answered(st inference.Stats, err error) bool {
	if err != nil {
		return false
	}
	switch st.StopReason {
	case inference.StopClient, inference.StopBudget, inference.StopLoad:
		return false
	}
	return true
}

// add stores e for k until now plus the TTL.
func (c *cache) add(k key, e entry, now time.Time) {
	e.expires = now.Add(c.ttl)
	c.lru.Add(k, e)
}

// replay streams a cached generation through fn in one chunk. Its stats say
// no token was evaluated or generated, and that it was replayed.
func (s *Scheduler) replay(e entry, start time.Time, fn func(inference.Chunk) error) (inference.Stats, error) {
	st := inference.Stats{Model: e.model, StopReason: e.reason, StopSequence: e.seq, Slot: -1, Replayed: true}
	if e.text != "" {
		if err := fn(inference.Chunk{Text: e.text}); err != nil {
			if !errors.Is(err, inference.ErrStop) {
				return noStats(), err
			}
			st.StopReason, st.StopSequence = inference.StopClient, ""
		}
	}
	st.Total = s.cfg.clock.Now().Sub(start)
	return st, nil
}
