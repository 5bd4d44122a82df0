package lsp

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"go.lsp.dev/uri"

	"github.com/lspilot/lspilot/lsp/config"
)

// TestLocate checks the one workspace check of the edit path against links
// that lead out of the root, dangling ones above all: creating a file
// through a dangling link creates its target.
func TestLocate(t *testing.T) {
	tests := []struct {
		name  string
		links map[string]string // link name in the root → target; "$OUT" is a directory outside
		give  string
		want  string // the location's rel, or "" for ErrOutsideWorkspace
	}{
		{name: "plain new file", give: "pkg/new.go", want: "pkg/new.go"},
		{name: "existing file", give: "p.go", want: "p.go"},
		{name: "dangling link to a missing file outside", links: map[string]string{"evil.go": "$OUT/missing.go"}, give: "evil.go"},
		{name: "dangling link to a missing directory outside", links: map[string]string{"gen": "$OUT/missing/dir"}, give: "gen/x.go"},
		{name: "link to an existing directory outside", links: map[string]string{"out": "$OUT"}, give: "out/x.go"},
		{name: "relative link climbing out", links: map[string]string{"up": "../../"}, give: "up/x.go"},
		{name: "chain ending outside", links: map[string]string{"a": "b", "b": "$OUT/c.go"}, give: "a"},
		{name: "link staying inside", links: map[string]string{"alias.go": "p.go"}, give: "alias.go", want: "p.go"},
		{name: "dangling link staying inside", links: map[string]string{"later.go": "sub/later.go"}, give: "later.go", want: "sub/later.go"},
		{name: "absolute path elsewhere", give: "$OUT/x.go"},
		{name: "dot-dot", give: "../x.go"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := t.TempDir()
			root, out := filepath.Join(base, "ws", "root"), filepath.Join(base, "out")
			for _, d := range []string{root, out} {
				if err := os.MkdirAll(d, 0o755); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.WriteFile(filepath.Join(root, "p.go"), []byte("package p\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			for name, target := range tt.links {
				if err := os.Symlink(expand(target, out), filepath.Join(root, name)); err != nil {
					t.Fatal(err)
				}
			}
			s := &server{roots: []string{root}}
			loc, err := s.locate(filepath.Join(root, "p.go"), expand(tt.give, out))
			if tt.want == "" {
				if err == nil {
					t.Fatalf("locate = %+v, want it refused", loc)
				}
				return
			}
			if err != nil || loc.rel != tt.want {
				t.Fatalf("locate = %+v, %v; want rel %q", loc, err, tt.want)
			}
		})
	}
}

func expand(s, out string) string {
	if len(s) >= 4 && s[:4] == "$OUT" {
		return out + s[4:]
	}
	return s
}

// TestLocateRootBehindLink accepts files of a root that is itself reached
// through a link, as /tmp is on some systems.
func TestLocateRootBehindLink(t *testing.T) {
	base := t.TempDir()
	real := filepath.Join(base, "real")
	if err := os.Mkdir(real, 0o755); err != nil {
		t.Fatal(err)
	}
	root := filepath.Join(base, "link")
	if err := os.Symlink(real, root); err != nil {
		t.Fatal(err)
	}
	s := &server{roots: []string{root}}
	loc, err := s.locate("", "a/b.go")
	if err != nil || loc.rel != "a/b.go" || loc.root != real {
		t.Fatalf("locate = %+v, %v; want a/b.go under %s", loc, err, real)
	}
}

// TestResolvePathLoop refuses a path whose links go round.
func TestResolvePathLoop(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	if err := os.Symlink(b, a); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(a, b); err != nil {
		t.Fatal(err)
	}
	if _, err := resolvePath(filepath.Join(a, "x")); !errors.Is(err, errLinkLoop) {
		t.Fatalf("resolvePath of a loop = %v, want errLinkLoop", err)
	}
}

// TestLookupFileBehindLink checks that a harmless name linking to a file the
// privacy rules exclude is never read for a proposal.
func TestLookupFileBehindLink(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, ".env"), []byte("TOKEN=hunter2\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "util.py"), []byte("x = 1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(".env", filepath.Join(root, "notes.txt")); err != nil {
		t.Fatal(err)
	}
	s := &server{roots: []string{root}, config: config.NewStore(), docs: newDocuments()}
	doc := filepath.Join(root, "main.py")
	tests := []struct {
		give   string
		wantOK bool
	}{
		{"util.py", true},
		{".env", false},
		{"notes.txt", false},
	}
	for _, tt := range tests {
		text, ok := s.lookupFile(doc, tt.give)
		if ok != tt.wantOK {
			t.Errorf("lookupFile(%q) = %q, %v; want ok %v", tt.give, text, ok, tt.wantOK)
		}
	}
}

// BenchmarkExcludedDoc measures the privacy check every completion, hover
// and code action of a document pays: the patterns, then where links lead.
func BenchmarkExcludedDoc(b *testing.B) {
	root := b.TempDir()
	dir := filepath.Join(root, "internal", "server")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(dir, "handler.go")
	if err := os.WriteFile(path, []byte("package server\n"), 0o644); err != nil {
		b.Fatal(err)
	}
	s := &server{roots: []string{root}, config: config.NewStore(), docs: newDocuments()}
	u := string(uri.File(path))
	rel := s.relPath(u)
	b.ReportAllocs()
	for b.Loop() {
		if s.excludedDoc(rel, u) {
			b.Fatal("excluded")
		}
	}
}
