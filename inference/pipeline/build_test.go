package pipeline_test

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.uber.org/zap/zaptest"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/internal/backendtest"
	"github.com/lspilot/lspilot/inference/pipeline"
	"github.com/lspilot/lspilot/inference/route"
	"github.com/lspilot/lspilot/inference/sched"
)

// replica is a server the OpenReplica hook hands to Build: it answers with
// its URL and records the slots it was sent.
type replica struct {
	cfg    inference.BackendConfig
	mu     sync.Mutex
	slots  []int // guarded by mu; -1 for none
	closed bool  // guarded by mu
}

func (r *replica) Name() string                         { return r.cfg.Name }
func (r *replica) Kind() inference.BackendKind          { return r.cfg.Kind }
func (r *replica) Capabilities() inference.Capabilities { return inference.Capabilities{Slots: 2} }

func (r *replica) Generate(_ context.Context, req *inference.Request, fn func(inference.Chunk) error) (inference.Stats, error) {
	r.mu.Lock()
	slot := -1
	if req.Slot != nil {
		slot = *req.Slot
	}
	r.slots = append(r.slots, slot)
	r.mu.Unlock()
	if err := fn(inference.Chunk{Text: r.cfg.URL}); err != nil {
		return inference.Stats{}, err
	}
	return inference.Stats{StopReason: inference.StopEOS, Slot: -1}, nil
}

func (r *replica) Warm(context.Context, *inference.Request) (inference.Stats, error) {
	return inference.Stats{Slot: -1}, nil
}

func (r *replica) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.closed = true
	return nil
}

// fleet opens replicas for Build and remembers them by URL.
type fleet struct {
	mu    sync.Mutex
	byURL map[string]*replica // guarded by mu
}

func (f *fleet) open(_ context.Context, cfg inference.BackendConfig) (inference.Backend, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.byURL == nil {
		f.byURL = make(map[string]*replica)
	}
	r := &replica{cfg: cfg}
	f.byURL[cfg.URL] = r
	return r, nil
}

// backend configures a backend of kind at url with replicas.
func backend(name string, kind inference.BackendKind, slots int, languages []string, urls ...string) pipeline.Backend {
	return pipeline.Backend{BackendConfig: inference.BackendConfig{Name: name, Kind: kind, URL: urls[0], Replicas: urls[1:],
		Model: "m", Languages: languages}, Slots: slots}
}

// stage is what a test checks of a pipeline.Stage.
type stage struct {
	Name      string
	Scheduler bool
	Router    bool
	Replicas  []string
}

func stages(p *pipeline.Pipeline) []stage {
	var out []stage
	for _, st := range p.Stages() {
		out = append(out, stage{Name: st.Name, Scheduler: st.Scheduler != nil, Router: st.Router != nil, Replicas: st.Replicas})
	}
	return out
}

func TestBuild(t *testing.T) {
	tests := []struct {
		name       string
		give       []pipeline.Backend
		opts       pipeline.Options
		want       []stage
		wantHolder bool
	}{
		{name: "a lone server is scheduled, not routed",
			give: []pipeline.Backend{backend("one", inference.KindOllama, 0, nil, "http://a")},
			want: []stage{{Name: "one", Scheduler: true}}},
		{name: "llama.cpp slots are routed per session",
			give: []pipeline.Backend{backend("llama", inference.KindLlamaCpp, 4, nil, "http://a")},
			want: []stage{{Name: "llama", Scheduler: true, Router: true, Replicas: []string{"llama"}}}, wantHolder: true},
		{name: "slots of other kinds are not pinned",
			give: []pipeline.Backend{backend("oai", inference.KindOpenAI, 4, nil, "http://a")},
			want: []stage{{Name: "oai", Scheduler: true}}},
		{name: "replicas are routed by prefix",
			give: []pipeline.Backend{backend("pool", inference.KindOpenAI, 0, nil, "http://a", "http://b")},
			want: []stage{{Name: "pool", Scheduler: true, Router: true, Replicas: []string{"pool#0", "pool#1"}}}, wantHolder: true},
		{name: "no warm holder for several backends",
			give: []pipeline.Backend{backend("go", inference.KindOpenAI, 0, []string{"go"}, "http://a", "http://b"),
				backend("any", inference.KindOllama, 0, nil, "http://c")},
			want: []stage{{Name: "go", Scheduler: true, Router: true, Replicas: []string{"go#0", "go#1"}}, {Name: "any", Scheduler: true}}},
		{name: "without scheduler",
			give: []pipeline.Backend{backend("pool", inference.KindOpenAI, 0, nil, "http://a", "http://b")},
			opts: pipeline.Options{NoScheduler: true},
			want: []stage{{Name: "pool", Router: true, Replicas: []string{"pool#0", "pool#1"}}}, wantHolder: true},
		{name: "a picker replaces the router",
			give: []pipeline.Backend{backend("llama", inference.KindLlamaCpp, 4, nil, "http://a", "http://b")},
			opts: pipeline.Options{Picker: func() route.Picker { return &route.RoundRobin{} }},
			want: []stage{{Name: "llama", Scheduler: true}}},
		{name: "a backend configured round-robin has no router",
			give: []pipeline.Backend{func() pipeline.Backend {
				b := backend("pool", inference.KindOpenAI, 0, nil, "http://a", "http://b")
				b.RoundRobin = true
				return b
			}()},
			want: []stage{{Name: "pool", Scheduler: true}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fleet{}
			tt.opts.OpenReplica, tt.opts.Logger = f.open, zaptest.NewLogger(t)
			p, err := pipeline.Build(context.Background(), pipeline.Config{Backends: tt.give}, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, stages(p)); diff != "" {
				t.Errorf("stages (-want +got):\n%s", diff)
			}
			if got := p.WarmHolder() != nil; got != tt.wantHolder {
				t.Errorf("WarmHolder() set = %v, want %v", got, tt.wantHolder)
			}
			for _, b := range p.Generator().All() {
				if _, ok := inference.As[inference.Warmer](b); !ok {
					t.Errorf("%s: the chain hides its replicas' warm-ups", b.Name())
				}
			}
			if err := p.Close(); err != nil {
				t.Fatal(err)
			}
			for u, r := range f.byURL {
				if !r.closed {
					t.Errorf("replica %s not closed", u)
				}
			}
		})
	}
}

// TestBuildGenerates sends requests through the chain: by language to the
// backend that serves it, through the round-robin picker to each replica,
// and to the pinned slot.
func TestBuildGenerates(t *testing.T) {
	f := &fleet{}
	slot := 1
	p, err := pipeline.Build(context.Background(), pipeline.Config{Backends: []pipeline.Backend{
		backend("go", inference.KindLlamaCpp, 0, []string{"go"}, "http://a", "http://b"),
		backend("any", inference.KindLlamaCpp, 0, nil, "http://c"),
	}}, pipeline.Options{Logger: zaptest.NewLogger(t), OpenReplica: f.open, PinSlot: &slot,
		Picker: func() route.Picker { return &route.RoundRobin{} }})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	var got []string
	for _, lang := range []string{"go", "go", "python"} {
		var text string
		_, _, err := p.Generator().Generate(context.Background(), lang, func(inference.Backend) (*inference.Request, error) {
			return &inference.Request{Prompt: fmt.Sprintf("p %d", len(got)), Lane: inference.LaneInline}, nil
		}, func(c inference.Chunk) error { text += c.Text; return nil })
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, text)
	}
	if diff := cmp.Diff([]string{"http://b", "http://a", "http://c"}, got); diff != "" {
		t.Errorf("answers (-want +got):\n%s", diff)
	}
	for u, r := range f.byURL {
		for _, s := range r.slots {
			if s != slot {
				t.Errorf("%s was sent slot %d, want %d", u, s, slot)
			}
		}
	}
}

func TestBuildSchedulerSlots(t *testing.T) {
	tests := []struct {
		name string
		give pipeline.Backend
		opts pipeline.Options
		want int
	}{
		{name: "slots of every replica", give: backend("l", inference.KindLlamaCpp, 3, nil, "http://a", "http://b"), want: 6},
		{name: "the backend's own when not configured", give: backend("l", inference.KindLlamaCpp, 0, nil, "http://a"), want: 2},
		{name: "overridden", give: backend("l", inference.KindLlamaCpp, 3, nil, "http://a", "http://b"),
			opts: pipeline.Options{SchedulerSlots: 5}, want: 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.OpenReplica = (&fleet{}).open
			p, err := pipeline.Build(context.Background(), pipeline.Config{Backends: []pipeline.Backend{tt.give},
				Scheduler: sched.Config{QueueLimit: 3}}, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			defer p.Close()
			if got := p.Stages()[0].Scheduler.Stats().Slots; got != tt.want {
				t.Errorf("scheduler slots = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestBuildRefusesInvalidConfig(t *testing.T) {
	_, err := pipeline.Build(context.Background(), pipeline.Config{Backends: []pipeline.Backend{
		{BackendConfig: inference.BackendConfig{Name: "a", URL: "http://x"}},
		{BackendConfig: inference.BackendConfig{Name: "a", URL: "ftp://y"}},
	}}, pipeline.Options{})
	want := "open backends: backends[1].name: \"a\" is also the name of backends[0]\nbackends[1].url: \"ftp://y\" must start with http:// or https://"
	if err == nil || err.Error() != want {
		t.Fatalf("Build() error =\n%v\nwant\n%s", err, want)
	}
}

// TestBuildFailsOverBetweenBackends: a backend that refuses connections
// passes the request to the next one that serves the language.
func TestBuildFailsOverBetweenBackends(t *testing.T) {
	live := backendtest.NewServer(t, func(w http.ResponseWriter, r *http.Request) {
		backendtest.Write(w, "text/event-stream", `data: {"choices":[{"index":0,"text":"ok","finish_reason":"stop"}]}`+"\n\ndata: [DONE]\n\n")
	})
	down := backend("down", inference.KindOpenAI, 0, nil, refusedURL(t))
	down.Retries = -1
	up := backend("up", inference.KindOpenAI, 0, nil, live.URL)
	p, err := pipeline.Build(context.Background(), pipeline.Config{Backends: []pipeline.Backend{down, up}},
		pipeline.Options{Logger: zaptest.NewLogger(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	text, _, err := inference.StreamChat(context.Background(), p.Generator(), "go", inference.Request{Prompt: "p"}, 100, nil)
	if err != nil || text != "ok" {
		t.Errorf("StreamChat() = %q, %v", text, err)
	}
}
