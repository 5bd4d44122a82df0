package main

import (
	"strings"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/lspilot/lspilot/lsp/lsptest"
)

// waitMessage waits for a window/showMessage of type typ holding want.
func waitMessage(t *testing.T, rec *lsptest.Recorder, typ protocol.MessageType, want string) protocol.ShowMessageParams {
	t.Helper()
	var got protocol.ShowMessageParams
	lsptest.WaitFor(t, "a message with "+want, func() bool {
		for _, m := range rec.Messages() {
			if m.Type == typ && strings.Contains(m.Message, want) {
				got = m
				return true
			}
		}
		return false
	})
	return got
}

// TestConfigReloadLive edits the config file of a running server, in a
// plain serve process and in the shared daemon: the editor is told which
// keys changed, and the next suggestion comes from the new backend.
func TestConfigReloadLive(t *testing.T) {
	for _, remote := range []bool{false, true} {
		name := map[bool]string{false: "serve", true: "daemon"}[remote]
		t.Run(name, func(t *testing.T) {
			fa, fb := newFakeOpenAI(t, "sumPair", "return a + b"), newFakeOpenAI(t, "sumPair", "return b + a")
			cfg := writeTestConfig(t, fa.URL)
			args := []string{"serve", "--config", cfg}
			if remote {
				args = append(args, "--remote=auto", "--idle-timeout=2s")
			}
			var rec lsptest.Recorder
			p := startProcWith(t, &rec, runtimeEnv(t), args...)
			p.initialize(t)
			if got := p.suggest(t); !strings.Contains(got, "return a + b") {
				t.Fatalf("suggestion before the edit = %q, want the first backend's", got)
			}
			saveFile(t, cfg, testConfig(fb.URL))
			waitMessage(t, &rec, protocol.MessageTypeInfo, "changed: backends")
			if got := p.suggest(t); !strings.Contains(got, "return b + a") {
				t.Errorf("suggestion after the edit = %q, want the new backend's", got)
			}
			if fa.suggestionCalls() != 1 || fb.suggestionCalls() != 1 {
				t.Errorf("suggestion calls: %d at the old backend, %d at the new: want 1 and 1", fa.suggestionCalls(), fb.suggestionCalls())
			}
			if code := p.shutdown(t); code != 0 {
				t.Errorf("exit code = %d, want 0", code)
			}
		})
	}
}

// TestConfigReloadRefused saves invalid config files: the editor is told
// what was refused, naming the file, the line and the key, and the
// previous configuration stays.
func TestConfigReloadRefused(t *testing.T) {
	tests := []struct {
		name, edit, want string
	}{
		{"negative value", "[completion]\nwarmup = false\nmaxTokens = -1\n", "config.toml:3:1: completion.maxTokens: -1 is negative"},
		{"unknown key", "[fim]\ntemplate = \"qwen2.5-coder\"\n\n[completion]\nwarmup = false\nwarmUp = true\n", "config.toml:6:1: completion.warmUp: unknown key"},
		{"toml syntax", "[completion\n", "config.toml:1:12: expected '.' or ']'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fa := newFakeOpenAI(t, "sumPair", "return a + b")
			cfg := writeTestConfig(t, fa.URL)
			var rec lsptest.Recorder
			p := startProcWith(t, &rec, nil, "serve", "--config", cfg)
			p.initialize(t)
			saveFile(t, cfg, tt.edit)
			m := waitMessage(t, &rec, protocol.MessageTypeError, tt.want)
			if !strings.Contains(m.Message, cfg) || !strings.Contains(m.Message, "previous configuration stays") {
				t.Errorf("message %q does not name the file %s and what stays", m.Message, cfg)
			}
			if got := p.suggest(t); !strings.Contains(got, "return a + b") || fa.suggestionCalls() != 1 {
				t.Errorf("suggestion after the refused edit = %q (%d calls): want the previous backend's", got, fa.suggestionCalls())
			}
			if code := p.shutdown(t); code != 0 {
				t.Errorf("exit code = %d, want 0", code)
			}
		})
	}
}
