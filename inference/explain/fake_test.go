package explain

import (
	"context"
	"sync"
	"time"

	"github.com/lspilot/lspilot/inference"
)

// fakeGen streams scripted replies and records the requests.
type fakeGen struct {
	mu       sync.Mutex
	replies  []reply
	requests []*inference.Request
}

type reply struct {
	chunks []string
	gap    time.Duration // wait before each chunk
	hang   bool          // after the chunks, wait for the context
	err    error
}

func (f *fakeGen) Generate(ctx context.Context, _ string, build func(inference.Backend) (*inference.Request, error),
	fn func(inference.Chunk) error) (inference.Backend, inference.Stats, error) {
	req, err := build(nil)
	if err != nil {
		return nil, inference.Stats{}, err
	}
	f.mu.Lock()
	f.requests = append(f.requests, req)
	r := reply{chunks: []string{"An answer."}}
	if len(f.replies) > 0 {
		r, f.replies = f.replies[0], f.replies[1:]
	}
	f.mu.Unlock()
	for _, c := range r.chunks {
		if r.gap > 0 {
			select {
			case <-time.After(r.gap):
			case <-ctx.Done():
				return nil, inference.Stats{}, ctx.Err()
			}
		}
		if err := fn(inference.Chunk{Text: c}); err != nil {
			if err == inference.ErrStop {
				return nil, inference.Stats{}, nil
			}
			return nil, inference.Stats{}, err
		}
	}
	if r.hang {
		<-ctx.Done()
		return nil, inference.Stats{}, ctx.Err()
	}
	return nil, inference.Stats{}, r.err
}

func (f *fakeGen) calls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.requests)
}

func (f *fakeGen) lastUser() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	m := f.requests[len(f.requests)-1].Messages
	return m[len(m)-1].Content
}
