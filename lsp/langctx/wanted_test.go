package langctx

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.lsp.dev/uri"

	"github.com/lspilot/lspilot/inference/complete"
)

// TestWantedOrder: the first identifiers near the cursor come first, then
// the document's most used, then the rest of those near the cursor, then
// more of the most used; Config.MaxIdents bounds them all.
func TestWantedOrder(t *testing.T) {
	var sb strings.Builder
	sb.WriteString("package p\n\nfunc f() {\n\tu1(); u1(); u1()\n\tu2(); u2()\n\tu3()\n")
	sb.WriteString(strings.Repeat("\n", 12))
	for i := 8; i >= 1; i-- { // n1 on the line above the cursor's
		sb.WriteString("\tn" + string(rune('0'+i)) + "()\n")
	}
	sb.WriteString("\t")
	text := sb.String()
	tests := []struct {
		most int
		want []string
	}{
		{most: 32, want: []string{"n1", "n2", "n3", "n4", "u1", "u2", "n5", "n6", "n7", "n8", "u3", "f", "p"}},
		{most: 16, want: []string{"n1", "n2", "u1", "n3", "n4", "u2", "n5", "n6"}},
	}
	for _, tt := range tests {
		root := t.TempDir()
		m := New(Config{Root: root, MaxIdents: tt.most, LinesAbove: 10,
			LookPath: func(string) (string, error) { return "", errors.New("none") }})
		t.Cleanup(m.Shutdown)
		req := complete.Request{URI: string(uri.File(filepath.Join(root, "p.go"))), Language: "go", Text: text, Cursor: len(text)}
		e := symbolsEntry{}
		e.used, e.spelled = spelledAll(fileIdents(req.Language, req.Text, req.Cursor, candidates*tt.most/2))
		m.symbols[req.URI] = e
		var got []string
		for _, id := range m.wanted(req) {
			got = append(got, id.spelled())
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("MaxIdents %d: wanted (-want +got):\n%s", tt.most, diff)
		}
	}
}

// TestUnusedImportsEarly: the members of a package the document imports
// but does not use yet come right after the first identifiers near the
// cursor, before those of the packages it uses, which the workspace uses
// more.
func TestUnusedImportsEarly(t *testing.T) {
	f := newLookupFixture(t, 0)
	// A blank import is not one to use.
	text := "package main\n\nimport (\n\t_ \"embed\"\n\t\"example.com/lib\"\n\t\"example.com/util\"\n)\n\nfunc main() {\n\tutil.X()\n\t"
	req := f.request(text)
	other := string(uri.File(filepath.Join(f.root, "other", "o.go")))
	f.m.workspace["go"] = workspaceUses{members: map[string][]member{
		"example.com/lib":  {{id: ident{name: "Gamma", qual: "lib", at: &elsewhere{uri: other}}, files: 3}},
		"example.com/util": {{id: ident{name: "Helper", qual: "util", at: &elsewhere{uri: other}}, files: 9}},
	}}
	// A file of the directory uses lib.Gamma: it is asked about there.
	sib := filepath.Join(f.root, "sib.go")
	if err := os.WriteFile(sib, []byte("package main\n\nimport \"example.com/lib\"\n\nvar _ = lib.Gamma()\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	f.m.refreshDir(req)
	if diff := cmp.Diff([]anImport{{"lib", "example.com/lib"}}, f.m.dirUsed(req.URI).unused, cmp.AllowUnexported(anImport{})); diff != "" {
		t.Errorf("unused imports (-want +got):\n%s", diff)
	}
	var got []string
	for _, id := range f.m.wanted(req) {
		got = append(got, id.spelled())
		if id.spelled() == "lib.Gamma" && (id.at == nil || id.at.uri != string(uri.File(sib))) {
			t.Errorf("lib.Gamma asked at %+v, want where sib.go uses it", id.at)
		}
	}
	gamma, helper := slices.Index(got, "lib.Gamma"), slices.Index(got, "util.Helper")
	if gamma < 0 || helper < 0 || gamma > helper {
		t.Errorf("wanted %q: lib.Gamma should come before util.Helper", got)
	}
}
