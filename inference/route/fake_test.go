package route

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/clock"
)

// start is where virtual clocks begin.
var start = time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC)

// fakeServer is a scripted replica that records what it was sent.
type fakeServer struct {
	name string

	mu      sync.Mutex
	err     error                                   // guarded by mu; every request fails with it
	pingErr error                                   // guarded by mu
	cache   func(req *inference.Request) (int, int) // guarded by mu; cached and prompt tokens to report
	entered chan struct{}                           // guarded by mu; told when a request arrives
	release chan struct{}                           // guarded by mu; requests wait on it
	calls   int                                     // guarded by mu
	pings   int                                     // guarded by mu
	slots   []int                                   // guarded by mu; Slot of each request, -1 when unset
	pinged  chan string                             // told of each ping when set
}

func (f *fakeServer) Name() string                { return f.name }
func (f *fakeServer) Kind() inference.BackendKind { return inference.KindLlamaCpp }
func (f *fakeServer) Capabilities() inference.Capabilities {
	return inference.Capabilities{CacheCounters: true}
}

func (f *fakeServer) Generate(ctx context.Context, req *inference.Request, fn func(inference.Chunk) error) (inference.Stats, error) {
	f.mu.Lock()
	f.calls++
	slot := -1
	if req.Slot != nil {
		slot = *req.Slot
	}
	f.slots = append(f.slots, slot)
	err, cache, entered, release := f.err, f.cache, f.entered, f.release
	f.mu.Unlock()
	if entered != nil {
		entered <- struct{}{}
	}
	if release != nil {
		select {
		case <-release:
		case <-ctx.Done():
			return inference.Stats{}, ctx.Err()
		}
	}
	if err != nil {
		return inference.Stats{}, err
	}
	st := inference.Stats{StopReason: inference.StopEOS, Slot: slot}
	if cache != nil {
		st.CachedTokens, st.PromptTokens = cache(req)
		st.CacheReported = true
	}
	return st, fn(inference.Chunk{Text: f.name})
}

func (f *fakeServer) Warm(ctx context.Context, req *inference.Request) (inference.Stats, error) {
	return f.Generate(ctx, req, func(inference.Chunk) error { return nil })
}

func (f *fakeServer) Ping(ctx context.Context) (inference.ServerInfo, error) {
	f.mu.Lock()
	f.pings++
	err := f.pingErr
	f.mu.Unlock()
	if f.pinged != nil {
		f.pinged <- f.name
	}
	if err == errHang {
		<-ctx.Done()
		return inference.ServerInfo{}, ctx.Err()
	}
	return inference.ServerInfo{}, err
}

func (f *fakeServer) set(fn func(f *fakeServer)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	fn(f)
}

func (f *fakeServer) counts() (calls, pings int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls, f.pings
}

// errHang makes Ping wait for its context.
var errHang = &inference.BackendError{Kind: inference.ErrStalled}

var (
	origin      = inference.Origin{Backend: "fake"}
	unavailable = origin.HTTPError(503, nil, "busy")
	badRequest  = origin.HTTPError(400, nil, "no")
)

// servers returns n fake replicas, as fakes and as backends.
func servers(n int) ([]*fakeServer, []inference.Backend) {
	fakes := make([]*fakeServer, n)
	bs := make([]inference.Backend, n)
	for i := range fakes {
		fakes[i] = &fakeServer{name: string(rune('a' + i))}
		bs[i] = fakes[i]
	}
	return fakes, bs
}

// file returns a FIM request on a file whose text is name repeated, with the
// cursor after typed.
func file(name, typed string) *inference.Request {
	return &inference.Request{Prompt: strings.Repeat(name+" := 1\n", 40) + typed, Suffix: "\n}\n"}
}

// virtual returns a virtual clock at start.
func virtual() *clock.Virtual { return clock.NewVirtual(start) }
