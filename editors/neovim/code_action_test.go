package neovim_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const buggy = "package p\n\n// Add returns the sum of a and b.\nfunc Add(a, b int) int { return a - b }\n"

// scriptedAnswer is what the scripted model answers: the selected line
// rewritten, fenced, with prose before it, as chat models write them.
const scriptedAnswer = "Here is the corrected line:\n\n```go\nfunc Add(a, b int) int { return a + b }\n```\n"

// scriptedServer speaks enough of the OpenAI API to stream scriptedAnswer.
func scriptedServer(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/v1/models":
			fmt.Fprint(w, `{"object":"list","data":[{"id":"scripted","object":"model"}]}`)
		case "/v1/chat/completions", "/v1/completions":
			w.Header().Set("Content-Type", "text/event-stream")
			delta, _ := json.Marshal(scriptedAnswer)
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
	t.Cleanup(srv.Close)
	return srv
}

// TestNeovimCodeAction runs an AI code action in a real Neovim, resolved as
// Neovim's code-action menu does and through lspilot.runCodeAction with
// workspace/applyEdit: the scripted model's answer is verified by lspilot and
// applied to the buffer.
func TestNeovimCodeAction(t *testing.T) {
	work := t.TempDir()
	for name, text := range map[string]string{"go.mod": "module p\n", "p.go": buggy, "q.go": buggy} {
		if err := os.WriteFile(filepath.Join(work, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	data := runScript(t, "test/code_action.lua", "LSPILOT_WORK="+work,
		"LSPILOT_BACKEND="+scriptedServer(t).URL+"/v1")
	var res struct {
		Texts  map[string]string `json:"texts"`
		Errors []string          `json:"errors"`
	}
	if err := json.Unmarshal(data, &res); err != nil {
		t.Fatalf("decode %s: %v", data, err)
	}
	for _, e := range res.Errors {
		t.Error(e)
	}
	want := strings.Replace(buggy, "a - b", "a + b", 1)
	for _, name := range []string{"p.go", "q.go"} {
		if got := res.Texts[name]; got != want {
			t.Errorf("%s after the action:\n%s\nwant:\n%s", name, got, want)
		}
	}
}
