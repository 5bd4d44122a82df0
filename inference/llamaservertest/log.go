package llamaservertest

import (
	"context"
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
	Tokens int // the tokens it holds in its cache
}

var releaseLine = regexp.MustCompile(`id +(\d+) \| task \d+ \| ` + LogRelease + ` = (\d+)`)

// Releases returns every slot release logged so far, in order.
func (s *Server) Releases() []Release {
	var out []Release
	for _, m := range releaseLine.FindAllStringSubmatch(s.Log(), -1) {
		slot, _ := strconv.Atoi(m[1])
		n, _ := strconv.Atoi(m[2])
		out = append(out, Release{Slot: slot, Tokens: n})
	}
	return out
}
