package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/lspilot/lspilot/inference"
)

// openAIServer is a minimal OpenAI-compatible server that records the
// request id header of every completion request.
type openAIServer struct {
	*httptest.Server
	mu  sync.Mutex
	ids []string // guarded by mu; X-Request-Id of each /v1/completions request
}

func newOpenAIServer(t *testing.T, answer string) *openAIServer {
	s := &openAIServer{}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/models", func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprint(w, `{"object":"list","data":[{"id":"qwen2.5-coder:1.5b-base","object":"model"}]}`)
	})
	mux.HandleFunc("POST /v1/completions", func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		s.mu.Lock()
		s.ids = append(s.ids, r.Header.Get(inference.RequestIDHeader))
		s.mu.Unlock()
		text, _ := json.Marshal(answer)
		w.Header().Set("Content-Type", "text/event-stream")
		fmt.Fprintf(w, "data: {\"choices\":[{\"index\":0,\"text\":%s}]}\n\n", text)
		fmt.Fprint(w, "data: {\"choices\":[{\"index\":0,\"text\":\"\",\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":40,\"completion_tokens\":3}}\n\n")
		fmt.Fprint(w, "data: [DONE]\n\n")
	})
	s.Server = httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

func (s *openAIServer) requestIDs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.ids...)
}

// logFileLines returns the JSON fields of the lines of a console log whose
// message is msg.
func logFileLines(t *testing.T, path, msg string) []map[string]any {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []map[string]any
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		i := strings.Index(line, "{")
		if i < 0 || !strings.Contains(line[:i], "\t"+msg+"\t") {
			continue
		}
		var fields map[string]any
		if json.Unmarshal([]byte(line[i:]), &fields) == nil {
			out = append(out, fields)
		}
	}
	return out
}

// metricsAddr waits for the daemon's log to say where the metrics listen.
func metricsAddr(t *testing.T, logFile string) string {
	t.Helper()
	var addr string
	waitFor(t, "the metrics listener in the log", func() bool {
		if l := logFileLines(t, logFile, "metrics listening"); len(l) > 0 {
			addr, _ = l[0]["addr"].(string)
		}
		return addr != ""
	})
	return addr
}

func httpGet(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// sampleRE matches a sample line of the Prometheus text format.
var sampleRE = regexp.MustCompile(`^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})? (\S+)$`)

// labelRE matches one label of a sample.
var labelRE = regexp.MustCompile(`([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"`)

// TestMetricsEndpoint runs the real binary with --metrics-addr, drives a
// session against a test backend, and scrapes: the series are there, no
// label carries code, a path or a URI, the health endpoints answer, and the
// backend saw the request id the daemon logged for the inline request.
func TestMetricsEndpoint(t *testing.T) {
	const secret = "zqxMarkerIdentifier"
	backend := newOpenAIServer(t, "return "+secret+"Answer")
	logFile := filepath.Join(t.TempDir(), "daemon.log")
	p := startProc(t, nil, "serve", "--backend", backend.URL+"/v1", "--backend-kind", "openai",
		"--model", "qwen2.5-coder:1.5b-base", "--metrics-addr", "127.0.0.1:0", "--log-level", "debug", "--log-file", logFile)
	p.initialize(t)
	addr := metricsAddr(t, logFile)

	dir := filepath.Join(t.TempDir(), secret+"Dir")
	u := string(uri.File(filepath.Join(dir, secret+"File.go")))
	text := "package main\n\nfunc " + secret + "() int {\n\t\n}\n"
	p.open(t, u, "go", text)
	p.insert(t, u, 2, protocol.Position{Line: 3, Character: 1}, "r")
	items := p.inline(t, u, protocol.Position{Line: 3, Character: 2}, true).Items
	if len(items) == 0 {
		t.Fatal("no suggestion")
	}
	ctx := t.Context()
	if err := protocol.Call(ctx, p.conn, protocol.MethodWorkspaceExecuteCommand, &protocol.ExecuteCommandParams{
		Command: "lspilot.acceptCompletion", Arguments: items[0].Command.Arguments}, nil); err != nil {
		t.Fatal(err)
	}

	code, body := httpGet(t, "http://"+addr+"/metrics")
	if code != http.StatusOK {
		t.Fatalf("/metrics = %d", code)
	}
	series := map[string]bool{}
	for _, line := range strings.Split(body, "\n") {
		m := sampleRE.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		series[m[1]] = true
		for _, l := range labelRE.FindAllStringSubmatch(m[2], -1) {
			if v := l[2]; strings.Contains(v, secret) || strings.Contains(v, "file:") || strings.Contains(v, dir) {
				t.Errorf("label %s=%q of %s carries code or a path", l[1], v, m[1])
			}
		}
	}
	for _, want := range []string{
		"lspilot_lsp_request_duration_seconds_bucket", "lspilot_lsp_requests_total", "lspilot_lsp_notifications_total",
		"lspilot_keystroke_to_suggestion_seconds_count", "lspilot_backend_generation_duration_seconds_count",
		"lspilot_scheduler_queue_depth", "lspilot_scheduler_requests_total", "lspilot_cancellations_total",
		"lspilot_cache_hits_total", "lspilot_prompt_tokens_total", "lspilot_replica_up", "lspilot_suggestions_total",
		"lspilot_suggestion_accepted_chars_total", "lspilot_build_info",
	} {
		if !series[want] {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	for _, want := range []string{
		`lspilot_lsp_requests_total{method="textDocument/inlineCompletion",outcome="ok"} 1`,
		`lspilot_keystroke_to_suggestion_seconds_count 1`,
		`lspilot_replica_up{backend="` + backend.URL + `/v1",replica="` + backend.URL + `/v1"} 1`,
		`lspilot_suggestions_total{event="accepted"} 1`,
	} {
		if !strings.Contains(body, want+"\n") {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	if t.Failed() {
		t.Logf("/metrics:\n%s", body)
	}
	for _, path := range []string{"/healthz", "/readyz"} {
		if code, body := httpGet(t, "http://"+addr+path); code != http.StatusOK {
			t.Errorf("%s = %d %q, want 200", path, code, body)
		}
	}

	var logged []string
	for _, l := range logFileLines(t, logFile, "request") {
		if l["method"] == protocol.MethodTextDocumentInlineCompletion {
			rid, _ := l["request_id"].(string)
			logged = append(logged, rid)
		}
	}
	seen := backend.requestIDs()
	if len(logged) != 1 || logged[0] == "" {
		t.Fatalf("inline requests logged with ids %q, want one", logged)
	}
	found := false
	for _, s := range seen {
		found = found || s == logged[0]
	}
	if !found {
		t.Errorf("the backend saw request ids %q, not the logged %q", seen, logged[0])
	}
	if code := p.shutdown(t); code != 0 {
		t.Errorf("exit code %d", code)
	}
}

// TestReadyzWithoutBackend checks the health endpoints of a daemon with no
// backend: alive, not ready.
func TestReadyzWithoutBackend(t *testing.T) {
	logFile := filepath.Join(t.TempDir(), "daemon.log")
	p := startProc(t, []string{"XDG_CONFIG_HOME=" + t.TempDir()}, "serve", "--metrics-addr", "127.0.0.1:0", "--log-file", logFile)
	p.initialize(t)
	addr := metricsAddr(t, logFile)
	tests := []struct {
		path     string
		wantCode int
		wantBody string
	}{
		{"/healthz", http.StatusOK, "ok"},
		{"/readyz", http.StatusServiceUnavailable, "no backend configured"},
	}
	for _, tt := range tests {
		if code, body := httpGet(t, "http://"+addr+tt.path); code != tt.wantCode || !strings.Contains(body, tt.wantBody) {
			t.Errorf("%s = %d %q, want %d with %q", tt.path, code, body, tt.wantCode, tt.wantBody)
		}
	}
	if code := p.shutdown(t); code != 0 {
		t.Errorf("exit code %d", code)
	}
}

// TestMetricsAddrRefusedWithRemote: the forwarding process serves no
// session, so it takes no metrics address.
func TestMetricsAddrRefusedWithRemote(t *testing.T) {
	_, err := parseServeFlags([]string{"--remote", "auto", "--metrics-addr", "127.0.0.1:9464"}, stdio{err: io.Discard})
	if err == nil || !strings.Contains(err.Error(), "--metrics-addr") {
		t.Errorf("parse = %v, want an error naming --metrics-addr", err)
	}
}
