package suggest

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestImports keeps the package's boundary: the standard library,
// diffing/lang and inference/prompt, nothing else.
func TestImports(t *testing.T) {
	allowed := map[string]bool{
		"github.com/lspilot/lspilot/diffing/lang":     true,
		"github.com/lspilot/lspilot/inference/prompt": true,
	}
	files, err := filepath.Glob("*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("glob: %v, %d files", err, len(files))
	}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, src, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if first, _, _ := strings.Cut(p, "/"); strings.Contains(first, ".") && !allowed[p] {
				t.Errorf("%s imports %s", name, p)
			}
		}
	}
}
