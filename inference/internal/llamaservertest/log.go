package llamaservertest

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
)

// Log lines worth counting with CountLog or waiting for with WaitLog.
const (
	// LogCancel is logged when the server cancels a task whose client went
	// away.
	LogCancel = "cancel task, id_task"
	// LogRelease is logged when a slot finishes a task, finished or cancelled.
	LogRelease = "stop processing: n_tokens"
)

// Log returns everything the server has logged so far.
func (s *Server) Log() string {
	return s.log.String()
}

// CountLog returns how many times substr occurs in the server log so far.
// Compare counts taken before and after an action when the server is shared.
func (s *Server) CountLog(substr string) int {
	return s.log.Count(substr)
}

// WaitLog waits until substr occurs at least n times in the server log, and
// returns ctx's error if that does not happen before ctx ends.
func (s *Server) WaitLog(ctx context.Context, substr string, n int) error {
	return s.log.Wait(ctx, substr, n)
}

// LogTail returns the last n bytes of the server log, starting at a line
// boundary.
func (s *Server) LogTail(n int) string {
	return s.log.Tail(n)
}

// Release is a slot's state when it finished a task, from its LogRelease
// line.
type Release struct {
	Slot   int // the slot's id
	Task   int // the task's id
	Tokens int // the tokens the slot holds in its cache
}

var (
	releaseLine = regexp.MustCompile(`id +(\d+) \| task (\d+) \| ` + LogRelease + ` = (\d+)`)
	cancelLine  = regexp.MustCompile(LogCancel + ` = (\d+)`)
)

// Releases returns every slot release logged so far, in order.
func (s *Server) Releases() []Release {
	var out []Release
	for _, m := range releaseLine.FindAllStringSubmatch(s.Log(), -1) {
		out = append(out, Release{Slot: atoi(m[1]), Task: atoi(m[2]), Tokens: atoi(m[3])})
	}
	return out
}

// Cancelled returns the ids of the tasks the server cancelled so far, in
// order.
func (s *Server) Cancelled() []int {
	var out []int
	for _, m := range cancelLine.FindAllStringSubmatch(s.Log(), -1) {
		out = append(out, atoi(m[1]))
	}
	return out
}

// WaitRelease waits until the server logs the release of task and returns
// it.
func (s *Server) WaitRelease(ctx context.Context, task int) (Release, error) {
	if err := s.WaitLog(ctx, fmt.Sprintf("| task %d | %s", task, LogRelease), 1); err != nil {
		return Release{}, fmt.Errorf("wait for the release of task %d: %w", task, err)
	}
	for _, r := range s.Releases() {
		if r.Task == task {
			return r, nil
		}
	}
	return Release{}, fmt.Errorf("task %d: release line not parsed", task)
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
