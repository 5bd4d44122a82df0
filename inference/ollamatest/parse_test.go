package ollamatest

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/lspilot/lspilot/inference/proctest"
)

var cmpSorted = cmp.Transformer("sorted", func(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
})

const sampleLog = `time=2026-11-24T15:44:28.996Z level=DEBUG source=server.go:1536 msg="completion request" images=0 prompt=63 format=""
time=2026-11-24T15:44:28.998Z level=DEBUG source=cache.go:104 msg="loading cache slot" id=0 cache=0 prompt=21 used=0 remaining=21
[GIN] 2026/11/24 - 15:44:29 | 200 |  896.986014ms |       127.0.0.1 | POST     "/api/generate"
time=2026-11-24T15:44:29.323Z level=DEBUG source=cache.go:104 msg="loading cache slot" id=1 cache=60 prompt=21 used=20 remaining=1
[GIN] 2026/11/24 - 15:44:29 | 400 |     4.36573ms |       127.0.0.1 | POST     "/api/generate"
[GIN] 2026/11/24 - 15:44:29 | 200 |      25.1µs |       127.0.0.1 | GET      "/api/version"
`

func logServer(text string) *Server {
	s := &Server{log: proctest.NewLog()}
	s.log.Write([]byte(text))
	return s
}

func TestRequests(t *testing.T) {
	tests := []struct {
		give string
		want []Request
	}{
		{give: "/api/generate", want: []Request{
			{Status: 200, Latency: 896986014 * time.Nanosecond, Method: "POST", Path: "/api/generate"},
			{Status: 400, Latency: 4365730 * time.Nanosecond, Method: "POST", Path: "/api/generate"},
		}},
		{give: "/api/version", want: []Request{
			{Status: 200, Latency: 25100 * time.Nanosecond, Method: "GET", Path: "/api/version"},
		}},
		{give: "/api/chat"},
	}
	s := logServer(sampleLog)
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, s.Requests(tt.give)); diff != "" {
			t.Errorf("Requests(%q) (-want +got):\n%s", tt.give, diff)
		}
	}
	if got := len(s.Requests("")); got != 3 {
		t.Errorf("Requests(\"\") returned %d requests, want 3", got)
	}
}

func TestCacheLoads(t *testing.T) {
	want := []CacheLoad{
		{Slot: 0, Cache: 0, Prompt: 21, Used: 0, Remaining: 21},
		{Slot: 1, Cache: 60, Prompt: 21, Used: 20, Remaining: 1},
	}
	if diff := cmp.Diff(want, logServer(sampleLog).CacheLoads()); diff != "" {
		t.Errorf("CacheLoads() (-want +got):\n%s", diff)
	}
}

func TestWaitLog(t *testing.T) {
	s := logServer("one\n")
	done := make(chan error)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		done <- s.WaitLog(ctx, "marker", 2)
	}()
	s.log.Write([]byte("marker\n"))
	s.log.Write([]byte("marker\n"))
	if err := <-done; err != nil {
		t.Errorf("WaitLog: %v", err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.WaitLog(ctx, "marker", 3); err != context.Canceled {
		t.Errorf("WaitLog with cancelled ctx = %v, want context.Canceled", err)
	}
	if got := s.CountLog("marker"); got != 2 {
		t.Errorf("CountLog = %d, want 2", got)
	}
	if got := s.LogTail(8); !strings.HasPrefix(got, "marker") {
		t.Errorf("LogTail(8) = %q, want it to start at a line", got)
	}
}

// TestSettledRequests: a request logged after the call returns is counted
// once the log has settled.
func TestSettledRequests(t *testing.T) {
	s := logServer(sampleLog)
	late := "[GIN] 2026/11/24 - 15:44:30 | 200 |     1.5ms |       127.0.0.1 | POST     \"/api/generate\"\n"
	go func() {
		time.Sleep(150 * time.Millisecond)
		s.log.Write([]byte(late))
	}()
	if got := len(s.SettledRequests("/api/generate")); got != 3 {
		t.Errorf("SettledRequests = %d requests, want 3 with the late one", got)
	}
}
