package ollamatest

import (
	"bytes"
	"context"
	"io"
	"strings"
	"sync"
)

// logBuffer collects the server's combined output and wakes waiters on every write.
type logBuffer struct {
	mu      sync.Mutex
	buf     bytes.Buffer  // guarded by mu
	changed chan struct{} // closed and replaced on each write; guarded by mu
}

func newLogBuffer() *logBuffer {
	return &logBuffer{changed: make(chan struct{})}
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf.Write(p)
	close(b.changed)
	b.changed = make(chan struct{})
	return len(p), nil
}

// lines returns a writer that passes only whole lines to b, so that lines from the
// server's stdout and stderr never interleave mid-line. Call flush when the stream ends.
func (b *logBuffer) lines() *lineWriter {
	return &lineWriter{dst: b}
}

// lineWriter buffers a partial last line; it is used by one goroutine only.
type lineWriter struct {
	dst     io.Writer
	pending []byte
}

func (w *lineWriter) Write(p []byte) (int, error) {
	w.pending = append(w.pending, p...)
	if i := bytes.LastIndexByte(w.pending, '\n'); i >= 0 {
		w.dst.Write(w.pending[:i+1])
		w.pending = append(w.pending[:0], w.pending[i+1:]...)
	}
	return len(p), nil
}

func (w *lineWriter) flush() {
	if len(w.pending) > 0 {
		w.dst.Write(append(w.pending, '\n'))
		w.pending = nil
	}
}

// snapshot returns the log so far and a channel closed at the next write.
func (b *logBuffer) snapshot() (string, <-chan struct{}) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String(), b.changed
}

// Log returns everything the server has logged so far, with OLLAMA_DEBUG=1 detail.
func (s *Server) Log() string {
	text, _ := s.log.snapshot()
	return text
}

// CountLog returns how many times substr occurs in the server log so far. Compare counts
// taken before and after an action when the server is shared.
func (s *Server) CountLog(substr string) int {
	return strings.Count(s.Log(), substr)
}

// WaitLog waits until substr occurs at least n times in the server log, and returns
// ctx's error if that does not happen before ctx ends.
func (s *Server) WaitLog(ctx context.Context, substr string, n int) error {
	for {
		text, changed := s.log.snapshot()
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

// LogTail returns the last n bytes of the server log, starting at a line boundary.
func (s *Server) LogTail(n int) string {
	text := s.Log()
	if len(text) <= n {
		return text
	}
	text = text[len(text)-n:]
	if i := strings.IndexByte(text, '\n'); i >= 0 {
		text = text[i+1:]
	}
	return text
}
