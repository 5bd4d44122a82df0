package main

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	lspconfig "github.com/lspilot/lspilot/lsp/config"
)

func TestReportLanguageServers(t *testing.T) {
	onPath := func(names ...string) func(string) (string, error) {
		return func(name string) (string, error) {
			for _, n := range names {
				if n == name {
					return "/bin/" + name, nil
				}
			}
			return "", errors.New("not found")
		}
	}
	tests := []struct {
		name string
		ctx  lspconfig.Context
		path func(string) (string, error)
		want []string // lines that must appear
	}{
		{name: "found and missing", ctx: lspconfig.Context{Definitions: true}, path: onPath("gopls", "basedpyright-langserver"),
			want: []string{"ok    go       /bin/gopls", "ok    python   /bin/basedpyright-langserver --stdio", "skip  rust     not found on PATH: rust-analyzer"}},
		{name: "configured command", ctx: lspconfig.Context{Definitions: true, LanguageServers: map[string]lspconfig.LanguageServer{"go": {Command: []string{"mygopls", "-x"}}}},
			path: onPath("mygopls"), want: []string{"ok    go       /bin/mygopls -x"}},
		{name: "language off", ctx: lspconfig.Context{Definitions: true, LanguageServers: map[string]lspconfig.LanguageServer{"go": {}}},
			path: onPath("gopls"), want: []string{"skip  go       off: context.languageServers.go.command is empty"}},
		{name: "go without gopls", ctx: lspconfig.Context{Definitions: true}, path: onPath(),
			want: []string{"skip  go       not found on PATH: gopls; declarations are read from the package's files"}},
		{name: "all off", ctx: lspconfig.Context{}, path: onPath("gopls"), want: []string{"skip  all      off: context.definitions is false"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			cfg := lspconfig.Default()
			cfg.Context = tt.ctx
			reportLanguageServers(&b, cfg, tt.path)
			lines := strings.Split(b.String(), "\n")
			var missing []string
			for _, w := range tt.want {
				found := false
				for _, l := range lines {
					found = found || strings.TrimRight(l, " ") == w
				}
				if !found {
					missing = append(missing, w)
				}
			}
			if diff := cmp.Diff([]string(nil), missing); diff != "" {
				t.Errorf("missing lines (-want +got):\n%s\nreport:\n%s", diff, b.String())
			}
		})
	}
}
