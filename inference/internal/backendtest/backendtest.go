// Package backendtest holds the test support shared by the inference
// backends: a Dialect describes how a server kind streams, and Run checks a
// backend against httptest servers speaking that dialect, for every error the
// backends must recognise and for early stop and cancellation reaching the
// server. Unwedge checks the recovery from a model that the server holds idle
// but no longer serves. Bench measures the per-token cost of the streaming path. RealOllama,
// RealLlamaServer and Main give end-to-end tests one real Ollama server and
// one real llama-server per test binary.
//
// It is test support: only _test files import it. It imports the root
// inference package, ollamatest (with tinymodel), llamaservertest, goleak and the standard
// library, never lsp/ or go.lsp.dev.
package backendtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lspilot/lspilot/inference"
)

// Dialect describes how one kind of server streams and fails.
type Dialect struct {
	// Kind is the backend kind under test.
	Kind inference.BackendKind
	// Path is the endpoint FIM requests go to.
	Path string
	// ContentType is the content type of streams.
	ContentType string
	// Chunk renders one streamed piece of text, line end included.
	Chunk func(text string) string
	// End renders the end of a stream, with stats.
	End string
	// StreamError renders an error reported inside a stream.
	StreamError func(msg string) string
	// LongLine renders a data line of about n bytes.
	LongLine func(n int) string
	// Garbage is a line that breaks the protocol.
	Garbage string
	// ErrorBody renders the body of an error answer.
	ErrorBody func(status int, msg string) string
	// ModelNotFound, NoFIM and Overflow are the server's answers to a
	// missing model, a model without FIM and an oversized prompt.
	ModelNotFound, NoFIM, Overflow Answer
}

// Answer is an HTTP status and message.
type Answer struct {
	Status int
	Msg    string
}

// NewBackend builds the backend under test from a configuration whose URL
// points at a test server.
type NewBackend func(t testing.TB, cfg inference.BackendConfig) inference.Backend

// FIMRequest is the request the checks send.
func FIMRequest() *inference.Request {
	return &inference.Request{Model: "coder", Prompt: "func add(a, b int) int {\n\treturn ", Suffix: "\n}\n"}
}

// Server is an httptest server that counts requests and notices when a
// handler's client goes away.
type Server struct {
	*httptest.Server
	requests atomic.Int32
	gone     chan struct{}
}

// NewServer starts a server for h, closed when the test ends.
func NewServer(t testing.TB, h http.HandlerFunc) *Server {
	s := &Server{gone: make(chan struct{}, 16)}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.requests.Add(1)
		// Reading the whole body first, as real servers do, lets the
		// server notice a client that goes away.
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		h(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

// Requests returns the number of requests served so far.
func (s *Server) Requests() int { return int(s.requests.Load()) }

// StreamUntilGone writes chunk every millisecond until the client goes away,
// then records the disconnect for WaitGone.
func (s *Server) StreamUntilGone(w http.ResponseWriter, r *http.Request, contentType, chunk string) {
	w.Header().Set("Content-Type", contentType)
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	for {
		if _, err := fmt.Fprint(w, chunk); err != nil {
			break
		}
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
			s.gone <- struct{}{}
			return
		case <-tick.C:
		}
	}
	<-r.Context().Done()
	s.gone <- struct{}{}
}

// WaitGone fails the test unless a handler saw its client disconnect within
// ten seconds.
func (s *Server) WaitGone(t testing.TB) {
	t.Helper()
	select {
	case <-s.gone:
	case <-time.After(10 * time.Second):
		t.Fatal("the server never saw the client disconnect")
	}
}

// DecodeBody decodes the JSON body of r into a map, failing the test when it
// is not JSON.
func DecodeBody(t testing.TB, r *http.Request) map[string]any {
	var m map[string]any
	if err := json.NewDecoder(r.Body).Decode(&m); err != nil {
		t.Errorf("request body: %v", err)
	}
	return m
}

// Write writes parts to w with the content type, flushing after each.
func Write(w http.ResponseWriter, contentType string, parts ...string) {
	w.Header().Set("Content-Type", contentType)
	for _, p := range parts {
		fmt.Fprint(w, p)
		w.(http.Flusher).Flush()
	}
}
