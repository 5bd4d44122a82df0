package langctx

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.lsp.dev/uri"

	"github.com/lspilot/lspilot/inference/complete"
)

func TestGoTopDecls(t *testing.T) {
	text := `package p

import "fmt"

// F is a function.
func F[T any](t T) {}

func (r *R) Method() {}

func init() {}

type R struct {
	Field int
}

var a, b = 1, 2

const (
	C1 = iota
	C2, C3
	_
	// a comment
)

type (
	T1 int
	T2 struct {
		inner int
	}
)

var _ = fmt.Sprint
var x int
var (
	y, z *[]fmt.Stringer
	w    = R{}
)`
	want := map[string][]declPos{
		"F": {{5, 5, ""}}, "R": {{11, 5, ""}}, "a": {{15, 4, ""}}, "b": {{15, 7, ""}},
		"C1": {{18, 1, ""}}, "C2": {{19, 1, ""}}, "C3": {{19, 5, ""}},
		"T1": {{25, 1, ""}}, "T2": {{26, 1, ""}}, "x": {{32, 4, "int"}},
		"y": {{34, 1, "fmt.Stringer"}}, "z": {{34, 4, "fmt.Stringer"}}, "w": {{35, 1, ""}},
	}
	if diff := cmp.Diff(want, goTopDecls(text), cmp.AllowUnexported(declPos{})); diff != "" {
		t.Errorf("goTopDecls (-want +got):\n%s", diff)
	}
}

// writeFiles writes files, by path relative to root.
func writeFiles(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for rel, text := range files {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestGoPackageDir(t *testing.T) {
	f := newLookupFixture(t, 0)
	goRoot, modCache := t.TempDir(), t.TempDir()
	f.m.scope.goOnce.Do(func() {})
	f.m.scope.goRoot, f.m.scope.goMod = goRoot, modCache
	writeFiles(t, f.root, map[string]string{
		"go.mod":                        "module example.com/m\n\nrequire (\n\texample.com/Dep v1.2.0\n\tgolang.org/x/text v0.3.0\n)\n",
		"internal/x/x.go":               "package x\n",
		"cmd/tool/main.go":              "package main\n",
		"vendor/golang.org/x/text/t.go": "package text\n",
		"sub/go.mod":                    "module example.com/sub\n",
		"sub/pkg/p.go":                  "package pkg\n",
	})
	writeFiles(t, goRoot, map[string]string{"src/strings/strings.go": "package strings\n"})
	writeFiles(t, modCache, map[string]string{"example.com/!dep@v1.2.0/sub/s.go": "package sub\n"})
	tests := []struct {
		from, path string
		want       string // "" when not found
	}{
		{from: "cmd/tool", path: "example.com/m/internal/x", want: filepath.Join(f.root, "internal", "x")},
		{from: "cmd/tool", path: "golang.org/x/text", want: filepath.Join(f.root, "vendor", "golang.org", "x", "text")},
		{from: "cmd/tool", path: "strings", want: filepath.Join(goRoot, "src", "strings")},
		{from: "cmd/tool", path: "example.com/Dep/sub", want: filepath.Join(modCache, "example.com", "!dep@v1.2.0", "sub")},
		{from: "sub/pkg", path: "example.com/sub/pkg", want: filepath.Join(f.root, "sub", "pkg")},
		{from: "sub/pkg", path: "example.com/m/internal/x"}, // another module, not required
		{from: "cmd/tool", path: "example.com/missing"},
		{from: "cmd/tool", path: "./relative"},
	}
	for _, tt := range tests {
		got, ok := f.m.goPackageDir(filepath.Join(f.root, filepath.FromSlash(tt.from)), tt.path)
		if ok != (tt.want != "") || got != tt.want {
			t.Errorf("goPackageDir(%s, %s) = %q, %v; want %q", tt.from, tt.path, got, ok, tt.want)
		}
	}
}

// TestResolveLexically: the package's bare names and the members of its
// imports are answered from the declaring lines, with no server; a name
// the document declares has nothing to show; one it declares inside a
// function, and one declared in more files than a build can take, are
// left to the server.
func TestResolveLexically(t *testing.T) {
	f := newLookupFixture(t, 0)
	f.m.scope.goOnce.Do(func() {})
	writeFiles(t, f.root, map[string]string{
		"go.mod":              "module example.com/m\n",
		"app/helpers.go":      "package app\n\n// helper helps.\nfunc helper() int { return 1 }\n\nvar (\n\tlimit = 3\n\tshadowed = 4\n)\n\n// Config configures.\ntype Config struct{ N int }\n\nvar cfg *Config\n",
		"app/os_linux.go":     "package app\n\nfunc getdirent(fd int) {}\n",
		"app/os_darwin.go":    "package app\n\nfunc getdirent() {}\n\nfunc many() {}\n",
		"app/os_windows.go":   "package app\n\nfunc many() {}\n",
		"app/os_plan9.go":     "package app\n\nfunc many() {}\n",
		"app/helpers_test.go": "package app\n\nfunc testOnly() {}\n",
		"lib/lib.go":          "package lib\n\n// Alpha is exported.\nfunc Alpha() {}\n\nfunc beta() {}\n",
	})
	text := "package app\n\nimport \"example.com/m/lib\"\n\nfunc own() {}\n\nfunc main() {\n\t_ = cfg.N\n\tshadowed := 1\n\t_ = shadowed\n\thelper()\n\t_ = limit\n\tgetdirent()\n\tmany()\n\ttestOnly()\n\town()\n\tlib.Alpha()\n\tlib.beta()\n\t"
	req := f.request(text)
	req.URI = string(uri.File(filepath.Join(f.root, "app", "main.go")))
	f.m.refreshDir(req)
	f.m.resolveLexically(req, false)
	got := map[string]int{}
	for _, name := range []string{"helper", "limit", "cfg", "shadowed", "getdirent", "many", "testOnly", "own", "lib.Alpha", "lib.beta"} {
		a, ok := f.m.cache.answer(identKey{req.URI, name}, f.now)
		switch {
		case !ok:
			got[name] = -1
		default:
			got[name] = len(a.locs)
		}
	}
	want := map[string]int{"helper": 1, "limit": 1, "cfg": 2, "shadowed": -1, "getdirent": 2, "many": -1, "testOnly": -1, "own": 0, "lib.Alpha": 1, "lib.beta": -1}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("locations per name, -1 unanswered (-want +got):\n%s", diff)
	}
	files, _ := f.m.lookup(req)
	var shown []string
	for _, file := range files {
		shown = append(shown, file.Path+": "+file.Text)
	}
	all := strings.Join(shown, "\n")
	for _, decl := range []string{"app/helpers.go: // helper helps.\nfunc helper() int", "limit = 3", "var cfg *Config", "// Config configures.\ntype Config struct{ N int }", "app/os_linux.go: func getdirent(fd int) {}",
		"app/os_darwin.go: func getdirent() {}", "lib/lib.go: // Alpha is exported.\nfunc Alpha() {}"} {
		if !strings.Contains(all, decl) {
			t.Errorf("snippets lack %q:\n%s", decl, all)
		}
	}
}

func TestGoLocals(t *testing.T) {
	text := "package p\n\nvar top int\n\nfunc (r *R) m(a, b int) (res error) {\n\tx := 1\n\tfor i, v := range xs {}\n\tvar y int\n\tconst c = 1\n\ttype T int\n\tf := func(q int) {}\nloop:\n\tswitch s := z.(type) {}\n}\n\nfunc g[P any]() {\n\t" // unfinished
	want := map[string]bool{"r": true, "a": true, "b": true, "res": true, "x": true, "i": true, "v": true,
		"y": true, "c": true, "T": true, "f": true, "q": true, "loop": true, "s": true, "P": true}
	if diff := cmp.Diff(want, goLocals(text)); diff != "" {
		t.Errorf("goLocals (-want +got):\n%s", diff)
	}
}

// TestDeclsWithoutServer: with no gopls on PATH, a Go document still gets
// the declarations its package's files hold, and the names they do not
// declare (main, the package's name) are not asked again at each
// keystroke; with Go's server turned off, nothing.
func TestDeclsWithoutServer(t *testing.T) {
	for _, off := range []bool{false, true} {
		root := t.TempDir()
		writeFiles(t, root, map[string]string{"go.mod": "module example.com/m\n", "helpers.go": "package m\n\nfunc helper() int { return 1 }\n"})
		cfg := Config{Root: root, LookPath: func(string) (string, error) { return "", errors.New("none") }}
		if off {
			cfg.Servers = map[string][]string{"go": {}}
		}
		m := New(cfg)
		text := "package m\n\nfunc main() {\n\thelper()\n\t"
		req := complete.Request{URI: string(uri.File(filepath.Join(root, "main.go"))), Language: "go", Text: text, Cursor: len(text)}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		files := m.Resolve(ctx, req)
		cancel()
		_, pending := m.lookup(req)
		m.Shutdown()
		got := len(files) > 0 && strings.Contains(files[0].Text, "func helper() int")
		if got == off {
			t.Errorf("server off %v: snippets %v", off, files)
		}
		if !off && pending {
			t.Error("names the files do not declare still pending: each keystroke would read the directory again")
		}
	}
}
