package gpusim

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/clock"
)

// post sends body to url and returns the status and the decoded JSON answer.
func post(t *testing.T, url, body string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s answered %d with %q, not a JSON object", url, resp.StatusCode, b)
	}
	return resp.StatusCode, m
}

// errorShape describes an error answer: "string" for Ollama's
// {"error": "..."}, "object" for {"error": {"message": ...}}.
func errorShape(m map[string]any) string {
	switch e := m["error"].(type) {
	case string:
		return "string"
	case map[string]any:
		if _, ok := e["message"].(string); ok {
			return "object"
		}
	}
	return "none"
}

// TestBadRequests checks the errors of each API: malformed JSON is 400 and an
// unknown model 404, in each API's error format.
func TestBadRequests(t *testing.T) {
	tests := []struct {
		path, body string
		wantStatus int
		wantShape  string
	}{
		{"/api/generate", `{"model":`, 400, "string"},
		{"/api/generate", `{"model":"other","prompt":"x"}`, 404, "string"},
		{"/api/generate", `{"prompt":"x"}`, 400, "string"},
		{"/api/chat", `[1,2]`, 400, "string"},
		{"/api/show", `{"model":"other"}`, 404, "string"},
		{"/v1/completions", `{"prompt": 12}`, 400, "object"},
		{"/v1/completions", `not json`, 400, "object"},
		{"/v1/completions", `{"model":"other","prompt":"x"}`, 404, "object"},
		{"/v1/completions", `{"prompt":"x","max_tokens":40000}`, 400, "object"},
		{"/v1/chat/completions", `{"model":"other","messages":[{"role":"user","content":"x"}]}`, 404, "object"},
		{"/v1/chat/completions", `{"messages":[]}`, 400, "object"},
		{"/infill", `{"input_prefix": 3}`, 400, "object"},
		{"/infill", `{"model":"other","input_prefix":"x"}`, 404, "object"},
		{"/infill", `{"input_prefix":"x","id_slot":999}`, 400, "object"},
		{"/completion", `{"prompt":""}`, 400, "object"},
		{"/tokenize", `{`, 400, "object"},
	}
	_, ts := newHTTP(t, Config{Preset: mustPreset(t, "h100-1.5b"), Model: "coder"})
	for _, tt := range tests {
		status, m := post(t, ts.URL+tt.path, tt.body)
		if status != tt.wantStatus || errorShape(m) != tt.wantShape {
			t.Errorf("POST %s %s = %d %v, want %d with an error %s", tt.path, tt.body, status, m, tt.wantStatus, tt.wantShape)
		}
	}
}

// TestNonStreaming checks the single-object answers of requests that do not
// ask to stream.
func TestNonStreaming(t *testing.T) {
	_, ts := newHTTP(t, Config{Preset: mustPreset(t, "h100-1.5b"), Model: "coder", Generate: oracle})
	tests := []struct {
		path, body string
		want       []string // path to the text, then the text
	}{
		{"/api/generate", `{"model":"coder","prompt":"x","stream":false,"options":{"num_predict":2}}`, []string{"response", "return a"}},
		{"/v1/completions", `{"prompt":"x","max_tokens":2}`, []string{"choices/0/text", "return a"}},
		{"/v1/chat/completions", `{"messages":[{"role":"user","content":"x"}],"max_tokens":2}`, []string{"choices/0/message/content", "return a"}},
		{"/completion", `{"prompt":"x","n_predict":2}`, []string{"content", "return a"}},
		{"/api/generate", `{"model":"coder"}`, []string{"done_reason", "load"}},
	}
	for _, tt := range tests {
		status, m := post(t, ts.URL+tt.path, tt.body)
		got, _ := lookup(m, tt.want[0])
		if status != 200 || got != tt.want[1] {
			t.Errorf("POST %s = %d %v, want %s = %q", tt.path, status, m, tt.want[0], tt.want[1])
		}
	}
}

// lookup follows a path of keys and list indices through decoded JSON.
func lookup(v any, path string) (any, bool) {
	for _, k := range strings.Split(path, "/") {
		switch x := v.(type) {
		case map[string]any:
			v = x[k]
		case []any:
			if k != "0" || len(x) == 0 {
				return nil, false
			}
			v = x[0]
		default:
			return nil, false
		}
	}
	return v, v != nil
}

// TestReplicaPrefixes checks that /r/{i}/ reaches replica i, the root
// replica 0, and Replica(i) one replica on its own listener.
func TestReplicaPrefixes(t *testing.T) {
	s, ts := newHTTP(t, Config{Preset: mustPreset(t, "h100-1.5b"), Replicas: 3, Model: "coder"})
	b := client(t, inference.KindOpenAI, ts.URL+"/r/2")
	generate(t, b, &inference.Request{Prompt: "x", Raw: true})
	generate(t, client(t, inference.KindOllama, ts.URL+"/r/1"), &inference.Request{Prompt: "x", Raw: true})
	generate(t, client(t, inference.KindLlamaCpp, ts.URL), &inference.Request{Prompt: "x", Raw: true})
	one := httptest.NewServer(s.Replica(1))
	defer one.Close()
	generate(t, client(t, inference.KindLlamaCpp, one.URL), &inference.Request{Prompt: "x", Raw: true})
	var got []int
	for _, r := range s.Stats().Replicas {
		got = append(got, r.Requests)
	}
	if diff := cmp.Diff([]int{1, 2, 1}, got); diff != "" {
		t.Errorf("requests per replica (-want +got):\n%s", diff)
	}
	for _, path := range []string{"/r/3/health", "/r/x/health", "/r/-1/health"} {
		resp, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", path, resp.StatusCode)
		}
	}
}

// TestSlotPinning pins llama.cpp slots through our client: the pinned slot
// serves, and only the slot holding the prompt has it cached.
func TestSlotPinning(t *testing.T) {
	_, ts := newHTTP(t, Config{Preset: mustPreset(t, "h100-7b"), Model: "coder", Generate: oracle})
	b := client(t, inference.KindLlamaCpp, ts.URL)
	slot := func(i int) *int { return &i }
	prefix := code("p", 400)
	var got [][2]int
	for _, s := range []*int{slot(3), slot(3), slot(5), nil} {
		_, st := generate(t, b, &inference.Request{Prompt: prefix, Suffix: "}", Slot: s, Options: inference.Options{MaxTokens: 2}})
		got = append(got, [2]int{st.Slot, st.CachedTokens})
	}
	n := len(infillPrompt(nil, prefix, "}", "", 32768, 2))
	if diff := cmp.Diff([][2]int{{3, 0}, {3, n - 1}, {5, 0}, {3, n - 1}}, got); diff != "" {
		t.Errorf("slot and cached tokens per request (-want +got):\n%s", diff)
	}
}

// TestBatchPrompts sends two prompts in one OpenAI request: both are decoded
// in the same steps.
func TestBatchPrompts(t *testing.T) {
	s, ts := newHTTP(t, Config{Preset: mustPreset(t, "h100-7b"), Model: "coder", Generate: func(p, _ string) string { return "<" + p + ">" }})
	b := client(t, inference.KindOpenAI, ts.URL).(inference.Batcher)
	texts := make([]string, 2)
	_, err := b.GenerateBatch(context.Background(), &inference.Request{Raw: true}, []string{"first", "second"}, func(i int, c inference.Chunk) error {
		texts[i] += c.Text
		return nil
	})
	if diff := cmp.Diff([]string{"<first>", "<second>"}, texts); diff != "" || err != nil {
		t.Errorf("batch texts (-want +got), %v:\n%s", err, diff)
	}
	if st := s.Stats().Total; st.MaxBatch != 2 || st.Requests != 2 {
		t.Errorf("stats %+v, want two sequences decoded together", st)
	}
}

// TestClientStop stops reading early through our client: the server sees
// the disconnect, counts the tokens it decoded as wasted and frees the slot.
// The clock stands still from the third chunk until the server has seen the
// disconnect, so that the sequence cannot run to its end first.
func TestClientStop(t *testing.T) {
	v := clock.NewVirtual(epoch)
	s := NewServer(Config{Preset: mustPreset(t, "cpu-tiny"), Model: "coder", Clock: v, Logger: logger(t),
		Generate: func(string, string) string { return strings.Repeat("abcd", 200) }})
	ts := httptest.NewServer(s.Handler())
	var paused atomic.Bool
	driveUnless(t, v, &paused)
	t.Cleanup(func() { ts.Close(); s.Close() })
	b := client(t, inference.KindLlamaCpp, ts.URL)
	chunks := 0
	_, err := b.Generate(context.Background(), &inference.Request{Prompt: "x", Raw: true}, func(inference.Chunk) error {
		if chunks++; chunks == 3 {
			paused.Store(true)
			return inference.ErrStop
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	r := s.replicas[0]
	decoded := 0
	waitFor(t, func() bool {
		r.mu.Lock()
		defer r.mu.Unlock()
		for _, q := range r.running {
			decoded = q.generated
			return q.cancelled
		}
		return false
	})
	paused.Store(false)
	waitFor(t, func() bool { st := s.Stats().Total; return st.Cancelled == 1 && st.Running == 0 })
	if st := s.Stats().Total; decoded < 3 || st.WastedTokens != decoded || st.Finished != 0 {
		t.Errorf("stats %+v after %d decoded tokens, want them wasted", st, decoded)
	}
	text, _ := generate(t, b, &inference.Request{Prompt: "x", Raw: true, Options: inference.Options{MaxTokens: 1}})
	if text != "abcd" {
		t.Errorf("the next request got %q", text)
	}
}
