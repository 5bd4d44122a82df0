package langctx

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.lsp.dev/uri"

	"github.com/lspilot/lspilot/lsp/textdoc"
)

// TestWorkspaceMembers: the members of a package the document imports
// are ranked by how many files of the workspace use them, wherever they
// are, under whatever name the file imports the package; generated,
// vendored, hidden, test and private files do not count, and neither do
// members of a name a file does not import.
func TestWorkspaceMembers(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{
		"a/a.go":             "package a\n\nimport \"strings\"\n\nfunc a(s string) bool {\n\treturn strings.HasPrefix(s, \"x\") && len(strings.Split(s, \",\")) > 1\n}\n",
		"b/b.go":             "package b\n\nimport str \"strings\"\n\nfunc b(s string) bool { return str.HasPrefix(s, \"é\") }\n",
		"c/d/c.go":           "package d\n\nimport (\n\t\"strings\"\n\t\"example.com/m/v2\"\n)\n\nfunc c(x T) { _ = strings.Fields(x.S); m.Run(); m.Run() }\n",
		"c/d/c_test.go":      "package d\n\nimport \"strings\"\n\nvar _ = strings.Repeat(\"\", 1) + strings.Repeat(\"\", 2)\n",
		"vendor/v/v.go":      "package v\n\nimport \"strings\"\n\nvar _ = strings.Repeat(\"\", 1)\n",
		"testdata/t.go":      "package t\n\nimport \"strings\"\n\nvar _ = strings.Repeat(\"\", 1)\n",
		".cache/h.go":        "package h\n\nimport \"strings\"\n\nvar _ = strings.Repeat(\"\", 1)\n",
		"e/my_secret.go":     "package e\n\nimport \"strings\"\n\nvar _ = strings.Repeat(\"\", 1)\n",
		"f/notimported.go":   "package f\n\nvar _ = strings.Repeat(\"\", 1)\n",
		"g/python_module.py": "import strings\nstrings.Repeat()\n",
	}
	writeFiles(t, root, files)
	m := New(Config{Root: root, LookPath: func(string) (string, error) { return "", errors.New("none") }})
	t.Cleanup(m.Shutdown)
	m.workspace["go"] = m.walkWorkspace("go")

	got := m.importedMembers("go", []anImport{{"strings", "strings"}, {"m", "example.com/m/v2"}, {"_", "embed"}}, 10)
	var spelled []string
	for _, id := range got {
		spelled = append(spelled, id.spelled())
	}
	want := []string{"strings.HasPrefix", "strings.Fields", "strings.Split", "m.Run"} // ties by name, then by import
	if diff := cmp.Diff(want, spelled); diff != "" {
		t.Errorf("members (-want +got):\n%s", diff)
	}
	if len(got) > 0 && got[0].at.uri != "file://"+filepath.ToSlash(filepath.Join(root, "a/a.go")) {
		t.Errorf("strings.HasPrefix asked at %s, want in a/a.go", got[0].at.uri)
	}
	if n := len(m.importedMembers("go", []anImport{{"strings", "strings"}}, 1)); n != 1 {
		t.Errorf("%d members for a limit of 1", n)
	}
	// Whatever its rank, a member spelled with the words written around
	// the cursor is found among those of the packages imported.
	related := m.relatedMembers("go", []anImport{{"strings", "strings"}, {"m", "example.com/m/v2"}},
		map[string]bool{"split": true, "run": true, "fields2": true}, 3)
	spelled = nil
	for _, id := range related {
		spelled = append(spelled, id.spelled())
	}
	if diff := cmp.Diff([]string{"strings.Split", "m.Run"}, spelled); diff != "" {
		t.Errorf("related members (-want +got):\n%s", diff)
	}
}

// TestLineCounter: positions of increasing offsets, in both encodings.
func TestLineCounter(t *testing.T) {
	text := "a\n😀 b.c\n\nd.e"
	var c lineCounter
	for _, off := range []int{0, 7, len(text) - 1} {
		got := c.at("file:///x", text, off)
		if got.utf8 != utf8Position(text, off) || got.utf16 != utf16Position(text, off) {
			t.Errorf("at %d: %+v %+v, want %+v %+v", off, got.utf8, got.utf16, utf8Position(text, off), utf16Position(text, off))
		}
	}
	if got := c.at("file:///x", text, len(text)-1); got.utf16 != (textdoc.Position{Line: 3, Character: 2}) {
		t.Errorf("last = %+v", got.utf16)
	}
}

// TestGuessedMembersAsLines: a member of an imported package that neither
// the document nor its directory uses comes as its declaring line alone;
// once the document uses it, whole.
func TestGuessedMembersAsLines(t *testing.T) {
	for _, tt := range []struct {
		name, text  string
		unknownHere bool // the server knows no lib.Gamma in the document
		emptyHere   bool // it knows it there, with nothing to show
		want        []string
	}{
		{name: "guessed", text: "package main\n\nimport \"example.com/lib\"\n\nvar x = 1\n",
			want: []string{"func Gamma() string { ... }\n"}},
		{name: "used by the document", text: "package main\n\nimport \"example.com/lib\"\n\nvar x = lib.Gamma()\n",
			want: []string{"// Gamma is third, and long.\nfunc Gamma() string { ... }\n"}},
		{name: "unknown where the document uses it", text: "package main\n\nimport \"example.com/lib\"\n\nvar x = lib.Gamma()\n", unknownHere: true,
			want: []string{"// Gamma is third, and long.\nfunc Gamma() string { ... }\n"}},
		{name: "nothing to show where the document uses it", text: "package main\n\nimport \"example.com/lib\"\n\nvar x = lib.Gamma()\n", emptyHere: true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newLookupFixture(t, 0)
			req := f.request(tt.text)
			other := string(uri.File(filepath.Join(f.root, "other", "o.go")))
			gamma := ident{name: "Gamma", qual: "lib", at: &elsewhere{uri: other}, guessed: true}
			f.m.workspace["go"] = workspaceUses{members: map[string][]member{"example.com/lib": {{id: gamma, files: 3}}}}
			f.m.dirs.Add(uriPath(req.URI), dirEntry{at: f.now, imports: imported("go", req.Text)})
			used, spelled := spelledAll(fileIdents("go", req.Text, req.Cursor, 64))
			f.m.symbols[req.URI] = symbolsEntry{used: used, spelled: spelled}
			for _, name := range []string{"lib", "x", "main"} {
				f.answer(t, req.URI, name)
			}
			f.answer(t, other, "lib.Gamma", 9)
			f.answer(t, req.URI, "lib.Gamma", 9)
			if tt.emptyHere {
				f.answer(t, req.URI, "lib.Gamma")
			}
			if tt.unknownHere {
				f.m.cache.answers.Add(identKey{req.URI, "lib.Gamma"}, answer{unknown: true, expires: f.now.Add(negativeTTL)})
			}
			files, _ := f.m.lookup(req)
			var texts []string
			for _, f := range files {
				texts = append(texts, f.Text)
			}
			if diff := cmp.Diff(tt.want, texts); diff != "" {
				t.Errorf("snippets (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRefreshWorkspace: the walk runs once in the background, and not
// again within its TTL; Shutdown waits for it.
func TestRefreshWorkspace(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "a.go"), []byte("package a\n\nimport \"os\"\n\nvar _ = os.Getenv(\"\")\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	now := time.Unix(1000, 0)
	m := New(Config{Root: root, Now: func() time.Time { return now }, LookPath: func(string) (string, error) { return "", errors.New("none") }})
	m.refreshWorkspace("go")
	m.refreshWorkspace("go") // under way: not a second walk
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(time.Millisecond) {
		if len(m.importedMembers("go", []anImport{{"os", "os"}}, 1)) == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the walk did not end")
		}
	}
	if err := os.WriteFile(filepath.Join(root, "b.go"), []byte("package a\n\nimport \"os\"\n\nvar _ = os.Exit\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	m.refreshWorkspace("go") // within the TTL: nothing
	m.Shutdown()
	if got := m.importedMembers("go", []anImport{{"os", "os"}}, 8); len(got) != 1 {
		t.Errorf("%d members after a refresh within the TTL, want 1", len(got))
	}
	m.refreshWorkspace("go") // after Shutdown: nothing starts
}
