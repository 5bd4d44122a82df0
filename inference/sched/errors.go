package sched

import (
	"errors"
	"fmt"
	"time"

	"github.com/lspilot/lspilot/inference"
)

// Errors of the scheduler. *DeadlineError and *OverloadError match the first
// two with errors.Is.
var (
	// ErrDeadline: the request waited for a slot past its lane's deadline
	// and was dropped before it reached the backend.
	ErrDeadline = errors.New("queue deadline passed")
	// ErrOverloaded: the backend's queue was full and the request was
	// rejected without waiting.
	ErrOverloaded = errors.New("backend overloaded")
	// ErrClosed: the scheduler was closed.
	ErrClosed = errors.New("scheduler closed")
)

// DeadlineError reports a request dropped unstarted because it waited longer
// than its lane allows.
type DeadlineError struct {
	// Backend is the backend's name.
	Backend string
	// Lane is the request's lane.
	Lane inference.Lane
	// Deadline is the lane's queue deadline.
	Deadline time.Duration
}

// Error says which request was dropped and why.
func (e *DeadlineError) Error() string {
	return fmt.Sprintf("%s: %s request dropped after waiting %v for a free slot (%s)",
		e.Backend, e.Lane, e.Deadline, ErrDeadline)
}

// Unwrap returns ErrDeadline.
func (e *DeadlineError) Unwrap() error { return ErrDeadline }

// Is matches inference.ErrBusy: the request found no room.
func (e *DeadlineError) Is(target error) bool { return target == inference.ErrBusy }

// OverloadError reports a request rejected because too many were waiting.
type OverloadError struct {
	// Backend is the backend's name.
	Backend string
	// Lane is the rejected request's lane.
	Lane inference.Lane
	// Waiting is the number of requests waiting when it was rejected.
	Waiting int
	// Slots is the backend's concurrency.
	Slots int
}

// Error says how many requests wait and what to do about it.
func (e *OverloadError) Error() string {
	slots := "slots"
	if e.Slots == 1 {
		slots = "slot"
	}
	return fmt.Sprintf("%s: %s: %d requests are waiting for %d %s, %s request rejected; "+
		"raise the backend's slots (server parallelism) or connect fewer editors",
		e.Backend, ErrOverloaded, e.Waiting, e.Slots, slots, e.Lane)
}

// Unwrap returns ErrOverloaded.
func (e *OverloadError) Unwrap() error { return ErrOverloaded }

// Is matches inference.ErrBusy: the request found no room.
func (e *OverloadError) Is(target error) bool { return target == inference.ErrBusy }
