package langctx

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"go.lsp.dev/uri"

	"github.com/lspilot/lspilot/inference/complete"

	"github.com/google/go-cmp/cmp"
)

func TestImported(t *testing.T) {
	tests := []struct {
		name, languageID, text string
		want                   []anImport
	}{
		{name: "go block", languageID: "go", text: "package p\n\nimport (\n\t\"fmt\"\n\tstr \"strings\"\n\t_ \"embed\"\n\t. \"math\"\n\t\"github.com/sourcegraph/go-diff/diff\"\n\t\"example.com/mod/v2\"\n\t\"gopkg.in/yaml.v3\"\n)\n\nfunc f() {}\n",
			want: []anImport{{"fmt", "fmt"}, {"str", "strings"}, {"_", "embed"}, {"diff", "github.com/sourcegraph/go-diff/diff"},
				{"mod", "example.com/mod/v2"}, {"yaml", "gopkg.in/yaml.v3"}}},
		{name: "go lines", languageID: "go", text: "package p\n\nimport \"os\"\nimport x \"net/http\"\n",
			want: []anImport{{"os", "os"}, {"x", "net/http"}}},
		{name: "go, not code after the imports", languageID: "go", text: "package p\n\nimport \"os\"\n\nvar s = `\nimport \"fmt\"`\n",
			want: []anImport{{"os", "os"}, {"fmt", "fmt"}}}, // a raw string that looks like an import counts: a guess costs one ask
		{name: "python", languageID: "python", text: "import os\nimport os.path as osp\nimport xml.etree.ElementTree\nfrom a import b\n",
			want: []anImport{{"os", "os"}, {"osp", "os.path"}, {"xml", "xml"}}},
		{name: "typescript namespace", languageID: "typescript", text: "import * as path from 'node:path';\nimport { x } from './x';\nimport def from 'y';\n",
			want: []anImport{{"path", "node:path"}}},
		{name: "other languages", languageID: "rust", text: "use std::io;\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, imported(tt.languageID, tt.text), cmp.AllowUnexported(anImport{})); diff != "" {
				t.Errorf("imported (-want +got):\n%s", diff)
			}
		})
	}
}

// TestImportedQualifies: a package the document imports but does not use
// yet counts as a qualifier: the members its directory's other files use
// of it are wanted.
func TestImportedQualifies(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "a.go"), []byte("package p\n\nfunc a() bool { return strings.Contains(\"\", \"\") }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	m := New(Config{Root: root, LookPath: func(string) (string, error) { return "", errors.New("none") }})
	t.Cleanup(m.Shutdown)
	u := string(uri.File(filepath.Join(root, "b.go")))
	m.refreshDir(complete.Request{URI: u, Language: "go", Text: "package p\n\nimport \"strings\"\n\nfunc b() {\n\t\n}\n"})
	q := m.dirUsed(u).qualified
	if len(q) != 1 || q[0].spelled() != "strings.Contains" {
		t.Errorf("qualified = %+v, want strings.Contains", q)
	}
}
