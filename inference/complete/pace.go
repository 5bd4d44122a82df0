package complete

import (
	"context"
	"errors"
	"math"
	"sync"
	"time"

	"github.com/lspilot/lspilot/inference"
)

// pace measures how loaded the backend is from what the engine sees of its
// own generations, and turns it into a level from 0 (room to spare: a
// request at every keystroke) through 1 (requests wait as the typing rhythm
// says, see rhythm.waitAt) to MaxLoadLevel (most requests shed, see admit).
// Each daemon decides for itself: a team of daemons sharing one fleet needs
// no coordinator, as every daemon sees the fleet's load in its own
// generations. An engine starts at level 1 until its backend shows room.
//
// The signals, in the order they react:
//   - refusals: a backend answering 429 or 503 sets the level to
//     MaxLoadLevel, a request retried or the scheduler rejecting work
//     because its queue is full or dropping it after its lane's deadline
//     to 1, from where it decays;
//   - the wait for the first chunk, from the start of a generation, so that
//     time in the scheduler's queue and the server's counts: its ratio to
//     the recent floor (the wait of an idle backend with a warm cache)
//     moves the level between 0 and 1, smoothed over recent generations. A
//     generation cancelled before its first chunk still tells that the wait
//     was at least as long as it ran, which counts once it exceeds the
//     floor's margin: otherwise under load, when most generations are
//     superseded before they stream, the long waits would go unseen;
//   - futility: the share of generations superseded by the next keystroke
//     before their first chunk, which moves the level up to MaxLoadLevel. A
//     backend too slow for the user's typing, loaded or not (a CPU, a large
//     model, a saturated fleet), answers no keystroke in time: requests then
//     wait for the pauses, and beyond level 1 most are not sent, so that
//     those that are find the backend free.
type pace struct {
	mu      sync.Mutex
	minima  [floorBuckets]bucket // guarded by mu; lowest first-chunk waits per period, a ring
	level   float64              // guarded by mu; smoothed load from first-chunk waits
	late    float64              // guarded by mu; smoothed share of generations superseded before their first chunk
	refused time.Time            // guarded by mu; the latest refusal for load
	refusal float64              // guarded by mu; the level it holds
	credit  float64              // guarded by mu; see admit
	updated time.Time            // guarded by mu; when level and late were last moved
}

// bucket is the lowest first-chunk wait seen in one period of floorPeriod.
type bucket struct {
	period int64 // the period's number since the epoch; 0 is empty
	min    time.Duration
}

// Tuning of pace.
const (
	// paceLow and paceHigh bound the ratio of a first-chunk wait to the
	// floor that reads as load: at paceLow or under, none; at paceHigh or
	// over, level 1. paceAlpha weighs a generation in the smoothed level.
	paceLow, paceHigh = 1.5, 4.0
	paceAlpha         = 0.2
	// MaxLoadLevel is the most reserved level: at 1 automatic requests
	// wait as the typing rhythm says; beyond it, where even those would
	// find the backend saturated, requests inside a word are not sent and
	// of those at a boundary a share that halves every shedHalving levels.
	// A wait longer than the rhythm's would only make the suggestions that
	// do come later.
	MaxLoadLevel = 2.0
	shedHalving  = 1.0 / 6
	// paceSlack is added to the floor before the ratio is taken, so that a
	// very fast backend's jitter of a few milliseconds reads as no load.
	paceSlack = 10 * time.Millisecond
	// lateAlpha weighs a generation in the smoothed futility, which moves
	// only after a run of generations.
	lateAlpha = 0.05
	// floorPeriod and floorBuckets set the floor's memory: the lowest
	// first-chunk wait of the last floorBuckets periods, so that a backend
	// that became slower for good (a larger model) stops reading as loaded
	// within minutes, while under sustained load the odd quick answer of
	// each period keeps the floor where the idle backend was.
	floorPeriod  = 10 * time.Second
	floorBuckets = 30
	// lateLow and lateHigh bound the share of generations superseded
	// before their first chunk that reads as futility: at lateLow or
	// under, none; at lateHigh or over, full. A backend with room sees
	// under a tenth.
	lateLow, lateHigh = 0.5, 0.9
	// decayAfter and decayHalfLife say how the level and futility fall
	// while no generation reports: after the pause of a user who stopped
	// typing, by half every second.
	decayAfter    = time.Second
	decayHalfLife = time.Second
	// refusalHold is how long a refusal holds its level; it then decays
	// over as long again.
	refusalHold = 2 * time.Second
)

// observe records a generation that began at began and streamed its first
// chunk after wait; first says whether it did. One that did not, cancelled
// or failed, counts only when wait shows load by itself.
func (p *pace) observe(wait time.Duration, first bool, now time.Time, err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if l := refusalLevel(err); l > 0 {
		p.refuse(now, l)
	}
	p.level, p.late = p.decayed(now)
	p.updated = now
	switch {
	case first:
		p.lower(wait, now)
		p.late -= lateAlpha * p.late
	case errors.Is(err, context.Canceled):
		p.late += lateAlpha * (1 - p.late)
	}
	floor, ok := p.floor(now)
	if !ok {
		return
	}
	r := p.ratio(wait, floor)
	if !first && r <= paceLow {
		return // cut short before it could show load
	}
	p.level += paceAlpha * (ramp(r, paceLow, paceHigh) - p.level)
}

// lower records a first-chunk wait in its period's minimum.
func (p *pace) lower(wait time.Duration, now time.Time) {
	period := now.UnixNano()/int64(floorPeriod) + 1
	b := &p.minima[period%floorBuckets]
	if b.period != period {
		*b = bucket{period: period, min: wait}
	}
	b.min = min(b.min, wait)
}

// floor returns the lowest first-chunk wait of the recent periods; false
// when none was seen.
func (p *pace) floor(now time.Time) (time.Duration, bool) {
	period := now.UnixNano()/int64(floorPeriod) + 1
	floor, ok := time.Duration(0), false
	for _, b := range p.minima {
		if b.period != 0 && b.period > period-floorBuckets && b.period <= period && (!ok || b.min < floor) {
			floor, ok = b.min, true
		}
	}
	return floor, ok
}

// ratio is wait over the floor with its slack.
func (p *pace) ratio(wait, floor time.Duration) float64 {
	return float64(wait) / float64(floor+paceSlack)
}

// retried records a generation that needed more than one HTTP attempt: the
// server turned it away at first, or was not there yet.
func (p *pace) retried(now time.Time) {
	p.mu.Lock()
	p.refuse(now, 1)
	p.mu.Unlock()
}

// refuse holds the level at least at level from now; the caller holds mu.
func (p *pace) refuse(now time.Time, level float64) {
	p.refusal = max(level, p.held(now))
	p.refused = now
}

// held is the level the latest refusal holds at now: all of it for
// refusalHold, then less, to none after as long again. The caller holds mu.
func (p *pace) held(now time.Time) float64 {
	if p.refused.IsZero() {
		return 0
	}
	hold := 1 - float64(now.Sub(p.refused)-refusalHold)/float64(refusalHold)
	return p.refusal * min(max(hold, 0), 1)
}

// at returns the load level at now.
func (p *pace) at(now time.Time) float64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	l, late := p.decayed(now)
	return max(l, MaxLoadLevel*ramp(late, lateLow, lateHigh), p.held(now))
}

// refusalLevel is the level a refusal in err holds: MaxLoadLevel when the
// server says it is overloaded (429, 503); 1 when the scheduler in front of
// it had no room, as when requests queue behind a model being loaded, which
// calls for waiting as the typing rhythm says, not for shedding; 0 for
// anything else.
func refusalLevel(err error) float64 {
	switch {
	case errors.Is(err, inference.ErrRateLimited), errors.Is(err, inference.ErrUnavailable):
		return MaxLoadLevel
	case errors.Is(err, inference.ErrBusy):
		return 1
	}
	return 0
}

// eagerness maps the configured eagerness to the level below which load
// is not looked at: high asks as the load allows, low always as if the
// backend were saturated.
func eagerness(name string) float64 {
	switch name {
	case EagernessMedium:
		return 0.5
	case EagernessLow:
		return 1
	}
	return 0
}

// The values of Config.Eagerness.
const (
	EagernessHigh   = "high"
	EagernessMedium = "medium"
	EagernessLow    = "low"
)

// ramp is the share of s between lo and hi, within [0, 1].
func ramp(s, lo, hi float64) float64 {
	return math.Min(math.Max((s-lo)/(hi-lo), 0), 1)
}

// admit reports whether an automatic request goes to the backend at level:
// all below 1; beyond it none that pays little (low), and of the others a
// share that halves every shedHalving levels, spread evenly: each adds its
// share to a credit, and one goes out whenever the credit reaches 1.
func (p *pace) admit(level float64, low bool) bool {
	if level <= 1 {
		return true
	}
	if low {
		return false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.credit += math.Exp2(-(level - 1) / shedHalving)
	if p.credit < 1 {
		return false
	}
	p.credit--
	return true
}

// decayed returns the level and futility at now: once no generation has
// reported for decayAfter, both halve every decayHalfLife, so that a level
// that made requests rare does not hold for want of new samples.
func (p *pace) decayed(now time.Time) (level, late float64) {
	quiet := now.Sub(p.updated) - decayAfter
	if p.updated.IsZero() || quiet <= 0 {
		return p.level, p.late
	}
	f := math.Exp2(-float64(quiet) / float64(decayHalfLife))
	return p.level * f, p.late * f
}
