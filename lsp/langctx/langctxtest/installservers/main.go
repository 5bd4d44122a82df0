// Command installservers builds gopls and installs pyright and
// typescript-language-server into lspilot's cache, once per machine, for
// the end-to-end tests of package langctx (`make langservers`).
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/lspilot/lspilot/lsp/langctx/langctxtest"
)

func main() {
	ctx := context.Background()
	for _, install := range []func(context.Context) (string, error){langctxtest.InstallGopls, langctxtest.InstallNode} {
		path, err := install(ctx)
		if err != nil {
			fmt.Fprintln(os.Stderr, "installservers:", err)
			os.Exit(1)
		}
		fmt.Println(path)
	}
}
