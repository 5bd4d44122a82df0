package langctx

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"go.lsp.dev/uri"
)

func TestConstrained(t *testing.T) {
	tests := []struct {
		languageID, path, text string
		want                   bool
	}{
		{"go", "/w/a.go", "package a\n", false},
		{"go", "/w/a_linux.go", "package a\n", true},
		{"go", "/w/a_windows_arm64.go", "package a\n", true},
		{"go", "/w/sys_arm64.go", "package a\n", true},
		{"go", "/w/go_pointer.go", "package a\n", false},
		{"go", "/w/a.go", "// Copyright\n\n//go:build !purego\n\npackage a\n", true},
		{"go", "/w/a.go", "package a\n\n// A comment that says //go:build x.\n", false},
		{"python", "/w/a_linux.py", "", false},
	}
	for _, tt := range tests {
		if got := constrained(tt.languageID, tt.path, tt.text); got != tt.want {
			t.Errorf("constrained(%q, %q) = %v, want %v", tt.path, tt.text, got, tt.want)
		}
	}
}

// TestUseInKeptFile: a name is asked about where a file the build keeps
// uses it, though a file it may leave out comes first, in the directory
// and in the workspace.
func TestUseInKeptFile(t *testing.T) {
	root := t.TempDir()
	for name, text := range map[string]string{
		"a_windows.go": "package p\n\nimport \"os\"\n\nfunc a() { helper(); os.Exit(1) }\n",
		"b.go":         "//go:build purego\n\npackage p\n\nimport \"os\"\n\nfunc b() { helper(); os.Exit(2) }\n",
		"c.go":         "package p\n\nimport \"os\"\n\nfunc c() { helper(); os.Exit(3) }\n",
		"d.go":         "package p\n\nfunc d() { onlyHere() }\n",
	} {
		if err := os.WriteFile(filepath.Join(root, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	m := New(Config{Root: root, LookPath: func(string) (string, error) { return "", errors.New("none") }})
	t.Cleanup(m.Shutdown)
	e := m.dirIdents(m.dirFiles(root, "go"), filepath.Join(root, "self.go"), map[string]bool{"os": true})
	c := string(uri.File(filepath.Join(root, "c.go")))
	if got := e.uses["helper"].at.uri; got != c {
		t.Errorf("helper asked in %s, want c.go", got)
	}
	if got := e.qualUses["os.Exit"].at.uri; got != c {
		t.Errorf("os.Exit asked in %s, want c.go", got)
	}
	m.workspace["go"] = m.walkWorkspace("go")
	if got := m.importedMembers("go", []anImport{{"os", "os"}}, 1); len(got) != 1 || got[0].at.uri != c {
		t.Errorf("workspace's os.Exit = %+v, want asked in c.go", got)
	}
}
