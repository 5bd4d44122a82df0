package sched

import (
	"slices"
	"time"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/clock"
)

// ticket is one admission unit (a generation or a batch of them) asking for
// a slot.
type ticket struct {
	lane    inference.Lane
	session string
	queued  time.Time
	// timer fires at the lane's deadline; nil when the ticket was granted at
	// once or its lane has none.
	timer clock.Timer
	// ready receives once when the ticket leaves the queue, granted or not.
	ready chan struct{}
	// immediate: granted inside enqueue; never changes afterwards.
	immediate bool

	state ticketState // guarded by admission.mu
	err   error       // guarded by admission.mu; why it left without a slot
}

type ticketState int8

const (
	waiting ticketState = iota
	granted
	gone
)

// queue holds the waiting tickets: one FIFO per session inside each lane.
// Lanes are served in strict priority order; inside a lane the sessions take
// turns, so that an editor with many waiting requests delays another's by
// one turn at most. It is not safe for concurrent use.
type queue struct {
	lanes [numLanes]laneQueue
	n     int
}

type laneQueue struct {
	turns    []*sessionQueue // sessions with waiting tickets, next to serve first
	sessions map[string]*sessionQueue
}

type sessionQueue struct {
	name    string
	tickets []*ticket
}

func (q *queue) len() int { return q.n }

// laneLen returns the number of tickets waiting in lane l.
func (q *queue) laneLen(l inference.Lane) int {
	n := 0
	for _, sq := range q.lanes[l].turns {
		n += len(sq.tickets)
	}
	return n
}

// push appends t to its session's FIFO; a session new to the lane takes its
// turn after those already waiting.
func (q *queue) push(t *ticket) {
	lq := &q.lanes[t.lane]
	sq := lq.sessions[t.session]
	if sq == nil {
		if lq.sessions == nil {
			lq.sessions = make(map[string]*sessionQueue)
		}
		sq = &sessionQueue{name: t.session}
		lq.sessions[t.session] = sq
		lq.turns = append(lq.turns, sq)
	}
	sq.tickets = append(sq.tickets, t)
	q.n++
}

// pop removes and returns the next ticket to serve, nil when none waits.
func (q *queue) pop() *ticket {
	for i := range q.lanes {
		lq := &q.lanes[i]
		if len(lq.turns) == 0 {
			continue
		}
		sq := lq.turns[0]
		t := sq.tickets[0]
		sq.tickets = slices.Delete(sq.tickets, 0, 1)
		lq.turns = slices.Delete(lq.turns, 0, 1)
		if len(sq.tickets) > 0 {
			lq.turns = append(lq.turns, sq)
		} else {
			delete(lq.sessions, sq.name)
		}
		q.n--
		return t
	}
	return nil
}

// remove takes t out of the queue and reports whether it was there.
func (q *queue) remove(t *ticket) bool {
	lq := &q.lanes[t.lane]
	sq := lq.sessions[t.session]
	if sq == nil {
		return false
	}
	i := slices.Index(sq.tickets, t)
	if i < 0 {
		return false
	}
	sq.tickets = slices.Delete(sq.tickets, i, i+1)
	if len(sq.tickets) == 0 {
		delete(lq.sessions, sq.name)
		lq.turns = slices.DeleteFunc(lq.turns, func(s *sessionQueue) bool { return s == sq })
	}
	q.n--
	return true
}

// victim returns the ticket to shed so that a request of lane l can wait in
// a full queue: the newest ticket of the busiest session in the lowest lane
// below l, nil when no lane below l has any.
func (q *queue) victim(l inference.Lane) *ticket {
	for i := numLanes - 1; i > int(l); i-- {
		var busiest *sessionQueue
		for _, sq := range q.lanes[i].turns {
			if busiest == nil || len(sq.tickets) > len(busiest.tickets) {
				busiest = sq
			}
		}
		if busiest != nil {
			return busiest.tickets[len(busiest.tickets)-1]
		}
	}
	return nil
}

// drain removes and returns every waiting ticket.
func (q *queue) drain() []*ticket {
	var all []*ticket
	for t := q.pop(); t != nil; t = q.pop() {
		all = append(all, t)
	}
	return all
}
