package main

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/lspilot/lspilot/inference/doctor"
	lspconfig "github.com/lspilot/lspilot/lsp/config"
	"github.com/lspilot/lspilot/lsp/langctx"
)

// reportLanguageServers says, for each language, which server lspilot would
// ask for definitions (context.definitions) and whether it is on PATH. A
// missing server is no failure: that language's prompts go without.
func reportLanguageServers(w io.Writer, cfg lspconfig.Config, lookPath func(string) (string, error)) {
	fmt.Fprintln(w, "language servers (context.definitions)")
	if !cfg.Context.Definitions {
		line(w, doctor.Skip, "all", "off: context.definitions is false")
		return
	}
	servers := cfg.Context.Servers()
	ids := slices.Sorted(maps.Keys(langctx.DefaultServers))
	for id := range servers {
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	for _, id := range ids {
		cmd, want, ok := langctx.Command(id, servers, lookPath)
		switch {
		case ok:
			line(w, doctor.OK, id, strings.Join(cmd, " "))
		case len(want) == 0:
			line(w, doctor.Skip, id, "off: context.languageServers."+id+".command is empty")
		case langctx.ReadsDeclarations(id):
			line(w, doctor.Skip, id, "not found on PATH: "+strings.Join(want, ", ")+"; declarations are read from the package's files")
		default:
			line(w, doctor.Skip, id, "not found on PATH: "+strings.Join(want, ", "))
		}
	}
}
