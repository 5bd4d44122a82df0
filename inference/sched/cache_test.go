package sched

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/lspilot/lspilot/inference"
)

// op is one request of a cache scenario, after advancing the clock.
type op struct {
	advance time.Duration
	prompt  string
	lane    inference.Lane
}

func TestCache(t *testing.T) {
	failure := errors.New("boom")
	tests := []struct {
		name     string
		cfg      Config
		fail     map[string]error
		stops    map[string]inference.StopReason
		ops      []op
		want     []string // prompts the backend received
		wantHits int64
	}{
		{name: "hit after a complete generation", ops: []op{{prompt: "a"}, {prompt: "a"}},
			want: []string{"a"}, wantHits: 1},
		{name: "no hit after an error", fail: map[string]error{"a": failure},
			ops: []op{{prompt: "a"}, {prompt: "a"}}, want: []string{"a", "a"}},
		{name: "no hit after an answer cut by its time budget", stops: map[string]inference.StopReason{"a": inference.StopBudget},
			ops: []op{{prompt: "a"}, {prompt: "a"}}, want: []string{"a", "a"}},
		{name: "no hit after a load-only request", stops: map[string]inference.StopReason{"a": inference.StopLoad},
			ops: []op{{prompt: "a"}, {prompt: "a"}}, want: []string{"a", "a"}},
		{name: "hit after an answer at its token limit", stops: map[string]inference.StopReason{"a": inference.StopMaxTokens},
			ops: []op{{prompt: "a"}, {prompt: "a"}}, want: []string{"a"}, wantHits: 1},
		{name: "alive until the TTL", ops: []op{{prompt: "a"}, {advance: DefaultCacheTTL - time.Nanosecond, prompt: "a"}},
			want: []string{"a"}, wantHits: 1},
		{name: "expired at the TTL", ops: []op{{prompt: "a"}, {advance: DefaultCacheTTL, prompt: "a"}},
			want: []string{"a", "a"}},
		{name: "configured TTL", cfg: Config{CacheTTL: time.Second},
			ops: []op{{prompt: "a"}, {advance: time.Second, prompt: "a"}}, want: []string{"a", "a"}},
		{name: "least recently used out first", cfg: Config{CacheSize: 2},
			ops:  []op{{prompt: "a"}, {prompt: "b"}, {prompt: "a"}, {prompt: "c"}, {prompt: "a"}, {prompt: "b"}},
			want: []string{"a", "b", "c", "b"}, wantHits: 2},
		{name: "warm-up neither reads nor fills it",
			ops:  []op{{prompt: "a", lane: inference.LaneWarmup}, {prompt: "a", lane: inference.LaneWarmup}},
			want: []string{"a", "a"}},
		{name: "off", cfg: Config{CacheSize: -1}, ops: []op{{prompt: "a"}, {prompt: "a"}}, want: []string{"a", "a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fake{fail: tt.fail, stops: tt.stops}
			s, v := newTest(t, f, tt.cfg)
			for _, o := range tt.ops {
				v.Advance(o.advance)
				var b strings.Builder
				st, err := s.Generate(context.Background(), req(o.prompt, "s", o.lane), func(c inference.Chunk) error {
					b.WriteString(c.Text)
					return nil
				})
				if tt.fail[o.prompt] != nil {
					if !errors.Is(err, failure) {
						t.Errorf("%s: error = %v, want %v", o.prompt, err, failure)
					}
					continue
				}
				want := o.prompt + ":done"
				if err != nil || b.String() != want {
					t.Errorf("%s: Generate = %q, %v, want %q", o.prompt, b.String(), err, want)
				}
				if st.Slot != -1 {
					t.Errorf("%s: slot = %d, want -1", o.prompt, st.Slot)
				}
			}
			if diff := cmp.Diff(tt.want, f.prompts()); diff != "" {
				t.Errorf("backend calls (-want +got):\n%s", diff)
			}
			var hits int64
			for _, l := range s.Stats().Lanes {
				hits += l.CacheHits
			}
			if hits != tt.wantHits {
				t.Errorf("cache hits = %d, want %d", hits, tt.wantHits)
			}
		})
	}
}

func TestCacheHitStats(t *testing.T) {
	f := &fake{}
	s, v := newTest(t, f, Config{})
	r := req("a", "s", inference.LaneInline)
	first, err := s.Generate(context.Background(), r, func(inference.Chunk) error { return nil })
	if err != nil || first.PromptTokens == 0 {
		t.Fatalf("first Generate = %+v, %v", first, err)
	}
	v.Advance(time.Second)
	var chunks []string
	got, err := s.Generate(context.Background(), r, func(c inference.Chunk) error {
		chunks = append(chunks, c.Text)
		return nil
	})
	want := inference.Stats{Model: "m", StopReason: inference.StopEOS, Slot: -1, Replayed: true}
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("hit stats (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"a:done"}, chunks); diff != "" {
		t.Errorf("replayed chunks (-want +got):\n%s", diff)
	}
}

func TestCacheSkipsCutStreams(t *testing.T) {
	tests := []struct {
		name string
		cut  func(c *caller) // ends the caller's stream after the first chunk
		stop bool
	}{
		{name: "cancelled", cut: func(c *caller) { c.cancel() }},
		{name: "stopped by the callback", stop: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fake{hold: true}
			s, _ := newTest(t, f, Config{})
			r := req("a", "s", inference.LaneInline)
			c := &caller{done: make(chan result, 1)}
			ctx, cancel := context.WithCancel(context.Background())
			c.cancel = cancel
			go func() {
				st, err := s.Generate(ctx, r, func(inference.Chunk) error {
					if tt.stop {
						return inference.ErrStop
					}
					return nil
				})
				c.done <- result{st: st, err: err}
			}()
			call := f.waitCalls(t, 1)[0]
			call.gate <- struct{}{}
			if tt.cut != nil {
				eventually(t, func() bool { return buffered(s, r) == 1 })
				tt.cut(c)
			}
			res := c.wait(t)
			if tt.stop && (res.err != nil || res.st.StopReason != inference.StopClient) {
				t.Fatalf("Generate = %v, %q, want nil, %q", res.err, res.st.StopReason, inference.StopClient)
			}
			if !tt.stop && !errors.Is(res.err, context.Canceled) {
				t.Fatalf("error = %v, want context.Canceled", res.err)
			}
			again := start(s, r)
			close(f.waitCalls(t, 2)[1].gate)
			if res := again.wait(t); res.err != nil || res.text != "a:done" {
				t.Errorf("second Generate = %q, %v", res.text, res.err)
			}
		})
	}
}
