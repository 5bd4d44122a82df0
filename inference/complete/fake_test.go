package complete

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/prompt"
	"github.com/lspilot/lspilot/inference/route"
)

// fakeBackend streams scripted answers. A reply's chunks are sent one by
// one; a reply with hold set waits for release before streaming.
type fakeBackend struct {
	mu         sync.Mutex
	replies    []reply
	requests   []*inference.Request
	aborted    int
	chunksSent int
	started    chan struct{}
}

func (f *fakeBackend) streamedChunks() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.chunksSent
}

type reply struct {
	chunks    []string
	hold      chan struct{} // nil streams at once
	holdAfter int           // chunks sent before waiting for hold
	err       error
}

func newFake(replies ...reply) *fakeBackend {
	return &fakeBackend{replies: replies, started: make(chan struct{}, 16)}
}

func (f *fakeBackend) Name() string                { return "fake" }
func (f *fakeBackend) Kind() inference.BackendKind { return inference.KindOllama }
func (f *fakeBackend) Capabilities() inference.Capabilities {
	return inference.Capabilities{NativeFIM: true}
}

func (f *fakeBackend) ModelInfo(context.Context, string) (inference.ModelInfo, error) {
	return inference.ModelInfo{Name: "qwen2.5-coder:1.5b-base", Template: "<|fim_prefix|>{{ .Prompt }}<|fim_suffix|>{{ .Suffix }}<|fim_middle|>"}, nil
}

func (f *fakeBackend) Generate(ctx context.Context, req *inference.Request, fn func(inference.Chunk) error) (inference.Stats, error) {
	f.mu.Lock()
	f.requests = append(f.requests, req)
	r := reply{chunks: []string{""}}
	if len(f.replies) > 0 {
		r, f.replies = f.replies[0], f.replies[1:]
	}
	f.mu.Unlock()
	f.started <- struct{}{}
	if r.err != nil {
		return inference.Stats{}, r.err
	}
	for i, c := range r.chunks {
		if i == r.holdAfter && r.hold != nil {
			select {
			case <-r.hold:
			case <-ctx.Done():
				f.abort()
				return inference.Stats{}, ctx.Err()
			}
		}
		if ctx.Err() != nil {
			f.abort()
			return inference.Stats{}, ctx.Err()
		}
		if c == "" {
			continue
		}
		f.mu.Lock()
		f.chunksSent++
		f.mu.Unlock()
		if err := fn(inference.Chunk{Text: c}); err != nil {
			if err == inference.ErrStop {
				return inference.Stats{StopReason: inference.StopClient}, nil
			}
			return inference.Stats{}, err
		}
	}
	return inference.Stats{}, nil
}

func (f *fakeBackend) abort() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.aborted++
}

func (f *fakeBackend) calls() (n, aborted int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.requests), f.aborted
}

// greedyCalls counts the requests that were not alternatives' samples.
func (f *fakeBackend) greedyCalls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, r := range f.requests {
		if r.Options.Seed == nil {
			n++
		}
	}
	return n
}

func (f *fakeBackend) prompt(i int) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.requests[i].Prompt
}

// newTestEngine returns an engine over f with no debounce wait.
// single serves every language from b.
func single(b inference.Backend) *route.Set { return route.NewSet(route.Entry{Backend: b}) }

func newTestEngine(t *testing.T, f *fakeBackend) *Engine {
	e := New(single(f), Config{Prompt: prompt.Options{Counter: prompt.Estimate{}}}, nil)
	e.sleep = func(ctx context.Context, _ time.Duration) error { return ctx.Err() }
	t.Cleanup(e.Close)
	return e
}

// at returns a request for text with the cursor at the "|" marker.
func at(text string) Request {
	i := strings.Index(text, "|")
	return Request{Session: "s", URI: "file:///a.go", Path: "a.go", Language: "go", Text: text[:i] + text[i+1:], Cursor: i}
}
