package stream_test

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestImports: the toolkit imports, of lspilot, only the root inference
// package, and nothing of LSP.
func TestImports(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			lspilot := strings.HasPrefix(path, "github.com/lspilot/lspilot/")
			if lspilot && path != "github.com/lspilot/lspilot/inference" || strings.HasPrefix(path, "go.lsp.dev/") {
				t.Errorf("%s imports %s", name, path)
			}
		}
	}
}
