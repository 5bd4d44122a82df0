package sched

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/lspilot/lspilot/inference"
)

// full is a fake with every optional interface.
type full struct {
	fake
	warmed int
}

func (f *full) Warm(context.Context, *inference.Request) (inference.Stats, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.warmed++
	return inference.Stats{Model: "m", StopReason: inference.StopMaxTokens, Slot: -1}, nil
}

func (f *full) Tokenize(_ context.Context, text string) ([]int, error) { return []int{len(text)}, nil }

func (f *full) ModelInfo(_ context.Context, model string) (inference.ModelInfo, error) {
	return inference.ModelInfo{Name: model}, nil
}

func (f *full) Ping(context.Context) (inference.ServerInfo, error) {
	return inference.ServerInfo{Version: "1"}, nil
}

// pinger is a fake that only answers pings.
type pinger struct{ fake }

func (*pinger) Ping(context.Context) (inference.ServerInfo, error) {
	return inference.ServerInfo{Version: "2"}, nil
}

// implements lists the optional abilities inference.As finds in b.
func implements(b inference.Backend) []string {
	var got []string
	if _, ok := inference.As[inference.Warmer](b); ok {
		got = append(got, "warmer")
	}
	if _, ok := inference.As[inference.Tokenizer](b); ok {
		got = append(got, "tokenizer")
	}
	if _, ok := inference.As[inference.ModelInspector](b); ok {
		got = append(got, "inspector")
	}
	if _, ok := inference.As[inference.Pinger](b); ok {
		got = append(got, "pinger")
	}
	return got
}

// asserted lists the optional interfaces b's own type implements.
func asserted(b inference.Backend) []string {
	var got []string
	if _, ok := b.(inference.Warmer); ok {
		got = append(got, "warmer")
	}
	if _, ok := b.(inference.Tokenizer); ok {
		got = append(got, "tokenizer")
	}
	if _, ok := b.(inference.ModelInspector); ok {
		got = append(got, "inspector")
	}
	if _, ok := b.(inference.Pinger); ok {
		got = append(got, "pinger")
	}
	return got
}

func TestOptionalInterfaces(t *testing.T) {
	tests := []struct {
		name string
		give inference.Backend
		want []string
	}{
		{name: "none", give: &fake{}},
		{name: "ping only", give: &pinger{}, want: []string{"pinger"}},
		{name: "all", give: &full{}, want: []string{"warmer", "tokenizer", "inspector", "pinger"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := newTest(t, tt.give, Config{})
			if diff := cmp.Diff(tt.want, implements(s)); diff != "" {
				t.Errorf("interfaces (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff([]string(nil), asserted(s)); diff != "" {
				t.Errorf("*Scheduler itself (-want +got):\n%s", diff)
			}
		})
	}
}

func TestOptionalInterfacesForward(t *testing.T) {
	f := &full{}
	s, _ := newTest(t, f, Config{})
	ctx := context.Background()
	w, _ := inference.As[inference.Warmer](s)
	if st, err := w.Warm(ctx, req("p", "s", inference.LaneInline)); err != nil || st.StopReason != inference.StopMaxTokens {
		t.Errorf("Warm = %+v, %v", st, err)
	}
	if got := lane(s, inference.LaneWarmup); got.Admitted != 1 || got.Started != 1 {
		t.Errorf("warm-up lane admitted, started = %d, %d, want 1, 1", got.Admitted, got.Started)
	}
	if toks, err := must[inference.Tokenizer](t, s).Tokenize(ctx, "abc"); err != nil || len(toks) != 1 || toks[0] != 3 {
		t.Errorf("Tokenize = %v, %v", toks, err)
	}
	if mi, err := must[inference.ModelInspector](t, s).ModelInfo(ctx, "coder"); err != nil || mi.Name != "coder" {
		t.Errorf("ModelInfo = %+v, %v", mi, err)
	}
	if si, err := must[inference.Pinger](t, s).Ping(ctx); err != nil || si.Version != "1" {
		t.Errorf("Ping = %+v, %v", si, err)
	}
	if s.Name() != "fake" || s.Kind() != inference.KindOllama {
		t.Errorf("Name, Kind = %q, %q", s.Name(), s.Kind())
	}
	if f.warmed != 1 {
		t.Errorf("warmed = %d, want 1", f.warmed)
	}
}

// must returns b's ability T, failing the test without it.
func must[T any](t *testing.T, b inference.Backend) T {
	t.Helper()
	v, ok := inference.As[T](b)
	if !ok {
		t.Fatalf("%s lacks the ability", b.Name())
	}
	return v
}

func TestSlots(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		kind inference.BackendKind
		caps int
		want int
	}{
		{name: "configured", cfg: Config{Slots: 3}, caps: 8, want: 3},
		{name: "reported by the backend", caps: 6, want: 6},
		{name: "ollama unknown", kind: inference.KindOllama, want: 1},
		{name: "llama.cpp unknown", kind: inference.KindLlamaCpp, want: 1},
		{name: "openai-compatible unknown", kind: inference.KindOpenAI, want: 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fake{kind: tt.kind, caps: inference.Capabilities{Slots: tt.caps}}
			s, _ := newTest(t, f, tt.cfg)
			if got := s.Stats().Slots; got != tt.want {
				t.Errorf("slots = %d, want %d", got, tt.want)
			}
		})
	}
}
