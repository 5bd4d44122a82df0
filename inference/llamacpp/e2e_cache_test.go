package llamacpp_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/internal/backendtest"
	"github.com/lspilot/lspilot/inference/internal/llamaservertest"
	"github.com/lspilot/lspilot/inference/llamacpp"
)

// prefixSlack is how many prompt tokens a grown prefix cannot reuse: /infill
// lays the suffix and <|fim_middle|> after the prefix, so they move.
const prefixSlack = 8

// infill runs a two-token FIM request for prompt, on slot (nil for any),
// and returns its stats.
func infill(t *testing.T, b *llamacpp.Backend, prompt string, slot *int, noCache bool) inference.Stats {
	t.Helper()
	req := &inference.Request{Prompt: prompt, Suffix: "\n", Slot: slot, NoCachePrompt: noCache, Options: greedy(2)}
	_, st, err := backendtest.Generate(e2eContext(t), b, req)
	if err != nil {
		t.Fatal(err)
	}
	if !st.CacheReported {
		t.Fatalf("the server reported no cache figures: %+v", st)
	}
	return st
}

func slot(n int) *int { return &n }

// TestE2ECachePrompt: with cache_prompt a grown prompt reuses what the slot
// holds of the last one (the server's cache_n); without, it is evaluated
// whole.
func TestE2ECachePrompt(t *testing.T) {
	_, b := e2eBackend(t)
	prompt := longPrompt("cache "+time.Now().Format(time.RFC3339Nano), 1200)
	cold := infill(t, b, prompt, nil, false)
	grown := infill(t, b, prompt+"var extra = 1\n", nil, false)
	uncached := infill(t, b, prompt+"var extra = 1\nvar more = 2\n", nil, true)
	t.Logf("cold %d/%d, grown %d/%d, without cache_prompt %d/%d tokens reused",
		cold.CachedTokens, cold.PromptTokens, grown.CachedTokens, grown.PromptTokens, uncached.CachedTokens, uncached.PromptTokens)
	if cold.PromptTokens < 300 || cold.CachedTokens > cold.PromptTokens/10 {
		t.Errorf("the cold prompt of %d tokens reused %d", cold.PromptTokens, cold.CachedTokens)
	}
	if grown.PromptTokens <= cold.PromptTokens || grown.CachedTokens < cold.PromptTokens-prefixSlack || grown.Slot != cold.Slot {
		t.Errorf("the grown prompt reused %d of %d tokens on slot %d, want about the %d of the first on slot %d",
			grown.CachedTokens, grown.PromptTokens, grown.Slot, cold.PromptTokens, cold.Slot)
	}
	if uncached.CachedTokens != 0 {
		t.Errorf("without cache_prompt the server reused %d tokens", uncached.CachedTokens)
	}
}

// TestE2ESlotPinning: two sessions pinned to their own slots (id_slot)
// keep their caches while they alternate. A session sent to the other's slot
// lands there; whether the evicted session finds its tokens again depends on
// the server's prompt cache in host memory (--cache-ram), which saves idle
// slots and restores them into any slot.
func TestE2ESlotPinning(t *testing.T) {
	tests := []struct {
		name        string
		args        []string
		wantRestore bool
	}{
		{name: "host prompt cache (default)", wantRestore: true},
		{name: "no host prompt cache", args: []string{"--cache-ram", "0"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := realLlama.Get(t)
			if tt.args != nil {
				srv = llamaservertest.Start(t, llamaservertest.WithArgs(tt.args...))
			}
			b := open(t, inference.BackendConfig{Name: "real", URL: srv.URL, IdleTimeout: 15 * time.Second})
			checkPinning(t, b, tt.wantRestore)
			if t.Failed() {
				t.Logf("llama-server log tail:\n%s", srv.LogTail(4<<10))
			}
		})
	}
}

func checkPinning(t *testing.T, b *llamacpp.Backend, wantRestore bool) {
	tag := time.Now().Format(time.RFC3339Nano)
	a, c := longPrompt("session a "+tag, 800), longPrompt("session b "+tag, 800)
	a1 := infill(t, b, a, slot(0), false)
	c1 := infill(t, b, c, slot(1), false)
	a2 := infill(t, b, a+"var a = 1\n", slot(0), false)
	c2 := infill(t, b, c+"var b = 1\n", slot(1), false)
	for _, s := range []struct {
		name          string
		st            inference.Stats
		wantSlot, was int
	}{{"a", a2, 0, a1.PromptTokens}, {"b", c2, 1, c1.PromptTokens}} {
		if s.st.Slot != s.wantSlot || s.st.CachedTokens < s.was-prefixSlack {
			t.Errorf("session %s on slot %d reused %d tokens; want slot %d and about %d", s.name, s.st.Slot, s.st.CachedTokens, s.wantSlot, s.was)
		}
	}
	// Session b takes slot 0, though slot 1 holds its prefix; then session
	// a comes back to slot 0.
	c3 := infill(t, b, c+"var b = 2\n", slot(0), false)
	a3 := infill(t, b, a+"var a = 2\n", slot(0), false)
	if c3.Slot != 0 || a3.Slot != 0 {
		t.Errorf("requests pinned to slot 0 ran on slots %d and %d", c3.Slot, a3.Slot)
	}
	if restored := a3.CachedTokens >= a1.PromptTokens-prefixSlack; restored != wantRestore {
		t.Errorf("back on its slot after an eviction, session a reused %d of %d tokens; want restored: %v",
			a3.CachedTokens, a3.PromptTokens, wantRestore)
	}
}

// TestE2EWarm: a warm-up fills the slot's cache (n_predict 0), and the
// next request on the slot reuses it.
func TestE2EWarm(t *testing.T) {
	_, b := e2eBackend(t)
	prompt := longPrompt("warm "+time.Now().Format(time.RFC3339Nano), 800)
	st, err := b.Warm(e2eContext(t), &inference.Request{Prompt: prompt, Suffix: "\n", Slot: slot(1)})
	if err != nil || st.PromptTokens < 300 || st.Slot != 1 {
		t.Fatalf("Warm() = %+v, %v", st, err)
	}
	next := infill(t, b, prompt+"x", slot(1), false)
	if next.CachedTokens < st.PromptTokens-prefixSlack {
		t.Errorf("after a warm-up of %d tokens the request reused %d", st.PromptTokens, next.CachedTokens)
	}
}

// TestE2ETokensCachedIsTheSlotsFill: the real server's tokens_cached counts
// what the slot holds after a request, prompt and generation, even on a cold
// prompt (of which cache_n reuses at most a few tokens, such as "// "); only
// timings.cache_n says what was reused, and it is what the
// backend reports.
func TestE2ETokensCachedIsTheSlotsFill(t *testing.T) {
	srv, b := e2eBackend(t)
	prompt := longPrompt("fill "+time.Now().Format(time.RFC3339Nano), 600)
	body := fmt.Sprintf(`{"input_prefix":%q,"input_suffix":"\n","n_predict":3,"temperature":0,"id_slot":1,`+
		`"response_fields":["tokens_cached","tokens_evaluated","tokens_predicted","timings/cache_n"]}`, prompt)
	req, err := http.NewRequestWithContext(e2eContext(t), http.MethodPost, srv.URL+"/infill", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer http.DefaultClient.CloseIdleConnections()
	defer resp.Body.Close()
	var cold struct {
		TokensCached    int  `json:"tokens_cached"`
		TokensEvaluated int  `json:"tokens_evaluated"`
		TokensPredicted int  `json:"tokens_predicted"`
		CacheN          *int `json:"timings/cache_n"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&cold); err != nil {
		t.Fatal(err)
	}
	if cold.CacheN == nil {
		t.Fatal("the server sent no timings/cache_n")
	}
	if reused := *cold.CacheN; reused > cold.TokensEvaluated/10 || cold.TokensCached < cold.TokensEvaluated {
		t.Fatalf("cold request: tokens_cached %d, tokens_evaluated %d, cache_n %d; want tokens_cached to cover the prompt and cache_n near 0",
			cold.TokensCached, cold.TokensEvaluated, reused)
	}
	st := infill(t, b, prompt+"x", slot(1), false)
	if st.CachedTokens >= cold.TokensCached || st.CachedTokens < cold.TokensEvaluated-prefixSlack {
		t.Errorf("the grown prompt reported %d cached tokens; want about the %d of the prompt, not the slot's %d",
			st.CachedTokens, cold.TokensEvaluated, cold.TokensCached)
	}
}
