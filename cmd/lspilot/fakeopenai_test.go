package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// fakeOpenAI is an OpenAI-compatible server for the process tests: it lists
// one model, answers chat requests (code actions) with a scripted answer,
// and answers completion requests with a scripted suggestion, stalling the
// first ones it is told to until the client gives up.
type fakeOpenAI struct {
	*httptest.Server
	chat       atomic.Value // string: the answer to every chat request
	suggestion string       // the answer to completion requests
	marker     string       // completion prompts holding it count as suggestions
	stalls     atomic.Int32 // suggestion requests still to stall

	mu          sync.Mutex
	suggestions int // suggestion requests received, stalled ones included
}

// fakeModel is the model fakeOpenAI serves.
const fakeModel = "fake-coder"

func newFakeOpenAI(t *testing.T, marker, suggestion string) *fakeOpenAI {
	f := &fakeOpenAI{marker: marker, suggestion: suggestion}
	f.chat.Store("")
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.Close)
	return f
}

// suggestionCalls returns how many suggestion requests reached the server,
// not counting the sampled alternatives that invoked requests also ask for.
func (f *fakeOpenAI) suggestionCalls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.suggestions
}

func (f *fakeOpenAI) serve(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/v1/models":
		fmt.Fprintf(w, `{"object":"list","data":[{"id":%q,"object":"model"}]}`, fakeModel)
	case "/v1/chat/completions":
		f.stream(w, func(s string) any { return map[string]any{"delta": map[string]string{"content": s}} }, f.chat.Load().(string))
	case "/v1/completions":
		var body struct {
			Prompt string
			Seed   *int // set on the sampled alternatives only
		}
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		text := "x"
		if strings.Contains(body.Prompt, f.marker) && body.Seed != nil {
			text = f.suggestion // an alternative, sampled: not counted
		} else if strings.Contains(body.Prompt, f.marker) {
			f.mu.Lock()
			f.suggestions++
			f.mu.Unlock()
			if f.stalls.Add(-1) >= 0 {
				w.Header().Set("Content-Type", "text/event-stream")
				w.(http.Flusher).Flush()
				<-r.Context().Done() // stalled: nothing until the client goes
				return
			}
			text = f.suggestion
		}
		f.stream(w, func(s string) any { return map[string]any{"text": s} }, text)
	default:
		http.NotFound(w, r)
	}
}

// stream sends text as server-sent events in small pieces, then the end.
func (f *fakeOpenAI) stream(w http.ResponseWriter, choice func(string) any, text string) {
	w.Header().Set("Content-Type", "text/event-stream")
	send := func(v any) {
		b, _ := json.Marshal(v)
		fmt.Fprintf(w, "data: %s\n\n", b)
		w.(http.Flusher).Flush()
	}
	for len(text) > 0 {
		n := min(len(text), 16)
		c := choice(text[:n])
		send(map[string]any{"model": fakeModel, "choices": []any{c}})
		text = text[n:]
	}
	stop := choice("").(map[string]any)
	stop["finish_reason"] = "stop"
	send(map[string]any{"model": fakeModel, "choices": []any{stop},
		"usage": map[string]int{"prompt_tokens": 100, "completion_tokens": 5}})
	fmt.Fprint(w, "data: [DONE]\n\n")
}
