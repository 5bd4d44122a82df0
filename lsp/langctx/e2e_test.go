package langctx_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"go.lsp.dev/uri"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest"

	"github.com/lspilot/lspilot/inference/complete"
	"github.com/lspilot/lspilot/inference/prompt"
	"github.com/lspilot/lspilot/lsp/langctx"
	"github.com/lspilot/lspilot/lsp/langctx/langctxtest"
)

// workspace writes files under a fresh root and returns it.
func workspace(t testing.TB, files map[string]string) string {
	t.Helper()
	root, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for name, text := range files {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// request opens name of root in m with its text, the cursor at the
// end of marker, and returns the completion request for it.
func request(t testing.TB, m *langctx.Manager, root, name, languageID, text, marker string) complete.Request {
	t.Helper()
	i := strings.Index(text, marker)
	if i < 0 {
		t.Fatalf("no %q in %s", marker, name)
	}
	u := string(uri.File(filepath.Join(root, name)))
	m.Open(u, languageID, 1, text)
	return complete.Request{URI: u, Path: name, Language: languageID, Text: text, Cursor: i + len(marker)}
}

// holding returns the file whose text holds want.
func holding(files []prompt.File, want string) (prompt.File, bool) {
	for _, f := range files {
		if strings.Contains(f.Text, want) {
			return f, true
		}
	}
	return prompt.File{}, false
}

// resolve resolves req with a deadline and fails unless a snippet holds want.
func resolve(t testing.TB, m *langctx.Manager, req complete.Request, want string) prompt.File {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	deadline := time.Now().Add(90 * time.Second)
	for {
		files := m.Resolve(ctx, req)
		if f, ok := holding(files, want); ok {
			return f
		}
		if time.Now().After(deadline) {
			t.Fatalf("no snippet holds %q; got %+v; status %+v", want, files, m.Status())
		}
	}
}

const goMain = `package main

import "example.com/shapes/geo"

func main() {
	a := geo.Point{X: 1}
	d := geo.Distance(a, `

var goFiles = map[string]string{
	"go.mod": "module example.com/shapes\n\ngo 1.22\n",
	"geo/geo.go": `package geo

import "math"

// Point is a place on the plane.
type Point struct {
	X, Y float64
}

// Distance returns how far apart a and b are.
func Distance(a, b Point) float64 {
	return math.Hypot(a.X-b.X, a.Y-b.Y)
}
`,
}

func goManager(t testing.TB) (*langctx.Manager, string) {
	gopls := langctxtest.Gopls(t)
	root := workspace(t, goFiles)
	m := langctx.New(langctx.Config{Root: root, Logger: testLogger(t),
		Servers: map[string][]string{"go": {gopls}}, Backoff: langctx.Backoff{Min: 50 * time.Millisecond, Max: time.Second, Stable: time.Minute, MaxRestarts: 5}})
	t.Cleanup(m.Shutdown)
	return m, root
}

// TestGoplsDefinitionInUnopenedFile: the definition of a function of a
// file the editor never opened reaches the snippets, with its doc comment,
// and so does the type of its argument.
func TestGoplsDefinitionInUnopenedFile(t *testing.T) {
	m, root := goManager(t)
	req := request(t, m, root, "main.go", "go", goMain, "geo.Distance(a, ")
	f := resolve(t, m, req, "func Distance(a, b Point) float64")
	if f.Path != "geo/geo.go" || !strings.Contains(f.Text, "// Distance returns how far apart") {
		t.Errorf("snippet = %+v, want geo/geo.go with its doc comment", f)
	}
	files := m.Snippets(req)
	if _, ok := holding(files, "type Point struct"); !ok {
		t.Errorf("Snippets = %+v, want the Point type too", files)
	}
	if st := m.Status(); len(st) != 1 || st[0].State != langctx.StateRunning || st[0].PID == 0 {
		t.Errorf("Status = %+v, want gopls running", st)
	}
}

// TestGoplsKilledMidSession: killing gopls costs nothing that was
// resolved; the server is restarted and answers again.
func TestGoplsKilledMidSession(t *testing.T) {
	m, root := goManager(t)
	req := request(t, m, root, "main.go", "go", goMain, "geo.Distance(a, ")
	resolve(t, m, req, "func Distance(a, b Point) float64")
	first := m.Status()[0].PID
	if err := syscall.Kill(first, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	if _, ok := holding(m.Snippets(req), "func Distance"); !ok {
		t.Error("the resolved snippets went with the server")
	}
	waitStatus(t, m, "restarted gopls", func(st []langctx.ServerStatus) bool {
		return len(st) == 1 && st[0].State == langctx.StateRunning && st[0].PID != first && st[0].Restarts == 1
	})
	if !gone(first) {
		t.Errorf("killed server %d still there", first)
	}
	text := goMain + "b)\n\tgeo.Scale(|"
	req2 := request(t, m, root, "main.go", "go", strings.Replace(text, "|", "", 1), "geo.Scale(")
	os.WriteFile(filepath.Join(root, "geo", "scale.go"), []byte("package geo\n\n// Scale multiplies p by k.\nfunc Scale(p Point, k float64) Point {\n\treturn Point{p.X * k, p.Y * k}\n}\n"), 0o644)
	resolve(t, m, req2, "func Scale(p Point, k float64) Point")
}

// testLogger logs to the test, except in benchmarks, which stay quiet.
func testLogger(t testing.TB) *zap.Logger {
	if _, ok := t.(*testing.B); ok {
		return zap.NewNop()
	}
	return zaptest.NewLogger(t)
}

// TestGoplsFromThePackage: what the code around the cursor does not name
// still comes from the package around it.
func TestGoplsFromThePackage(t *testing.T) {
	tests := []struct {
		name               string
		file, text, marker string // the file written and the document asked about
		sibling, siblingGo string
		want               string
	}{{
		// Inside a method whose body names none of its types, the
		// receiver's type, declared in another file, comes from the
		// signature of the enclosing method (documentSymbol).
		name:    "enclosing signature",
		sibling: "shape.go", siblingGo: "package geo\n\n// Circle is round.\ntype Circle struct {\n\tCenter Point\n\tRadius float64\n}\n",
		file: "geo/area.go", text: "package geo\n\nfunc (c Circle) Area() float64 {\n\tconst tau = 6.283\n\n\n\n\n\treturn ", marker: "return ",
		want: "type Circle struct {",
	}, {
		// In a file the build leaves out (another platform's), gopls
		// knows no definition; the Manager asks where another file of the
		// package uses the name.
		name:    "file left out of the build",
		sibling: "near.go", siblingGo: "package geo\n\n// Near reports whether a and b are close.\nfunc Near(a, b Point) bool { return Distance(a, b) < 1 }\n",
		file: "geo/far_plan9.go", text: "//go:build plan9\n\npackage geo\n\nfunc far(a, b Point) bool {\n\treturn Distance(a, b) > 100\n}\n\nfunc both(a, b Point) bool {\n\t", marker: "both(a, b Point) bool {\n\t",
		want: "func Distance(a, b Point) float64",
	}, {
		// Behind a build tag of its own, gopls refuses to answer at all;
		// the Manager asks where another file of the package uses the name.
		name:    "file behind a build tag",
		sibling: "near.go", siblingGo: "package geo\n\n// Near reports whether a and b are close.\nfunc Near(a, b Point) bool { return Distance(a, b) < 1 }\n",
		file: "geo/far_fast.go", text: "//go:build fastmath\n\npackage geo\n\nfunc far(a, b Point) bool {\n\treturn Distance(a, b) > 100\n}\n\nfunc both(a, b Point) bool {\n\t", marker: "both(a, b Point) bool {\n\t",
		want: "func Distance(a, b Point) float64",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, root := goManager(t)
			if err := os.WriteFile(filepath.Join(root, "geo", tt.sibling), []byte(tt.siblingGo), 0o644); err != nil {
				t.Fatal(err)
			}
			resolve(t, m, request(t, m, root, tt.file, "go", tt.text, tt.marker), tt.want)
		})
	}
}
