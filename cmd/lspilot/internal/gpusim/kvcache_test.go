package gpusim

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// code returns n bytes of distinct lines of code, seeded by name.
func code(name string, n int) string {
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, "\t%s%d := load(%q)\n", name, i, name)
	}
	return b.String()[:n]
}

// TestPrefixCache runs prompts one after the other through vLLM-style prefix
// caching and checks the tokens each found cached: block-aligned shared
// prefixes, at most all but the last prompt token, and nothing once
// eviction under a small capacity took the blocks.
func TestPrefixCache(t *testing.T) {
	a := code("a", 400) // 100 tokens
	b := code("b", 400)
	tests := []struct {
		name     string
		kvTokens int
		give     []string
		want     []int
	}{
		{name: "shared prefix of four blocks", kvTokens: 1 << 16,
			give: []string{a, a[:256] + b[:144]}, want: []int{0, 64}},
		{name: "same prompt again keeps the last token to compute", kvTokens: 1 << 16,
			give: []string{a, a}, want: []int{0, 96}},
		{name: "unrelated prompts share nothing", kvTokens: 1 << 16,
			give: []string{a, b}, want: []int{0, 0}},
		{name: "generated tokens are cached too", kvTokens: 1 << 16,
			give: []string{a[:252], a[:252] + "xyz\n" + a[252:]}, want: []int{0, 64}},
		{name: "eviction under a small capacity", kvTokens: 7 * BlockTokens,
			give: []string{a, b, a}, want: []int{0, 0, 0}},
		{name: "eviction takes the ends of prefixes first", kvTokens: 8 * BlockTokens,
			give: []string{a, b, a}, want: []int{0, 0, 16}},
		{name: "room for both", kvTokens: 16 * BlockTokens,
			give: []string{a, b, a}, want: []int{0, 0, 96}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := mustPreset(t, "h100-7b")
			p.KVTokens = tt.kvTokens
			r, v := newTestReplica(t, p)
			var got []int
			for _, text := range tt.give {
				_, ch := submit(t, r, textJob(modePaged, text, "xyz\n"))
				got = append(got, results(collect(t, v, ch, 1), 1)[0].cachedTokens)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("cached tokens (-want +got):\n%s", diff)
			}
			st := r.snapshot()
			if strings.HasPrefix(tt.name, "eviction") && st.EvictedBlocks == 0 {
				t.Errorf("EvictedBlocks = 0 after eviction")
			}
			if st.Running != 0 || st.KVUsedBlocks > st.KVBlocks {
				t.Errorf("after the runs: %+v", st)
			}
		})
	}
}

// TestSlots checks llama.cpp-style slots: the slot whose content shares the
// prompt's prefix is chosen, id_slot pins a slot, and cache_prompt false
// recomputes the whole prompt.
func TestSlots(t *testing.T) {
	a := code("a", 400) // 100 tokens of 4 bytes
	type give struct {
		text        string
		slot        int
		cachePrompt bool
	}
	tests := []struct {
		name      string
		give      []give
		wantSlot  []int
		wantCache []int
	}{
		{name: "longest prefix chooses the slot",
			give:     []give{{a, -1, true}, {code("b", 400), -1, true}, {a + "more", -1, true}},
			wantSlot: []int{0, 1, 0}, wantCache: []int{0, 0, 100}},
		{name: "pinned to an empty slot",
			give:     []give{{a, 0, true}, {a, 1, true}},
			wantSlot: []int{0, 1}, wantCache: []int{0, 0}},
		{name: "pinned to the slot holding the prompt",
			give:     []give{{a, 1, true}, {a, 1, true}},
			wantSlot: []int{1, 1}, wantCache: []int{0, 99}},
		{name: "cache_prompt false",
			give:     []give{{a, 0, true}, {a, 0, false}},
			wantSlot: []int{0, 0}, wantCache: []int{0, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := mustPreset(t, "h100-7b")
			p.Slots = 2
			r, v := newTestReplica(t, p)
			var slots, cached []int
			for _, g := range tt.give {
				j := textJob(modeSlot, g.text, "x\n")
				j.slot, j.cachePrompt, j.similarity = g.slot, g.cachePrompt, llamaSimilarity
				_, ch := submit(t, r, j)
				res := results(collect(t, v, ch, 1), 1)[0]
				slots, cached = append(slots, res.slot), append(cached, res.cachedTokens)
			}
			if diff := cmp.Diff(tt.wantSlot, slots); diff != "" {
				t.Errorf("slots (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantCache, cached); diff != "" {
				t.Errorf("cached tokens (-want +got):\n%s", diff)
			}
		})
	}
}

// TestSlotContentEvicted checks that an idle slot's content gives way when
// memory runs short, and is counted as evicted.
func TestSlotContentEvicted(t *testing.T) {
	p := mustPreset(t, "cpu-tiny")
	p.Slots, p.MaxBatch, p.KVTokens = 2, 2, 10*BlockTokens
	r, v := newTestReplica(t, p)
	a, b := code("a", 400), code("b", 400)
	var cached []int
	for _, text := range []string{a, b, a} {
		_, ch := submit(t, r, textJob(modeSlot, text, "x\n"))
		cached = append(cached, results(collect(t, v, ch, 1), 1)[0].cachedTokens)
	}
	if diff := cmp.Diff([]int{0, 0, 0}, cached); diff != "" {
		t.Errorf("cached tokens (-want +got):\n%s", diff)
	}
	if st := r.snapshot(); st.EvictedBlocks == 0 {
		t.Errorf("EvictedBlocks = 0, want the first slot's content evicted: %+v", st)
	}
}
