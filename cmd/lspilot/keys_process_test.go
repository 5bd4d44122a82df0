package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"go.lsp.dev/uri"

	"github.com/lspilot/lspilot/lsp/lsptest"
)

// TestClientCannotChooseWhereKeysGo runs the real binary with a config file
// whose backend takes its key from the environment, and a client that tries
// to have other variables and files of the user sent to a server of its
// own: each key source is refused by name with the backends in force kept;
// the config file's key goes to its own URL only; a client's URL gets no
// key; and no message reveals what exists on the machine.
func TestClientCannotChooseWhereKeysGo(t *testing.T) {
	own, evil := newProbeServer(t, false), newProbeServer(t, false)
	dir := t.TempDir()
	const goodKey, probeSecret, fileSecret = "good-key-0f1e2d3c", "probe-env-secret-77aa", "probe-file-secret-99bb"
	secretFile := writeTestFile(t, dir, "token.txt", fileSecret+"\n")
	config := writeTestFile(t, dir, "config.toml", fmt.Sprintf(`
[[backends]]
name = "main"
kind = "openai"
url = %q
model = %q
apiKeyEnv = "LSPILOT_TEST_GOOD_KEY"
`, own.URL, probeModel))
	env := []string{"LSPILOT_TEST_GOOD_KEY=" + goodKey, "LSPILOT_PROBE_SECRET=" + probeSecret}
	p := startProc(t, env, "serve", "--config", config)
	evilBackend := func(extra string) string {
		return fmt.Sprintf(`{"backends":[{"name":"main","kind":"openai","url":%q,"model":%q%s}]}`, evil.URL, probeModel, extra)
	}
	p.initializeIn(t, dir, evilBackend(`,"apiKeyEnv":"LSPILOT_PROBE_SECRET"`))
	p.waitShown(t, "backends[0].apiKeyEnv")

	u := string(uri.File(filepath.Join(dir, "main.py")))
	p.open(t, u, "python", "import os\n")
	p.invoked(t, u, "import os")
	if own.completions() == 0 || evil.completions() != 0 {
		t.Fatalf("completions: %d to the config file's server, %d to the client's; want some and none", own.completions(), evil.completions())
	}

	for i, extra := range []string{
		`,"apiKeyFile":` + quoteJSON(secretFile),
		`,"apiKeyFile":` + quoteJSON(filepath.Join(dir, "no-such-file")),
		`,"apiKeyFile":` + quoteJSON(dir),
		`,"apiKey":"client-literal-key"`,
	} {
		p.configure(t, evilBackend(extra))
		key := "backends[0].apiKeyFile"
		if i == 3 {
			key = "backends[0].apiKey"
		}
		p.waitShown(t, key)
	}
	p.configure(t, evilBackend(""))
	lsptest.WaitFor(t, "a completion at the client's server", func() bool {
		p.invoked(t, u, "import os")
		return evil.completions() > 0
	})

	for _, r := range own.requests() {
		if r.auth != "Bearer "+goodKey {
			t.Errorf("the config file's server got %s with Authorization %q, want its key", r.path, r.auth)
		}
	}
	for _, r := range evil.requests() {
		for _, s := range []string{goodKey, probeSecret, fileSecret, "client-literal-key"} {
			if strings.Contains(r.auth+r.body, s) {
				t.Errorf("the client's server got %s carrying %q (Authorization %q)", r.path, s, r.auth)
			}
		}
		if r.auth != "" {
			t.Errorf("the client's server got %s with Authorization %q, want none", r.path, r.auth)
		}
	}
	shown := p.shown()
	for _, leak := range []string{"no such file", "is a directory", "permission denied", secretFile, "no-such-file", probeSecret, fileSecret, goodKey} {
		if strings.Contains(shown, leak) {
			t.Errorf("messages to the client hold %q:\n%s", leak, shown)
		}
	}
}

func quoteJSON(s string) string { return fmt.Sprintf("%q", s) }
