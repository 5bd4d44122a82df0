package complete

import (
	"strings"
	"testing"

	"github.com/lspilot/lspilot/inference/privacy"
)

// TestPrivateFilesNeverReachTheBackend: completions in files the privacy
// rules exclude make no backend call, and their text never becomes context
// of another file's prompt, whether excluded by a built-in pattern or by
// one the configuration adds.
func TestPrivateFilesNeverReachTheBackend(t *testing.T) {
	f := newFake()
	e := newTestEngine(t, f)
	private, err := privacy.New([]string{"settings.py"})
	if err != nil {
		t.Fatal(err)
	}
	e.cfg.Private = private
	e.context = newContextFeeds(e.cfg.ContextChunks, private)
	secrets := []struct{ path, text string }{
		{".env", "API_TOKEN=envSecretValue\n|"},
		{"keys/id_rsa", "-----BEGIN OPENSSH PRIVATE KEY-----\nrsaSecretBody\n|"},
		{"server.pem", "-----BEGIN PRIVATE KEY-----\npemSecretBody\n|"},
		{"app/settings.py", "SECRET = 'settingsSecretValue'\n|"},
	}
	for _, s := range secrets {
		req := at(s.text)
		req.URI, req.Path = "file:///w/"+s.path, s.path
		got, err := e.Complete(t.Context(), req)
		if err != nil || got != nil {
			t.Errorf("completion in %s = %v, %v; want nothing", s.path, got, err)
		}
	}
	if n, _ := f.calls(); n != 0 {
		t.Fatalf("%d backend calls for excluded files, want 0", n)
	}
	util := at("def helper():\n    return 'utilMarker'\n|")
	util.URI, util.Path, util.Language = "file:///w/util.py", "util.py", "python"
	if _, err := e.Complete(t.Context(), util); err != nil {
		t.Fatal(err)
	}
	main := at("import os\n\ndef main():\n    |\n")
	main.URI, main.Path, main.Language = "file:///w/main.py", "main.py", "python"
	if _, err := e.Complete(t.Context(), main); err != nil {
		t.Fatal(err)
	}
	if n, _ := f.calls(); n != 2 {
		t.Fatalf("%d backend calls, want util.py's and main.py's", n)
	}
	p := f.prompt(1)
	if !strings.Contains(p, "utilMarker") {
		t.Errorf("the prompt of main.py lacks the context of util.py:\n%s", p)
	}
	for _, word := range []string{"envSecretValue", "rsaSecretBody", "pemSecretBody", "settingsSecretValue"} {
		if strings.Contains(p, word) {
			t.Errorf("the prompt of main.py holds %q:\n%s", word, p)
		}
	}
}

// TestRingDropsChunksOfExcludedFiles: a chunk that entered the ring before
// its file was excluded is not read back.
func TestRingDropsChunksOfExcludedFiles(t *testing.T) {
	none, _ := privacy.New(nil)
	f := newContextFeed(8, none)
	a := at("notes = 'private notes'\n|")
	a.URI, a.Path = "file:///w/notes.py", "notes.py"
	b := at("x = 1\n|")
	b.URI, b.Path = "file:///w/b.py", "b.py"
	f.observe(a)
	f.observe(b)
	if got := f.chunks(); len(got) != 1 || got[0].Path != "notes.py" {
		t.Fatalf("chunks = %+v, want notes.py's", got)
	}
	f.private, _ = privacy.New([]string{"notes.py"})
	if got := f.chunks(); len(got) != 0 {
		t.Errorf("chunks = %+v, want none once notes.py is excluded", got)
	}
}
