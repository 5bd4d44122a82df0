package edit

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"go.uber.org/goleak"

	"github.com/lspilot/lspilot/inference"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// fakeGen streams scripted answers, one per call, and records the requests.
type fakeGen struct {
	mu        sync.Mutex
	answers   []answer
	requests  []*inference.Request
	delivered int // bytes handed to the callback, over all calls
}

// answer is one scripted generation.
type answer struct {
	chunks []string
	hang   bool  // after the chunks, wait for the context
	err    error // returned after the chunks
}

// says returns an answer streamed in chunks of at most n bytes.
func says(text string, n int) answer {
	var a answer
	for len(text) > n {
		a.chunks = append(a.chunks, text[:n])
		text = text[n:]
	}
	if text != "" {
		a.chunks = append(a.chunks, text)
	}
	return a
}

func (f *fakeGen) Generate(ctx context.Context, _ string, build func(inference.Backend) (*inference.Request, error),
	fn func(inference.Chunk) error) (inference.Backend, inference.Stats, error) {
	req, err := build(nil)
	if err != nil {
		return nil, inference.Stats{}, err
	}
	if err := req.Validate(); err != nil {
		return nil, inference.Stats{}, err
	}
	f.mu.Lock()
	f.requests = append(f.requests, req)
	var a answer
	if len(f.answers) > 0 {
		a, f.answers = f.answers[0], f.answers[1:]
	}
	f.mu.Unlock()
	for _, c := range a.chunks {
		if err := ctx.Err(); err != nil {
			return nil, inference.Stats{}, err
		}
		f.mu.Lock()
		f.delivered += len(c)
		f.mu.Unlock()
		if err := fn(inference.Chunk{Text: c}); err != nil {
			if errors.Is(err, inference.ErrStop) {
				return nil, inference.Stats{StopReason: inference.StopClient}, nil
			}
			return nil, inference.Stats{}, err
		}
	}
	if a.hang {
		<-ctx.Done()
		return nil, inference.Stats{}, ctx.Err()
	}
	return nil, inference.Stats{StopReason: inference.StopEOS}, a.err
}

// calls returns the requests made so far.
func (f *fakeGen) calls() []*inference.Request {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]*inference.Request(nil), f.requests...)
}

// user returns the last user turn of request i.
func (f *fakeGen) user(i int) string {
	reqs := f.calls()
	m := reqs[i].Messages
	return m[len(m)-1].Content
}

// at returns the offset of needle in text.
func at(t testing.TB, text, needle string) int {
	t.Helper()
	i := strings.Index(text, needle)
	if i < 0 {
		t.Fatalf("%q not in text", needle)
	}
	return i
}
