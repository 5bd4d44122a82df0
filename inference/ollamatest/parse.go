package ollamatest

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Log messages worth counting with CountLog or waiting for with WaitLog.
const (
	// LogRequestFinished closes every generate or chat request, finished or cancelled.
	LogRequestFinished = `msg="context for request finished"`
	// LogAbortedQueued marks a request cancelled while it waited for a free slot.
	LogAbortedQueued = "aborting completion request due to client closing the connection"
	// LogCacheLoad marks the runner choosing a cache slot for a prompt; see CacheLoads.
	LogCacheLoad = `msg="loading cache slot"`
)

// Request is one HTTP request as the server's access log records it when the handler
// returns; a request cancelled by its client shows up as soon as the server notices.
type Request struct {
	Status  int
	Latency time.Duration
	Method  string
	Path    string
}

// ginLine matches: [GIN] 2026/01/02 - 15:04:05 | 200 |  896.98ms |  127.0.0.1 | POST  "/api/generate"
var ginLine = regexp.MustCompile(`\[GIN\] [^|]*\| (\d{3}) \|\s*(\S+)\s*\|[^|]*\|\s*(\w+)\s+"([^"]*)"`)

// Requests returns the requests for path (every path if empty) that the server has
// completed so far, in order.
func (s *Server) Requests(path string) []Request {
	var out []Request
	for _, m := range ginLine.FindAllStringSubmatch(s.Log(), -1) {
		if path != "" && m[4] != path {
			continue
		}
		status, _ := strconv.Atoi(m[1])
		latency, _ := time.ParseDuration(m[2])
		out = append(out, Request{Status: status, Latency: latency, Method: m[3], Path: m[4]})
	}
	return out
}

// SettledRequests is Requests once the log has stopped growing for a
// moment (at most a few seconds): a request the client stopped reading is
// logged only when the server notices, after the client has its answer.
func (s *Server) SettledRequests(path string) []Request {
	last, stable := -1, 0
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline) && stable < 3; time.Sleep(100 * time.Millisecond) {
		n := len(s.Requests(path))
		if n == last {
			stable++
		} else {
			last, stable = n, 0
		}
	}
	return s.Requests(path)
}

// CacheLoad is one "loading cache slot" line of the runner: the slot held Cache tokens,
// the prompt has Prompt tokens, of which Used came from the cache and Remaining must be
// evaluated.
type CacheLoad struct {
	Slot, Cache, Prompt, Used, Remaining int
}

// CacheLoads returns the runner's cache slot choices so far, in order.
func (s *Server) CacheLoads() []CacheLoad {
	var out []CacheLoad
	for _, line := range strings.Split(s.Log(), "\n") {
		if !strings.Contains(line, LogCacheLoad) {
			continue
		}
		f := logFields(line)
		out = append(out, CacheLoad{
			Slot: f["id"], Cache: f["cache"], Prompt: f["prompt"], Used: f["used"], Remaining: f["remaining"],
		})
	}
	return out
}

// logFields returns the integer key=value fields of a structured log line.
func logFields(line string) map[string]int {
	fields := map[string]int{}
	for _, kv := range strings.Fields(line) {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			continue
		}
		if n, err := strconv.Atoi(v); err == nil {
			fields[k] = n
		}
	}
	return fields
}
