package proctest

import (
	"bytes"
	"context"
	"io"
	"strings"
	"sync"
)

// Log collects a process's combined output and wakes waiters on every
// write. Its zero value is not ready; use NewLog.
type Log struct {
	mu      sync.Mutex
	buf     bytes.Buffer  // guarded by mu
	changed chan struct{} // closed and replaced on each write; guarded by mu
}

// NewLog returns an empty log.
func NewLog() *Log {
	return &Log{changed: make(chan struct{})}
}

// Write appends p; a LineWriter passes whole lines only.
func (l *Log) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf.Write(p)
	close(l.changed)
	l.changed = make(chan struct{})
	return len(p), nil
}

// Lines returns a writer that passes only whole lines to l, so that lines
// from a process's stdout and stderr never interleave mid-line. Call Flush
// when the stream ends.
func (l *Log) Lines() *LineWriter {
	return &LineWriter{dst: l}
}

// LineWriter buffers a partial last line; one goroutine uses it.
type LineWriter struct {
	dst     io.Writer
	pending []byte
}

// Write passes the complete lines of what it has so far.
func (w *LineWriter) Write(p []byte) (int, error) {
	w.pending = append(w.pending, p...)
	if i := bytes.LastIndexByte(w.pending, '\n'); i >= 0 {
		w.dst.Write(w.pending[:i+1])
		w.pending = append(w.pending[:0], w.pending[i+1:]...)
	}
	return len(p), nil
}

// Flush passes a last line that lacks its newline.
func (w *LineWriter) Flush() {
	if len(w.pending) > 0 {
		w.dst.Write(append(w.pending, '\n'))
		w.pending = nil
	}
}

// snapshot returns the log so far and a channel closed at the next write.
func (l *Log) snapshot() (string, <-chan struct{}) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String(), l.changed
}

// String returns everything logged so far.
func (l *Log) String() string {
	text, _ := l.snapshot()
	return text
}

// Count returns how many times substr occurs in the log so far. Compare
// counts taken before and after an action when a server is shared.
func (l *Log) Count(substr string) int {
	return strings.Count(l.String(), substr)
}

// Wait waits until substr occurs at least n times in the log, and returns
// ctx's error if that does not happen before ctx ends.
func (l *Log) Wait(ctx context.Context, substr string, n int) error {
	for {
		text, changed := l.snapshot()
		if strings.Count(text, substr) >= n {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-changed:
		}
	}
}

// Tail returns the last n bytes of the log, starting at a line boundary.
func (l *Log) Tail(n int) string {
	text := l.String()
	if len(text) <= n {
		return text
	}
	text = text[len(text)-n:]
	if i := strings.IndexByte(text, '\n'); i >= 0 {
		text = text[i+1:]
	}
	return text
}
