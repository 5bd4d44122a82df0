// Package helix_test checks lspilot's Helix configuration: languages.toml
// and the README's snippet against Helix's schema and Helix 25.07's default
// servers (read from the real Helix's health check), the session the
// command starts, and, in Helix 25.07.1 itself (run in the Debian unstable
// chroot of package chroottest, in tmux, against a real Ollama), completion
// from typing to the file written.
package helix_test

import (
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/lspilot/lspilot/editors/editortest"
)

const configFile = "languages.toml"

// TestSchema checks the file's servers and the references to them.
func TestSchema(t *testing.T) {
	c, err := load(configFile)
	if err != nil {
		t.Fatal(err)
	}
	lspilot, ok := c.LanguageServer["lspilot"]
	if !ok {
		t.Fatalf("no [language-server.lspilot] in %s", configFile)
	}
	if diff := cmp.Diff([]string{"serve", "--remote=auto"}, lspilot.Args); diff != "" {
		t.Errorf("lspilot args (-want +got):\n%s", diff)
	}
	if lspilot.Command != "lspilot" {
		t.Errorf("lspilot command = %q, want lspilot", lspilot.Command)
	}
	if lspilot.Timeout != nil && *lspilot.Timeout <= 0 {
		t.Errorf("lspilot timeout = %d, want a positive number of seconds", *lspilot.Timeout)
	}
	if backends, _ := lspilot.Config["backends"].([]map[string]any); len(backends) != 1 || backends[0]["url"] == nil || backends[0]["model"] == nil {
		t.Errorf("lspilot's config (initializationOptions) = %v, want an example backend with url and model", lspilot.Config)
	}
	for name, s := range c.LanguageServer {
		if s.Command == "" {
			t.Errorf("[language-server.%s] has no command", name)
		}
	}

	seen := map[string]bool{}
	for _, l := range c.Language {
		if l.Name == "" {
			t.Errorf("a [[language]] entry has no name")
			continue
		}
		if seen[l.Name] {
			t.Errorf("language %q appears twice", l.Name)
		}
		seen[l.Name] = true
		names := serverNames(l)
		for _, name := range names {
			if _, ok := c.LanguageServer[name]; !ok && !helixServer(name) {
				t.Errorf("language %q names server %q, defined neither here nor by Helix", l.Name, name)
			}
		}
		if !slices.Contains(names, "lspilot") {
			t.Errorf("language %q does not run lspilot", l.Name)
		}
	}
}

// TestLanguages checks that each language keeps Helix's own servers, in
// Helix's order, and adds lspilot last: a user's list replaces the default.
func TestLanguages(t *testing.T) {
	c, err := load(configFile)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, l := range c.Language {
		got[l.Name] = serverNames(l)
	}
	for _, name := range slices.Sorted(maps.Keys(helixDefaults)) {
		want := append(slices.Clone(helixDefaults[name]), "lspilot")
		if diff := cmp.Diff(want, got[name]); diff != "" {
			t.Errorf("language-servers of %s (-want +got):\n%s", name, diff)
		}
		delete(got, name)
	}
	for name := range got {
		t.Errorf("language %q is not checked here: add its Helix defaults to helixDefaults", name)
	}
}

// TestReadmeSnippet checks that the README's snippet is the file's lspilot
// server and a few of its languages, unchanged.
func TestReadmeSnippet(t *testing.T) {
	path := filepath.Join(t.TempDir(), "languages.toml")
	writeFile(t, path, editortest.Snippet(t, "setup-helix"))
	snippet, err := load(path)
	if err != nil {
		t.Fatalf("the README's snippet: %v", err)
	}
	file, err := load(configFile)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(file.LanguageServer, snippet.LanguageServer); diff != "" {
		t.Errorf("servers of the README's snippet differ from %s (-file +snippet):\n%s", configFile, diff)
	}
	if len(snippet.Language) == 0 {
		t.Error("the README's snippet has no [[language]] entry")
	}
	checkReadmeCapture(t)
	for _, l := range snippet.Language {
		i := slices.IndexFunc(file.Language, func(f language) bool { return f.Name == l.Name })
		if i < 0 {
			t.Errorf("the README's snippet configures %s, which %s does not", l.Name, configFile)
			continue
		}
		if diff := cmp.Diff(file.Language[i], l); diff != "" {
			t.Errorf("%s in the README's snippet differs from %s (-file +snippet):\n%s", l.Name, configFile, diff)
		}
	}
}

// checkReadmeCapture checks that the screen the README's Helix section
// shows (its text block) is part of the capture the Helix test writes.
func checkReadmeCapture(t *testing.T) {
	t.Helper()
	readme, err := os.ReadFile(filepath.Join(editortest.RepoRoot(t), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	section := regexp.MustCompile(`(?s)<!-- setup-helix -->.*?<!-- /setup-helix -->`).Find(readme)
	block := regexp.MustCompile("(?s)```text\n(.*?)```").FindSubmatch(section)
	if block == nil {
		t.Fatal("the README's Helix section shows no screen (a text block)")
	}
	capture, err := os.ReadFile(filepath.Join("testdata", "screens", "typing.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(capture), string(block[1])) {
		t.Errorf("the README's Helix screen is not part of testdata/screens/typing.txt:\n%s", block[1])
	}
}

// helixDefaults are the language servers Helix 25.07 configures for the
// languages the file sets up, in Helix's order; TestHelixDefaults compares
// them with the real Helix.
var helixDefaults = map[string][]string{
	"go":         {"gopls", "golangci-lint-lsp"},
	"python":     {"ty", "ruff", "jedi", "pylsp", "zuban"},
	"rust":       {"rust-analyzer"},
	"typescript": {"typescript-language-server"},
	"tsx":        {"typescript-language-server"},
	"javascript": {"typescript-language-server"},
	"jsx":        {"typescript-language-server"},
	"c":          {"clangd"},
	"cpp":        {"clangd"},
	"java":       {"jdtls"},
	"lua":        {"lua-language-server"},
	"ruby":       {"ruby-lsp", "solargraph"},
	"bash":       {"bash-language-server"},
}

// helixServer reports whether Helix defines the server name itself.
func helixServer(name string) bool {
	for _, servers := range helixDefaults {
		if slices.Contains(servers, name) {
			return true
		}
	}
	return false
}

// serverNames returns the names of a language's servers, in order.
func serverNames(l language) []string {
	var names []string
	for _, ref := range l.LanguageServers {
		names = append(names, ref.Name)
	}
	return names
}

// stdioArgs are args without --remote (--remote=ADDR or --remote ADDR): the
// test runs a private server over stdio instead of the user's shared daemon.
func stdioArgs(args []string) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		switch {
		case args[i] == "--remote" || args[i] == "-remote":
			i++ // and its value
		case strings.HasPrefix(args[i], "--remote=") || strings.HasPrefix(args[i], "-remote="):
		default:
			out = append(out, args[i])
		}
	}
	return out
}
