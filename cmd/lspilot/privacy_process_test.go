package main

import (
	"path/filepath"
	"strings"
	"testing"

	"go.lsp.dev/uri"
)

// TestSecretFilesNeverReachTheBackend runs the real binary against a
// recording server with .env, a private key, a certificate key and
// settings.py open next to main.py: completions inside the secret files
// make no backend request, and none of their contents appear in any request
// the completion in main.py makes, while an ordinary file still serves as
// context. The built-in patterns exclude the first three; settings.py is
// ordinary code, excluded here by privacy.exclude from the client.
func TestSecretFilesNeverReachTheBackend(t *testing.T) {
	srv := newProbeServer(t, false)
	root := t.TempDir()
	files := []struct{ name, lang, line0, secret string }{
		{".env", "dotenv", "API_TOKEN=envSecret0a1b2c", "envSecret0a1b2c"},
		{filepath.Join(".ssh", "id_rsa"), "plaintext", "rsaSecret3d4e5f", "rsaSecret3d4e5f"},
		{"server.pem", "plaintext", "pemSecret6a7b8c", "pemSecret6a7b8c"},
		{"settings.py", "python", "SECRET_KEY = 'djangoSecret9d0e'", "djangoSecret9d0e"},
		{"util.py", "python", "def helper(): return 'utilMarker'", ""},
	}
	p := startProc(t, nil, "serve", "--backend", srv.URL, "--model", probeModel, "--backend-kind", "openai")
	p.initializeIn(t, root, `{"privacy":{"exclude":["settings.py"]}}`)
	for _, f := range files {
		path := writeTestFile(t, root, f.name, f.line0+"\n")
		u := string(uri.File(path))
		p.open(t, u, f.lang, f.line0+"\n")
		before := srv.completions()
		p.invoked(t, u, f.line0)
		if got := srv.completions() - before; f.secret != "" && got != 0 {
			t.Errorf("a completion in %s made %d backend requests, want none", f.name, got)
		}
	}
	main := string(uri.File(writeTestFile(t, root, "main.py", "import os\n")))
	p.open(t, main, "python", "import os\n")
	before := srv.completions()
	p.invoked(t, main, "import os")
	if srv.completions() == before {
		t.Fatal("the completion in main.py made no backend request")
	}
	var main0 string
	for _, r := range srv.requests() {
		for _, f := range files {
			if f.secret != "" && strings.Contains(r.body, f.secret) {
				t.Errorf("a request to %s carries the content of %s", r.path, f.name)
			}
		}
		if strings.Contains(r.body, "import os") {
			main0 = r.body
		}
	}
	if !strings.Contains(main0, "utilMarker") {
		t.Errorf("the request for main.py lacks the context of util.py: %s", main0)
	}
}
