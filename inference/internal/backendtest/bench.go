package backendtest

import (
	"context"
	"net/http"
	"runtime"
	"strings"
	"testing"

	"github.com/lspilot/lspilot/inference"
)

// Bench measures the streaming path of a backend: each iteration is one
// request whose answer is tokens chunks of canned text, flushed one by one by
// an in-process server. It reports ns/token and allocs/token on top of the
// per-request figures. The allocations include the in-process server's. Give
// the backend a logger at info level: debug logs a line per request.
func Bench(b *testing.B, d Dialect, newBackend NewBackend, tokens int) {
	chunks := make([]string, 0, tokens+1)
	for i := range tokens {
		chunks = append(chunks, d.Chunk(benchTokens[i%len(benchTokens)]))
	}
	chunks = append(chunks, d.End)
	srv := NewServer(b, func(w http.ResponseWriter, r *http.Request) { Write(w, d.ContentType, chunks...) })
	be := newBackend(b, Config(srv.URL))
	req := FIMRequest()
	ctx := context.Background()
	var sb strings.Builder
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		sb.Reset()
		got := 0
		_, err := be.Generate(ctx, req, func(c inference.Chunk) error {
			got++
			sb.WriteString(c.Text)
			return nil
		})
		if err != nil || got != tokens {
			b.Fatalf("Generate() = %d chunks, %v", got, err)
		}
		n++
	}
	runtime.ReadMemStats(&after)
	total := float64(n * tokens)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/total, "ns/token")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/total, "allocs/token")
}

var benchTokens = []string{"\treturn", " a", " +", " b", "\n", "}", "\n", "func", " sub", "(a", ",", " b", " int", ")", " int", " {\n"}
