package benchmark

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/lspilot/lspilot/inference/clock"
)

// mortal serves the simulator until one replica dies: from then on that
// replica's new connections are dropped and its streams cut mid-answer, as
// when a server process crashes. It counts the requests it dropped.
type mortal struct {
	next    http.Handler
	prefix  string // the dying replica's path prefix
	dead    atomic.Bool
	dropped atomic.Int64
}

func (m *mortal) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !strings.HasPrefix(r.URL.Path, m.prefix) {
		m.next.ServeHTTP(w, r)
		return
	}
	if m.dead.Load() {
		m.drop()
	}
	m.next.ServeHTTP(&mortalWriter{ResponseWriter: w, m: m}, r)
}

// drop ends the request with its connection closed and no answer.
func (m *mortal) drop() {
	m.dropped.Add(1)
	panic(http.ErrAbortHandler)
}

// killAt kills the replica at a moment on clk, unless ctx ends first.
func (m *mortal) killAt(ctx context.Context, clk clock.Clock, after time.Duration) {
	if clock.Sleep(ctx, clk, after) == nil {
		m.dead.Store(true)
	}
}

// note says what the death cost, for a result.
func (m *mortal) note(replica int, after time.Duration) string {
	if !m.dead.Load() {
		return ""
	}
	return fmt.Sprintf("replica %d died after %v; %d of its requests were dropped and the rest went to the others", replica, after, m.dropped.Load())
}

// mortalWriter cuts a stream once its replica is dead.
type mortalWriter struct {
	http.ResponseWriter
	m *mortal
}

func (w *mortalWriter) Write(b []byte) (int, error) {
	if w.m.dead.Load() {
		w.m.drop()
	}
	return w.ResponseWriter.Write(b)
}

func (w *mortalWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}
