package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/lspilot/lspilot/lsp/lsptest"
)

// probeModel is the model the probe server lists; its name selects the
// qwen2.5-coder FIM format.
const probeModel = "qwen2.5-coder:1.5b-base"

// probeRequest is one request a probe server received.
type probeRequest struct {
	path, auth, body string
}

// probeServer is an OpenAI-compatible server that records every request.
// With reject set it answers 401 with a body that echoes the bearer token,
// as some servers and proxies do.
type probeServer struct {
	*httptest.Server
	reject bool

	mu   sync.Mutex
	reqs []probeRequest // guarded by mu
}

func newProbeServer(t *testing.T, reject bool) *probeServer {
	p := &probeServer{reject: reject}
	p.Server = httptest.NewServer(http.HandlerFunc(p.serve))
	t.Cleanup(p.Close)
	return p
}

func (p *probeServer) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	auth := r.Header.Get("Authorization")
	p.mu.Lock()
	p.reqs = append(p.reqs, probeRequest{path: r.URL.Path, auth: auth, body: string(body)})
	p.mu.Unlock()
	switch {
	case p.reject:
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		msg, _ := json.Marshal("Incorrect API key provided: " + strings.TrimPrefix(auth, "Bearer ") + ". Check your key.")
		fmt.Fprintf(w, `{"error":{"message":%s,"type":"invalid_request_error"}}`, msg)
	case r.URL.Path == "/v1/models":
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"object":"list","data":[{"id":%q,"object":"model"}]}`, probeModel)
	case r.URL.Path == "/v1/completions":
		w.Header().Set("Content-Type", "text/event-stream")
		event := `data: {"id":"c","object":"text_completion","created":1,"model":"m","choices":[{"index":0,"text":%q,"finish_reason":%s}]}` + "\n\n"
		fmt.Fprintf(w, event, "x = 1", "null")
		fmt.Fprintf(w, event, "", `"stop"`)
		fmt.Fprint(w, "data: [DONE]\n\n")
	default:
		http.NotFound(w, r)
	}
}

// requests returns the requests received so far.
func (p *probeServer) requests() []probeRequest {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]probeRequest(nil), p.reqs...)
}

// completions counts the generation requests received so far.
func (p *probeServer) completions() int {
	n := 0
	for _, r := range p.requests() {
		if r.path == "/v1/completions" {
			n++
		}
	}
	return n
}

// initializeIn initializes a session rooted at root with the given
// initializationOptions (nil for none).
func (p *proc) initializeIn(t *testing.T, root string, opts string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), lsptest.Timeout)
	defer cancel()
	params := &protocol.InitializeParams{}
	if root != "" {
		u := uri.File(root)
		params.RootURI = &u
	}
	if opts != "" {
		params.InitializationOptions = protocol.LSPAny(opts)
	}
	if _, err := p.server.Initialize(ctx, params); err != nil {
		t.Fatalf("initialize: %v", err)
	}
	if err := p.server.Initialized(ctx, &protocol.InitializedParams{}); err != nil {
		t.Fatal(err)
	}
}

// configure sends workspace/didChangeConfiguration.
func (p *proc) configure(t *testing.T, settings string) {
	p.notify(t, protocol.MethodWorkspaceDidChangeConfiguration, &protocol.DidChangeConfigurationParams{Settings: protocol.LSPAny(settings)})
}

// shown returns every window/showMessage and window/logMessage text.
func (p *proc) shown() string {
	var b strings.Builder
	for _, m := range p.rec.Messages() {
		b.WriteString(m.Message + "\n")
	}
	for _, m := range p.rec.Logs() {
		b.WriteString(m.Message + "\n")
	}
	return b.String()
}

// waitShown waits until a message holding want was shown.
func (p *proc) waitShown(t *testing.T, want string) {
	t.Helper()
	lsptest.WaitFor(t, "a message holding "+want, func() bool { return strings.Contains(p.shown(), want) })
}

// invoked asks for an inline completion the user invoked at the end of
// line 0 of a document whose first line is line0.
func (p *proc) invoked(t *testing.T, u, line0 string) protocol.InlineCompletionList {
	return p.inline(t, u, protocol.Position{Line: 0, Character: uint32(len(line0))}, true)
}

// writeTestFile writes text to name under dir and returns its path.
func writeTestFile(t *testing.T, dir, name, text string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}
