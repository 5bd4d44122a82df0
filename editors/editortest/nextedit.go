package editortest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// Rename is one rule of RenameBackend's scripted model: where the region it
// is asked to rewrite holds When, it replaces Old by New throughout.
type Rename struct{ When, Old, New string }

// Markers of lspilot's chat next-edit prompt (inference/nextedit).
const (
	regionStart = "<|region_start|>\n"
	regionEnd   = "<|region_end|>"
	cursorMark  = "<|cursor|>"
)

// rewriteRegion answers a chat next-edit prompt with the region rewritten
// by rules, in a code block; ok is false for any other prompt.
func rewriteRegion(prompt string, rules []Rename) (answer string, ok bool) {
	_, after, ok := strings.Cut(prompt, regionStart)
	if !ok {
		return "", false
	}
	region, _, ok := strings.Cut(after, regionEnd)
	if !ok {
		return "", false
	}
	region = strings.ReplaceAll(region, cursorMark, "")
	for _, r := range rules {
		if strings.Contains(region, r.When) {
			region = strings.ReplaceAll(region, r.Old, r.New)
		}
	}
	return "```go\n" + region + "```\n", true
}

// RenameServer is RenameBackend's server.
type RenameServer struct {
	*httptest.Server
	asked atomic.Int64
}

// Asked returns how many next-edit prompts the server has answered.
func (s *RenameServer) Asked() int { return int(s.asked.Load()) }

// RenameBackend starts a scripted model behind enough of the OpenAI API for
// lspilot (its URL + "/v1", model "scripted"): next-edit prompts (the chat
// format, which lspilot picks for such a model name) get the region
// rewritten by rules, in order, so it finishes the renames the user starts;
// other prompts (inline completion) get an empty answer.
func RenameBackend(t testing.TB, rules ...Rename) *RenameServer {
	s := &RenameServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/v1/models":
			fmt.Fprint(w, `{"object":"list","data":[{"id":"scripted","object":"model"}]}`)
		case "/v1/chat/completions", "/v1/completions":
			var req struct {
				Messages []struct {
					Content string `json:"content"`
				} `json:"messages"`
			}
			if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
			answer := ""
			for _, m := range req.Messages {
				if a, ok := rewriteRegion(m.Content, rules); ok {
					answer = a
					s.asked.Add(1)
				}
			}
			w.Header().Set("Content-Type", "text/event-stream")
			delta, _ := json.Marshal(answer)
			if r.URL.Path == "/v1/chat/completions" {
				fmt.Fprintf(w, "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":%s}}]}\n\n", delta)
			} else {
				fmt.Fprintf(w, "data: {\"choices\":[{\"index\":0,\"text\":%s}]}\n\n", delta)
			}
			fmt.Fprint(w, "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n")
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(s.Close)
	return s
}
