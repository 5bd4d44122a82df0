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
// when a server process crashes. It may come back, as a restarted server
// does, and serve again. It counts the requests it dropped.
type mortal struct {
	next    http.Handler
	prefix  string     // the dying replica's path prefix
	served  func() int // the requests the replica has taken so far
	dead    atomic.Bool
	dropped atomic.Int64

	revived       atomic.Bool
	servedRevived atomic.Int64 // served() when the replica came back
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

// schedule kills the replica after kill on clk, and brings it back after
// restart when restart is positive, unless ctx ends first. The returned
// function stops what has not happened yet and waits. A nil mortal has
// nothing to schedule.
func (m *mortal) schedule(ctx context.Context, clk clock.Clock, kill, restart time.Duration) (stop func()) {
	if m == nil {
		return func() {}
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		if clock.Sleep(ctx, clk, kill) != nil {
			return
		}
		m.dead.Store(true)
		if restart <= 0 || clock.Sleep(ctx, clk, restart-kill) != nil {
			return
		}
		m.servedRevived.Store(int64(m.served()))
		m.revived.Store(true)
		m.dead.Store(false)
	}()
	return func() {
		cancel()
		<-done
	}
}

// note says what the death cost, for a result.
func (m *mortal) note(replica int, kill, restart time.Duration) string {
	if !m.dead.Load() && !m.revived.Load() {
		return ""
	}
	note := fmt.Sprintf("replica %d died after %v; %d of its requests were dropped and the rest went to the others", replica, kill, m.dropped.Load())
	if m.revived.Load() {
		note += fmt.Sprintf("; it came back after %v and took %d requests from then on", restart, m.servedSinceRestart())
	}
	return note
}

// servedSinceRestart counts the requests the replica took since it came
// back.
func (m *mortal) servedSinceRestart() int {
	if !m.revived.Load() {
		return 0
	}
	return m.served() - int(m.servedRevived.Load())
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
