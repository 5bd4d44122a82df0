package langctx_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.uber.org/zap/zaptest"

	"github.com/lspilot/lspilot/lsp/langctx"
	"github.com/lspilot/lspilot/lsp/langctx/langctxtest"
)

// nodeManager is a Manager over files whose servers come from npm.
func nodeManager(t *testing.T, files map[string]string) (*langctx.Manager, string) {
	bin := langctxtest.NodeBin(t)
	root := workspace(t, files)
	m := langctx.New(langctx.Config{Root: root, Logger: zaptest.NewLogger(t), Deadline: 30 * time.Second,
		Servers: map[string][]string{
			"python":     {filepath.Join(bin, "pyright-langserver"), "--stdio"},
			"typescript": {filepath.Join(bin, "typescript-language-server"), "--stdio"},
		}})
	t.Cleanup(m.Shutdown)
	return m, root
}

// TestPyrightDefinitionInUnopenedFile: pyright's answer brings the class
// of a module the editor never opened.
func TestPyrightDefinitionInUnopenedFile(t *testing.T) {
	m, root := nodeManager(t, map[string]string{
		"pyrightconfig.json": "{}\n",
		"shapes/__init__.py": "",
		"shapes/geo.py": `import math


class Point:
    """A place on the plane."""

    def __init__(self, x: float, y: float) -> None:
        self.x = x
        self.y = y


def distance(a: Point, b: Point) -> float:
    """How far apart a and b are."""
    return math.hypot(a.x - b.x, a.y - b.y)
`,
	})
	text := "from shapes.geo import Point, distance\n\norigin = Point(0, 0)\nd = distance(origin, "
	req := request(t, m, root, "main.py", "python", text, "distance(origin, ")
	f := resolve(t, m, req, "def distance(a: Point, b: Point) -> float:")
	if f.Path != "shapes/geo.py" {
		t.Errorf("path = %q, want shapes/geo.py", f.Path)
	}
	resolve(t, m, req, "class Point:")
	for _, f := range m.Snippets(req) {
		if strings.HasPrefix(f.Text, "import") {
			t.Errorf("the module imported is a snippet of its first line: %+v", f)
		}
	}
}

// TestTypeScriptDefinitionInUnopenedFile: typescript-language-server's
// answer brings the function and the interface of a module never opened.
func TestTypeScriptDefinitionInUnopenedFile(t *testing.T) {
	m, root := nodeManager(t, map[string]string{
		"tsconfig.json": `{"compilerOptions":{"strict":true,"module":"commonjs","target":"es2020"}}` + "\n",
		"src/geo.ts": `/** A place on the plane. */
export interface Point {
  x: number;
  y: number;
}

/** How far apart a and b are. */
export function distance(a: Point, b: Point): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}
`,
	})
	text := "import { distance, Point } from \"./geo\";\n\nconst origin: Point = { x: 0, y: 0 };\nconst d = distance(origin, "
	req := request(t, m, root, "src/main.ts", "typescript", text, "distance(origin, ")
	f := resolve(t, m, req, "export function distance(a: Point, b: Point): number {")
	if f.Path != "src/geo.ts" {
		t.Errorf("path = %q, want src/geo.ts", f.Path)
	}
	resolve(t, m, req, "export interface Point {")
}
