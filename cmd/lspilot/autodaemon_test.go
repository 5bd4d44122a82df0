package main

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/lspilot/lspilot/lsp/lsptest"
)

// sumSrc is the document the tests ask suggestions in; the fake servers
// answer prompts holding sumPair.
const sumSrc = "package sum\n\n// sumPair adds a and b.\nfunc sumPair(a, b int) int {\n\t\n}\n"

// testConfig is a config file for the fake servers, with a backend when
// url is not empty.
func testConfig(url string) string {
	cfg := "[fim]\ntemplate = \"qwen2.5-coder\"\n\n[completion]\nwarmup = false\n"
	if url != "" {
		cfg += "\n[[backends]]\nkind = \"openai\"\nurl = \"" + url + "\"\nmodel = \"" + fakeModel + "\"\nidleTimeoutMs = 1000\nretries = 0\n"
	}
	return cfg
}

// saveFile replaces path with content as editors save: a temporary file
// renamed over it.
func saveFile(t *testing.T, path, content string) {
	t.Helper()
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}

// writeTestConfig writes a config file in a new directory and returns its
// path.
func writeTestConfig(t *testing.T, url string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.toml")
	saveFile(t, path, testConfig(url))
	return path
}

var docs atomic.Int64

// suggest opens a new document and returns the text of the first inline
// suggestion in it, or "".
func (p *proc) suggest(t *testing.T) string {
	t.Helper()
	u := string(uri.File(filepath.Join(t.TempDir(), "sum"+strconv.FormatInt(docs.Add(1), 10)+".go")))
	p.open(t, u, "go", sumSrc)
	items := p.inline(t, u, protocol.Position{Line: 4, Character: 1}, true).Items
	if len(items) == 0 {
		return ""
	}
	return string(items[0].InsertText.(protocol.String))
}

// runtimeEnv is an environment with a per-test runtime directory, so that
// the tests never meet the user's daemons or each other's.
func runtimeEnv(t *testing.T) []string {
	return []string{"XDG_RUNTIME_DIR=" + t.TempDir()}
}

// TestRemoteAutoDaemonPerConfiguration starts forwarders with the backend
// on the command line: the flags reach the daemon, whose backend is asked;
// two forwarders with the same flags share a daemon, one with another
// --backend gets a daemon of its own, with its own backend.
func TestRemoteAutoDaemonPerConfiguration(t *testing.T) {
	fa, fb := newFakeOpenAI(t, "sumPair", "return a + b"), newFakeOpenAI(t, "sumPair", "return b + a")
	cfg := writeTestConfig(t, "")
	env := runtimeEnv(t)
	start := func(url string) *proc {
		p := startProc(t, env, "serve", "--remote=auto", "--config", cfg, "--backend", url,
			"--backend-kind", "openai", "--model", fakeModel, "--idle-timeout=2s")
		p.initialize(t)
		return p
	}
	a1, b, a2 := start(fa.URL), start(fb.URL), start(fa.URL)
	pa1, pb, pa2 := a1.status(t).PID, b.status(t).PID, a2.status(t).PID
	if pa1 != pa2 || pa1 == pb {
		t.Fatalf("daemon pids: %d and %d with one --backend, %d with another: want the first two equal, the third apart", pa1, pa2, pb)
	}
	if got := a1.suggest(t); !strings.Contains(got, "return a + b") || fa.suggestionCalls() != 1 {
		t.Errorf("suggestion through the first daemon = %q, %d calls at its backend: want its backend's", got, fa.suggestionCalls())
	}
	if got := b.suggest(t); !strings.Contains(got, "return b + a") || fb.suggestionCalls() != 1 {
		t.Errorf("suggestion through the second daemon = %q, %d calls at its backend: want its backend's", got, fb.suggestionCalls())
	}
	for _, p := range []*proc{a1, b, a2} {
		if code := p.shutdown(t); code != 0 {
			t.Errorf("forwarder exit code = %d, want 0", code)
		}
	}
}

// TestRemoteAutoDaemonCannotStart gives the daemon a config file it
// refuses: the editor is shown why, with the log's path, and initialize is
// answered with the same error; the forwarder exits 1.
func TestRemoteAutoDaemonCannotStart(t *testing.T) {
	tests := []struct {
		name, config, want string
	}{
		{"toml syntax", "[completion\nwarmup = false\n", "config.toml:1:12: expected '.' or ']'"},
		{"invalid value", "[completion]\nmaxTokens = -5\n", "completion.maxTokens: -5 is negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			run := t.TempDir()
			cfg := filepath.Join(t.TempDir(), "config.toml")
			saveFile(t, cfg, tt.config)
			var rec lsptest.Recorder
			begin := time.Now()
			p := startProcWith(t, &rec, []string{"XDG_RUNTIME_DIR=" + run}, "serve", "--remote=auto", "--config", cfg)
			ctx, cancel := context.WithTimeout(context.Background(), lsptest.Timeout)
			defer cancel()
			_, err := p.server.Initialize(ctx, &protocol.InitializeParams{})
			elapsed := time.Since(begin)
			t.Logf("the editor was told after %s", elapsed)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("initialize = %v, want an error with %q", err, tt.want)
			}
			lsptest.WaitFor(t, "the message", func() bool { return len(rec.Messages()) > 0 })
			msgs := rec.Messages()
			logs, _ := filepath.Glob(filepath.Join(run, "lspilot", "daemon-*.log"))
			if len(logs) != 1 || len(msgs) != 1 || msgs[0].Type != protocol.MessageTypeError ||
				!strings.Contains(msgs[0].Message, tt.want) || !strings.Contains(msgs[0].Message, logs[0]) {
				t.Fatalf("editor was shown %+v, want one error with %q and the log %v", msgs, tt.want, logs)
			}
			if data, _ := os.ReadFile(logs[0]); !strings.Contains(string(data), tt.want) {
				t.Errorf("log %s = %q, want the reason", logs[0], data)
			}
			if code := p.wait(t); code != 1 {
				t.Errorf("forwarder exit code = %d, want 1", code)
			}
			if elapsed > 10*time.Second {
				t.Errorf("the editor was told after %s; the forwarder's bounds make it under 2s", elapsed)
			}
		})
	}
}
