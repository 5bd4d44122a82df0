package openai_test

import (
	"context"
	"net/http"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/internal/backendtest"
)

// TestPromptCacheKey checks that completion, chat and batch bodies carry
// prompt_cache_key, the session's AffinityKey, alongside the affinity header
// when one is configured: one key per session, another for another session.
func TestPromptCacheKey(t *testing.T) {
	var (
		mu   sync.Mutex
		keys []string
		hdrs []string
	)
	srv := backendtest.NewServer(t, func(w http.ResponseWriter, r *http.Request) {
		body := backendtest.DecodeBody(t, r)
		mu.Lock()
		k, _ := body["prompt_cache_key"].(string)
		keys, hdrs = append(keys, k), append(hdrs, r.Header.Get("X-Smg-Routing-Key"))
		mu.Unlock()
		backendtest.Write(w, dialect.ContentType, chunk("ok"), end)
	})
	cfg := backendtest.Config(srv.URL)
	cfg.AffinityHeader = "x-smg-routing-key"
	b := open(t, cfg)
	chat := []inference.Message{{Role: "user", Content: "explain"}}
	reqs := []*inference.Request{
		{Prompt: "a", Suffix: "b", Session: "9-1"},
		{Messages: chat, Session: "9-1"},
		{Prompt: "a", Session: "9-2"},
		{Messages: chat, Session: "9-2"},
	}
	for _, req := range reqs {
		if _, _, err := backendtest.Generate(context.Background(), b, req); err != nil {
			t.Fatal(err)
		}
	}
	batch := &inference.Request{Session: "9-1"}
	if _, err := b.GenerateBatch(context.Background(), batch, []string{"p0", "p1"}, func(int, inference.Chunk) error { return nil }); err != nil {
		t.Fatal(err)
	}
	one, two := inference.AffinityKey("9-1"), inference.AffinityKey("9-2")
	if one == two {
		t.Fatalf("sessions 9-1 and 9-2 share the key %s", one)
	}
	want := []string{one, one, two, two, one}
	if diff := cmp.Diff(want, keys); diff != "" {
		t.Errorf("prompt_cache_key (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want, hdrs); diff != "" {
		t.Errorf("x-smg-routing-key (-want +got):\n%s", diff)
	}
}
