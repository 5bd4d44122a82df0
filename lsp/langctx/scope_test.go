package langctx

import (
	"testing"
)

func TestScopeDisplay(t *testing.T) {
	s := &scope{root: "/ws", goRoot: "/usr/lib/go", goMod: "/home/u/go/pkg/mod"}
	s.goOnce.Do(func() {}) // the go command is not asked
	tests := []struct {
		path, want string
		ok         bool
	}{
		{"/ws/geo/geo.go", "geo/geo.go", true},
		{"/ws/node_modules/lib/index.d.ts", "node_modules/lib/index.d.ts", true},
		{"/usr/lib/go/src/fmt/print.go", "GOROOT/src/fmt/print.go", true},
		{"/home/u/go/pkg/mod/golang.org/x/tools@v0.1.0/go/ast.go", "GOMODCACHE/golang.org/x/tools@v0.1.0/go/ast.go", true},
		{"/usr/lib/go/src/builtin/builtin.go", "", false},
		{"/home/u/other/x.go", "", false},
		{"/opt/npm/node_modules/pyright/dist/typeshed-fallback/stdlib/os/__init__.pyi", "typeshed-fallback/stdlib/os/__init__.pyi", true},
		{"/opt/npm/node_modules/pyright/dist/typeshed-fallback/stdlib/builtins.pyi", "", false},
		{"/opt/npm/node_modules/typescript/lib/lib.es5.d.ts", "", false},
		{"/proj/node_modules/@types/node/fs.d.ts", "node_modules/@types/node/fs.d.ts", true},
		{"/usr/lib/python3.12/json/__init__.py", "lib/python3.12/json/__init__.py", true},
		{"/usr/lib/python3.12/site-packages/requests/api.py", "", false},
		{"/home/u/secret/notes.py", "", false},
		{"/wsx/a.go", "", false},
	}
	for _, tt := range tests {
		got, ok := s.display(tt.path)
		if got != tt.want || ok != tt.ok {
			t.Errorf("display(%s) = %q, %v; want %q, %v", tt.path, got, ok, tt.want, tt.ok)
		}
	}
}
