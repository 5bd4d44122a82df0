// Package helix_test checks the Helix configuration for lspilot
// (languages.toml) against Helix's schema, and that the command it names
// starts the real lspilot and serves a session the way Helix opens one.
// Helix itself is not packaged for Debian 12, so it does not run here.
package helix_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
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
	if len(lspilot.Config) == 0 {
		t.Error("lspilot has no config example (initializationOptions)")
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
		var names []string
		for _, ref := range l.LanguageServers {
			names = append(names, ref.Name)
			if _, ok := c.LanguageServer[ref.Name]; !ok && !helixServers[ref.Name] {
				t.Errorf("language %q names server %q, defined neither here nor by Helix", l.Name, ref.Name)
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
		for _, ref := range l.LanguageServers {
			got[l.Name] = append(got[l.Name], ref.Name)
		}
	}
	tests := []struct {
		give string
		want []string // Helix's default servers for the language
	}{
		{give: "go", want: []string{"gopls", "golangci-lint-lsp"}},
		{give: "python", want: []string{"ty", "ruff", "jedi", "pylsp"}},
		{give: "rust", want: []string{"rust-analyzer"}},
		{give: "typescript", want: []string{"typescript-language-server"}},
		{give: "tsx", want: []string{"typescript-language-server"}},
		{give: "javascript", want: []string{"typescript-language-server"}},
		{give: "jsx", want: []string{"typescript-language-server"}},
		{give: "c", want: []string{"clangd"}},
		{give: "cpp", want: []string{"clangd"}},
		{give: "java", want: []string{"jdtls"}},
		{give: "lua", want: []string{"lua-language-server"}},
		{give: "ruby", want: []string{"ruby-lsp", "solargraph"}},
		{give: "bash", want: []string{"bash-language-server"}},
	}
	for _, tt := range tests {
		want := append(slices.Clone(tt.want), "lspilot")
		if diff := cmp.Diff(want, got[tt.give]); diff != "" {
			t.Errorf("language-servers of %s (-want +got):\n%s", tt.give, diff)
		}
		delete(got, tt.give)
	}
	for name := range got {
		t.Errorf("language %q is not checked here: add its Helix defaults to the table", name)
	}
}

// helixServers are the server names Helix defines itself that the file uses.
var helixServers = map[string]bool{
	"gopls": true, "golangci-lint-lsp": true, "ty": true, "ruff": true, "jedi": true, "pylsp": true,
	"rust-analyzer": true, "typescript-language-server": true, "clangd": true, "jdtls": true,
	"lua-language-server": true, "ruby-lsp": true, "solargraph": true, "bash-language-server": true,
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
