package route

import (
	"strconv"
	"time"
)

// BreakerConfig sets the circuit breaker each replica has. Zero fields take
// the defaults.
type BreakerConfig struct {
	// Failures is the number of consecutive failures that call for failover
	// (inference.Failover) after which the breaker opens; default 3, few
	// enough that a dead replica costs the user only a few failed attempts.
	Failures int
	// CoolDown is how long an open breaker keeps its replica last before
	// letting one probe through; default 5s.
	CoolDown time.Duration
	// MaxCoolDown bounds the cool-down, which doubles every time a probe
	// fails; default 1 minute.
	MaxCoolDown time.Duration
}

func (c BreakerConfig) withDefaults() BreakerConfig {
	if c.Failures <= 0 {
		c.Failures = 3
	}
	if c.CoolDown <= 0 {
		c.CoolDown = 5 * time.Second
	}
	if c.MaxCoolDown < c.CoolDown {
		c.MaxCoolDown = max(c.CoolDown, time.Minute)
	}
	return c
}

// BreakerState is the state of a replica's circuit breaker.
type BreakerState int8

// The breaker states.
const (
	// BreakerClosed: the replica takes requests.
	BreakerClosed BreakerState = iota
	// BreakerOpen: the replica failed repeatedly and comes last until its
	// cool-down has passed.
	BreakerOpen
	// BreakerHalfOpen: the cool-down has passed; the next request or health
	// check is a probe whose success closes the breaker and whose failure
	// opens it again for twice as long.
	BreakerHalfOpen
)

// String returns "closed", "open" or "half-open".
func (s BreakerState) String() string {
	switch s {
	case BreakerClosed:
		return "closed"
	case BreakerOpen:
		return "open"
	case BreakerHalfOpen:
		return "half-open"
	}
	return "breaker" + strconv.Itoa(int(s))
}

// breaker is one replica's circuit breaker. It is guarded by its owner's
// lock.
type breaker struct {
	open     bool
	probing  bool // a half-open probe is in flight
	failures int  // consecutive
	until    time.Time
	coolDown time.Duration
}

// state returns the breaker's state at now.
func (b *breaker) state(now time.Time) BreakerState {
	switch {
	case !b.open:
		return BreakerClosed
	case now.Before(b.until):
		return BreakerOpen
	}
	return BreakerHalfOpen
}

// available reports whether the replica should be ranked on its merits: the
// breaker is closed, or half-open with no probe in flight.
func (b *breaker) available(now time.Time) bool {
	s := b.state(now)
	return s == BreakerClosed || s == BreakerHalfOpen && !b.probing
}

// start notes an attempt beginning at now and reports whether it is the
// half-open probe.
func (b *breaker) start(now time.Time) bool {
	if b.state(now) == BreakerHalfOpen && !b.probing {
		b.probing = true
		return true
	}
	return false
}

// succeed closes the breaker and reports whether it was open.
func (b *breaker) succeed() bool {
	was := b.open
	*b = breaker{}
	return was
}

// fail counts a failure at now and reports whether it opened the breaker.
// A failed probe, or a failure while half-open, opens it again for twice the
// cool-down.
func (b *breaker) fail(now time.Time, cfg BreakerConfig) bool {
	b.failures++
	switch {
	case b.open && b.state(now) == BreakerOpen:
		return false
	case b.open:
		b.coolDown = min(2*b.coolDown, cfg.MaxCoolDown)
	case b.failures < cfg.Failures:
		return false
	default:
		b.coolDown = cfg.CoolDown
	}
	b.open, b.probing = true, false
	b.until = now.Add(b.coolDown)
	return true
}

// abandon notes that a probe ended without a verdict (it was cancelled, or
// the server refused the request itself), so that another may go.
func (b *breaker) abandon(probe bool) {
	if probe {
		b.probing = false
	}
}
