package benchmark

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/lspilot/lspilot/inference"
)

// counting wraps a backend and adds up what its server reports, for runs
// against a real server whose own counters the benchmark cannot read.
type counting struct {
	inference.Backend
	c *counts
}

// counts are the totals of a counting backend's requests.
type counts struct {
	mu                                sync.Mutex
	requests, completed               int64 // guarded by mu
	prompt, cached, generated, wasted int64 // guarded by mu
	cacheReported                     bool  // guarded by mu
}

func (b counting) Generate(ctx context.Context, req *inference.Request, fn func(inference.Chunk) error) (inference.Stats, error) {
	var chunks int64
	st, err := b.Backend.Generate(ctx, req, func(c inference.Chunk) error {
		chunks++
		return fn(c)
	})
	b.c.add(st, chunks, err)
	return st, err
}

// GenerateBatch forwards a prompt batch, counting each prompt as a request.
func (b counting) GenerateBatch(ctx context.Context, req *inference.Request, prompts []string, fn func(int, inference.Chunk) error) ([]inference.Stats, error) {
	bb, ok := inference.As[inference.Batcher](b.Backend)
	if !ok {
		return nil, fmt.Errorf("%s: %w: no prompt batches", b.Name(), inference.ErrUnsupported)
	}
	chunks := make([]int64, len(prompts))
	sts, err := bb.GenerateBatch(ctx, req, prompts, func(i int, c inference.Chunk) error {
		chunks[i]++
		return fn(i, c)
	})
	for i := range prompts {
		var st inference.Stats
		if i < len(sts) {
			st = sts[i]
		}
		b.c.add(st, chunks[i], err)
	}
	return sts, err
}

// add counts one request's outcome.
func (c *counts) add(st inference.Stats, chunks int64, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.requests++
	c.prompt += int64(st.PromptTokens)
	if st.CacheReported {
		c.cacheReported = true
		c.cached += int64(st.CachedTokens)
	}
	switch {
	case err == nil:
		c.completed++
		c.generated += int64(max(st.GeneratedTokens, int(chunks)))
	case errors.Is(err, context.Canceled):
		c.generated += chunks
		c.wasted += chunks
	}
}

// ModelInfo forwards to the server, so that the engine picks the prompt
// format for the model.
func (b counting) ModelInfo(ctx context.Context, model string) (inference.ModelInfo, error) {
	mi, ok := inference.As[inference.ModelInspector](b.Backend)
	if !ok {
		return inference.ModelInfo{}, fmt.Errorf("%s: %w: no model information", b.Name(), inference.ErrUnsupported)
	}
	return mi.ModelInfo(ctx, model)
}
