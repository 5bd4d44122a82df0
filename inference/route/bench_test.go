package route

import (
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/clock"
)

// benchPrompts returns n raw prompts of 8 KB: 100 files of 6 KB, each
// followed by a 2 KB tail of its own, as completions in 100 files would be.
func benchPrompts(rng *rand.Rand, n int) []*inference.Request {
	text := func(size int) string {
		b := make([]byte, size)
		for i := range b {
			b[i] = byte(' ' + rng.IntN(95))
		}
		return string(b)
	}
	files := make([]string, 100)
	for i := range files {
		files[i] = text(6 << 10)
	}
	reqs := make([]*inference.Request, n)
	for i := range reqs {
		reqs[i] = &inference.Request{Raw: true, Prompt: files[i%len(files)] + text(2<<10), Session: "s" + strconv.Itoa(i%8)}
	}
	return reqs
}

// BenchmarkRouter measures Pick, Start and Done for one request on 4
// replicas that hold 2,000 prompts of 8 KB between them.
func BenchmarkRouter(b *testing.B) {
	for _, bb := range []struct {
		name string
		next func(cached *inference.Request, i int) *inference.Request
	}{
		// The user typed a character after a cached prompt.
		{name: "hit", next: func(c *inference.Request, _ int) *inference.Request {
			return &inference.Request{Raw: true, Prompt: c.Prompt + "x", Session: c.Session}
		}},
		// A new tail after a cached file: the tree keeps growing and
		// evicting.
		{name: "new-tail", next: func(c *inference.Request, i int) *inference.Request {
			return &inference.Request{Raw: true, Prompt: c.Prompt[:6<<10] + strconv.Itoa(i) + c.Prompt[6<<10:], Session: c.Session}
		}},
	} {
		b.Run(bb.name, func(b *testing.B) {
			rng := rand.New(rand.NewPCG(1, 2))
			cached := benchPrompts(rng, 2000)
			r := NewRouter(RouterConfig{Clock: clock.Real(), MaxBytesPerReplica: 2 << 20})
			const replicas = 4
			send := func(req *inference.Request) {
				order := r.Pick(req, replicas)
				sent := r.Start(order[0], req)
				r.Done(order[0], sent, inference.Stats{PromptTokens: 2000, CachedTokens: 1900, CacheReported: true}, nil)
			}
			for _, req := range cached {
				send(req)
			}
			next := make([]*inference.Request, 4096)
			for i := range next {
				next[i] = bb.next(cached[rng.IntN(len(cached))], i)
			}
			b.ReportAllocs()
			b.ResetTimer()
			i := 0
			for b.Loop() {
				send(next[i%len(next)])
				i++
			}
		})
	}
}
