package route_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/internal/backendtest"
	"github.com/lspilot/lspilot/inference/route"
)

// fake is a scripted backend.
type fake struct {
	name    string
	err     error
	partial bool
	calls   int
	prompts []string
}

func (f *fake) Name() string                         { return f.name }
func (f *fake) Kind() inference.BackendKind          { return inference.KindOpenAI }
func (f *fake) Capabilities() inference.Capabilities { return inference.Capabilities{} }
func (f *fake) Generate(ctx context.Context, req *inference.Request, fn func(inference.Chunk) error) (inference.Stats, error) {
	f.calls++
	f.prompts = append(f.prompts, req.Prompt)
	if f.partial {
		if err := fn(inference.Chunk{Text: "half"}); err != nil {
			return inference.Stats{}, err
		}
	}
	if f.err != nil {
		return inference.Stats{}, f.err
	}
	if err := fn(inference.Chunk{Text: f.name}); err != nil {
		return inference.Stats{}, err
	}
	return inference.Stats{StopReason: inference.StopEOS}, nil
}

var (
	o           = inference.Origin{Backend: "f"}
	unavailable = o.HTTPError(503, nil, "busy")
	notFound    = o.HTTPError(404, nil, "model 'm' not found")
)

func TestGroup(t *testing.T) {
	tests := []struct {
		name      string
		give      []*fake
		want      string
		wantErr   error
		wantCalls []int
	}{
		{name: "first works", give: []*fake{{name: "a"}, {name: "b"}}, want: "aa", wantCalls: []int{2, 0}},
		{name: "fails over and sticks", give: []*fake{{name: "a", err: unavailable}, {name: "b"}}, want: "bb", wantCalls: []int{1, 2}},
		{name: "no failover for a missing model", give: []*fake{{name: "a", err: notFound}, {name: "b"}},
			wantErr: inference.ErrModelNotFound, wantCalls: []int{2, 0}},
		// The first request fails after text, so the picker moves on for
		// the second.
		{name: "no failover after text", give: []*fake{{name: "a", err: unavailable, partial: true}, {name: "b"}},
			want: "halfb", wantCalls: []int{1, 1}},
		{name: "all fail", give: []*fake{{name: "a", err: unavailable}, {name: "b", err: unavailable}},
			wantErr: inference.ErrUnavailable, wantCalls: []int{2, 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			replicas := make([]inference.Backend, len(tt.give))
			for i, f := range tt.give {
				replicas[i] = f
			}
			g := route.NewGroup("g", replicas, nil)
			var got string
			var err error
			for range 2 {
				var text string
				text, _, err = backendtest.Generate(context.Background(), g, &inference.Request{Prompt: "p"})
				got += text
			}
			if !errors.Is(err, tt.wantErr) || got != tt.want {
				t.Errorf("Generate() = %q, %v; want %q, %v", got, err, tt.want, tt.wantErr)
			}
			calls := []int{tt.give[0].calls, tt.give[1].calls}
			if diff := cmp.Diff(tt.wantCalls, calls); diff != "" {
				t.Errorf("calls (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSet(t *testing.T) {
	goBackend := &fake{name: "go", err: unavailable}
	pyBackend := &fake{name: "py"}
	anyBackend := &fake{name: "any"}
	s := route.NewSet(
		route.Entry{Backend: anyBackend},
		route.Entry{Backend: goBackend, Languages: []string{"go"}},
		route.Entry{Backend: pyBackend, Languages: []string{"python"}},
	)
	names := func(bs []inference.Backend) []string {
		var out []string
		for _, b := range bs {
			out = append(out, b.Name())
		}
		return out
	}
	if diff := cmp.Diff([]string{"go", "any"}, names(s.For("go"))); diff != "" {
		t.Errorf("For(go) (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"any"}, names(s.For("rust"))); diff != "" {
		t.Errorf("For(rust) (-want +got):\n%s", diff)
	}
	build := func(b inference.Backend) (*inference.Request, error) {
		return &inference.Request{Prompt: "for " + b.Name()}, nil
	}
	var text string
	b, _, err := s.Generate(context.Background(), "go", build, func(c inference.Chunk) error { text += c.Text; return nil })
	if err != nil || b.Name() != "any" || text != "any" {
		t.Errorf("Generate(go) = %v, %q, %v; want the fallback", b, text, err)
	}
	if diff := cmp.Diff([]string{"for go"}, goBackend.prompts); diff != "" {
		t.Errorf("go backend prompts (-want +got):\n%s", diff)
	}
	if s.Backend("py") != pyBackend || s.Backend("nope") != nil {
		t.Error("Backend() by name is wrong")
	}
	empty := route.NewSet(route.Entry{Backend: pyBackend, Languages: []string{"python"}})
	if _, _, err := empty.Generate(context.Background(), "go", build, nil); !errors.Is(err, route.ErrNoBackend) {
		t.Errorf("Generate(go) on a python-only set = %v, want ErrNoBackend", err)
	}
}

// tracker records the attempts a Group reports and pins each attempt's
// request copy to its replica through Slot.
type tracker struct {
	route.Sticky
	events   []string
	observed int
}

func (tr *tracker) Observe(int, inference.Stats, error) { tr.observed++ }

func (tr *tracker) Start(replica int, req *inference.Request) *inference.Request {
	sent := *req
	sent.Slot = &replica
	tr.events = append(tr.events, fmt.Sprintf("start %d %s", replica, req.Prompt))
	return &sent
}

func (tr *tracker) Done(replica int, req *inference.Request, _ inference.Stats, err error) {
	tr.events = append(tr.events, fmt.Sprintf("done %d slot=%d err=%t", replica, *req.Slot, err != nil))
	tr.Sticky.Observe(replica, inference.Stats{}, err)
}

// warmFake is a fake that warms and records the slots it was sent.
type warmFake struct {
	fake
	slots []int
}

func (f *warmFake) Generate(ctx context.Context, req *inference.Request, fn func(inference.Chunk) error) (inference.Stats, error) {
	f.slots = append(f.slots, *req.Slot)
	return f.fake.Generate(ctx, req, fn)
}

func (f *warmFake) Warm(_ context.Context, req *inference.Request) (inference.Stats, error) {
	f.slots = append(f.slots, *req.Slot)
	return inference.Stats{}, nil
}

func TestGroupTracker(t *testing.T) {
	a := &warmFake{fake: fake{name: "a", err: unavailable}}
	b := &warmFake{fake: fake{name: "b"}}
	tr := &tracker{}
	g := route.NewGroup("g", []inference.Backend{a, b}, tr)
	req := &inference.Request{Prompt: "p"}
	text, _, err := backendtest.Generate(context.Background(), g, req)
	if err != nil || text != "b" {
		t.Fatalf("Generate() = %q, %v; want b", text, err)
	}
	if _, err := g.Warm(context.Background(), &inference.Request{Prompt: "w"}); err != nil {
		t.Fatalf("Warm() = %v", err)
	}
	want := []string{"start 0 p", "done 0 slot=0 err=true", "start 1 p", "done 1 slot=1 err=false", "start 1 w", "done 1 slot=1 err=false"}
	if diff := cmp.Diff(want, tr.events); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
	if tr.observed != 0 {
		t.Errorf("Observe called %d times on a Tracker, want 0", tr.observed)
	}
	if req.Slot != nil {
		t.Error("the caller's request was modified")
	}
	if diff := cmp.Diff([][]int{{0}, {1, 1}}, [][]int{a.slots, b.slots}); diff != "" {
		t.Errorf("slots sent (-want +got):\n%s", diff)
	}
}

// batchFake answers a prompt batch with each prompt's index, or fails.
type batchFake struct {
	fake
	batches [][]string
}

func (f *batchFake) GenerateBatch(_ context.Context, _ *inference.Request, prompts []string, fn func(int, inference.Chunk) error) ([]inference.Stats, error) {
	f.batches = append(f.batches, prompts)
	if f.err != nil {
		return nil, f.err
	}
	sts := make([]inference.Stats, len(prompts))
	for i := range prompts {
		if err := fn(i, inference.Chunk{Text: fmt.Sprintf("%s%d", f.name, i)}); err != nil {
			return nil, err
		}
		sts[i].StopReason = inference.StopEOS
	}
	return sts, nil
}

// TestGroupBatch: a prompt batch goes to one replica, moves on when that
// one cannot take it, and the tracker hears of every prompt.
func TestGroupBatch(t *testing.T) {
	plain := &fake{name: "plain"}
	down := &batchFake{fake: fake{name: "down", err: unavailable}}
	up := &batchFake{fake: fake{name: "up"}}
	tr := &tracker{}
	g := route.NewGroup("g", []inference.Backend{plain, down, up}, tr)
	var got []string
	sts, err := g.GenerateBatch(context.Background(), &inference.Request{}, []string{"p", "q"}, func(i int, c inference.Chunk) error {
		got = append(got, fmt.Sprintf("%d:%s", i, c.Text))
		return nil
	})
	if err != nil || len(sts) != 2 {
		t.Fatalf("GenerateBatch() = %+v, %v", sts, err)
	}
	if diff := cmp.Diff([]string{"0:up0", "1:up1"}, got); diff != "" {
		t.Errorf("chunks (-want +got):\n%s", diff)
	}
	if len(down.batches) != 1 || len(up.batches) != 1 || plain.calls != 0 {
		t.Errorf("batches: down %v, up %v, plain %d calls", down.batches, up.batches, plain.calls)
	}
	want := []string{"start 1 p", "start 1 q", "done 1 slot=1 err=true", "done 1 slot=1 err=true",
		"start 2 p", "start 2 q", "done 2 slot=2 err=false", "done 2 slot=2 err=false"}
	if diff := cmp.Diff(want, tr.events); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
	if _, err := g.GenerateBatch(context.Background(), &inference.Request{}, nil, nil); err != nil {
		t.Errorf("empty batch: %v", err)
	}
}
