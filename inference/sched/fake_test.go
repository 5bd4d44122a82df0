package sched

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/zap/zaptest"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/clock"
)

// fake is a scripted backend. Every call is recorded; with hold set a call
// streams a chunk only when its gate lets it (a send for one chunk, close
// for all), else it streams at once. A call's text is its prompt's reply:
// the chunks "<prompt>", ":", "done" unless replies says otherwise.
type fake struct {
	hold    bool
	caps    inference.Capabilities
	kind    inference.BackendKind
	replies map[string][]string             // by prompt
	fail    map[string]error                // by prompt, returned after the chunks
	stops   map[string]inference.StopReason // by prompt, the reason reported; StopEOS when unset

	mu    sync.Mutex
	calls []*call
}

// call is one Generate or GenerateBatch the fake received.
type call struct {
	req     inference.Request
	prompts []string      // the batch's prompts; nil for Generate
	gate    chan struct{} // nil unless the fake holds
	gone    chan struct{} // closed when the call saw its context end
	rid     string        // the request id of its context
}

func (f *fake) Name() string { return "fake" }
func (f *fake) Kind() inference.BackendKind {
	if f.kind == "" {
		return inference.KindOllama
	}
	return f.kind
}
func (f *fake) Capabilities() inference.Capabilities { return f.caps }

func (f *fake) record(ctx context.Context, req *inference.Request, prompts []string) *call {
	c := &call{req: *req, prompts: prompts, gone: make(chan struct{}), rid: inference.RequestID(ctx)}
	if f.hold {
		c.gate = make(chan struct{})
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, c)
	return c
}

func (f *fake) chunks(prompt string) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	if r, ok := f.replies[prompt]; ok {
		return r
	}
	return []string{prompt, ":", "done"}
}

func (f *fake) failure(prompt string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.fail[prompt]
}

// step waits for c's gate before a chunk, false when ctx ended first.
func (c *call) step(ctx context.Context) bool {
	if c.gate == nil {
		return ctx.Err() == nil
	}
	select {
	case <-c.gate:
		return true
	case <-ctx.Done():
		return false
	}
}

func (f *fake) Generate(ctx context.Context, req *inference.Request, fn func(inference.Chunk) error) (inference.Stats, error) {
	c := f.record(ctx, req, nil)
	for _, text := range f.chunks(req.Prompt) {
		if !c.step(ctx) {
			close(c.gone)
			return inference.Stats{Slot: -1}, ctx.Err()
		}
		if err := fn(inference.Chunk{Text: text}); err != nil {
			if errors.Is(err, inference.ErrStop) {
				return inference.Stats{Model: "m", StopReason: inference.StopClient, Slot: -1}, nil
			}
			return inference.Stats{Slot: -1}, err
		}
	}
	if err := f.failure(req.Prompt); err != nil {
		return inference.Stats{Slot: -1}, err
	}
	stop := inference.StopEOS
	if r, ok := f.stops[req.Prompt]; ok {
		stop = r
	}
	return inference.Stats{Model: "m", PromptTokens: 7, GeneratedTokens: 3, StopReason: stop, Slot: -1}, nil
}

// batchFake is a fake that also takes prompt batches, streaming the prompts'
// chunks in turn; ErrStop for a prompt ends that prompt only.
type batchFake struct{ fake }

func (f *batchFake) GenerateBatch(ctx context.Context, req *inference.Request, prompts []string, fn func(int, inference.Chunk) error) ([]inference.Stats, error) {
	c := f.record(ctx, req, prompts)
	sts := make([]inference.Stats, len(prompts))
	replies := make([][]string, len(prompts))
	for i, p := range prompts {
		replies[i] = f.chunks(p)
		sts[i] = inference.Stats{Model: "m", StopReason: inference.StopEOS, Slot: -1}
	}
	for step := 0; ; step++ {
		more := false
		for i, r := range replies {
			if step >= len(r) || sts[i].StopReason == inference.StopClient {
				continue
			}
			more = true
			if !c.step(ctx) {
				close(c.gone)
				return sts, ctx.Err()
			}
			if err := fn(i, inference.Chunk{Text: r[step]}); err != nil {
				if !errors.Is(err, inference.ErrStop) {
					return sts, err
				}
				sts[i].StopReason = inference.StopClient
			}
		}
		if !more {
			return sts, nil
		}
	}
}

func (f *fake) callList() []*call {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]*call(nil), f.calls...)
}

// prompts returns the prompts of the calls so far, in order.
func (f *fake) prompts() []string {
	var ps []string
	for _, c := range f.callList() {
		if c.prompts != nil {
			ps = append(ps, strings.Join(c.prompts, "+"))
		} else {
			ps = append(ps, c.req.Prompt)
		}
	}
	return ps
}

// waitCalls waits until the fake has received n calls and returns them.
func (f *fake) waitCalls(t *testing.T, n int) []*call {
	t.Helper()
	eventually(t, func() bool { return len(f.callList()) >= n })
	return f.callList()
}

// eventually waits for cond, which other goroutines make true; it fails
// the test if that takes ten seconds, which only a bug can cause.
func eventually(t *testing.T, cond func() bool) {
	t.Helper()
	give := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(give) {
			t.Fatal("condition never held")
		}
		runtime.Gosched()
	}
}

// result is what one Generate call returned.
type result struct {
	text string
	st   inference.Stats
	err  error
}

// caller runs Generate for req in the background.
type caller struct {
	cancel context.CancelFunc
	done   chan result
}

func start(s inference.Backend, req *inference.Request) *caller {
	ctx, cancel := context.WithCancel(context.Background())
	c := &caller{cancel: cancel, done: make(chan result, 1)}
	go func() {
		var b strings.Builder
		st, err := s.Generate(ctx, req, func(ch inference.Chunk) error {
			b.WriteString(ch.Text)
			return nil
		})
		c.done <- result{b.String(), st, err}
	}()
	return c
}

// wait returns the call's result.
func (c *caller) wait(t *testing.T) result {
	t.Helper()
	defer c.cancel()
	select {
	case r := <-c.done:
		return r
	case <-time.After(10 * time.Second):
		t.Fatal("Generate never returned")
		return result{}
	}
}

// newTest returns a scheduler over f on a virtual clock, closed at the end
// of the test.
func newTest(t *testing.T, f inference.Backend, cfg Config) (*Scheduler, *clock.Virtual) {
	v := clock.NewVirtual(time.Unix(1_700_000_000, 0))
	cfg.Clock = v
	cfg.Logger = zaptest.NewLogger(t)
	s := New(f, cfg)
	t.Cleanup(s.Close)
	return s, v
}

// req returns an inline request for prompt from session.
func req(prompt, session string, lane inference.Lane) *inference.Request {
	return &inference.Request{Model: "m", Prompt: prompt, Raw: true, Lane: lane, Session: session}
}

// lane returns the stats of lane l.
func lane(s *Scheduler, l inference.Lane) LaneStats { return s.Stats().Lanes[l] }

// queued returns the number of waiting admission units.
func queued(s *Scheduler) int {
	n := 0
	for _, l := range s.Stats().Lanes {
		n += l.Queued
	}
	return n
}
