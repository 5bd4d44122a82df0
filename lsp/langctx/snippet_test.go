package langctx

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestExtract(t *testing.T) {
	goSrc := "package geo\n\nimport \"math\"\n\n// Point is a place.\n// It has two coordinates.\ntype Point struct {\n\tX, Y float64\n}\n\n// Distance returns how far apart.\nfunc Distance(a, b Point) float64 {\n\treturn math.Hypot(a.X-b.X, a.Y-b.Y)\n}\n\nconst Zero = 0 // none\n"
	pySrc := "import math\n\n\n@dataclass\nclass Point:\n    \"\"\"A place.\"\"\"\n    x: float\n    y: float\n\n    def norm(self) -> float:\n        return math.hypot(self.x, self.y)\n\n\nORIGIN = Point(0, 0)\n"
	tests := []struct {
		name, lang, text string
		line, lines, max int
		want             string
	}{
		{name: "go type with doc", lang: "go", text: goSrc, line: 6, lines: 30, max: 1000,
			want: "// Point is a place.\n// It has two coordinates.\ntype Point struct {\n\tX, Y float64\n}\n"},
		{name: "go func, body elided", lang: "go", text: goSrc, line: 11, lines: 30, max: 1000,
			want: "// Distance returns how far apart.\nfunc Distance(a, b Point) float64 { ... }\n"},
		{name: "go func on one line", lang: "go", text: "func One() int { return 1 }\n", line: 0, lines: 30, max: 1000,
			want: "func One() int { return 1 }\n"},
		{name: "go signature on lines", lang: "go", text: "func Long(\n\ta int,\n) error {\n\treturn nil\n}\n", line: 0, lines: 30, max: 1000,
			want: "func Long(\n\ta int,\n) error { ... }\n"},
		{name: "typescript function", lang: "typescript", text: "/** Adds. */\nexport function add(a: number): number {\n  return a + 1;\n}\n", line: 1, lines: 30, max: 1000,
			want: "/** Adds. */\nexport function add(a: number): number { ... }\n"},
		{name: "go doc: its first lines", lang: "go", lines: 30, max: 1000, line: 5,
			text: "// Sum adds the numbers\n// of xs.\n//\n// It is zero for none.\n//go:noinline\nfunc Sum(xs []int) int {\n\treturn 0\n}\n",
			want: "// Sum adds the numbers\n// of xs.\nfunc Sum(xs []int) int { ... }\n"},
		{name: "go doc: an empty comment line not kept last", lang: "go", lines: 30, max: 1000, line: 4,
			text: "// Sum adds.\n//\n// More.\n// And more.\nfunc Sum() {}\n",
			want: "// Sum adds.\nfunc Sum() {}\n"},
		{name: "block doc cut: closed", lang: "typescript", lines: 30, max: 1000, line: 5,
			text: "/**\n * Adds one.\n * @param a a number\n * @returns a + 1\n */\nexport function add(a: number): number {\n  return a + 1;\n}\n",
			want: "/**\n * Adds one.\n */\nexport function add(a: number): number { ... }\n"},
		{name: "decorators kept whole under a cut doc", lang: "typescript", lines: 30, max: 1000, line: 5,
			text: "// A view.\n// It shows.\n// Long.\n@Component({})\n@Injectable()\nexport class View {\n}\n",
			want: "// A view.\n// It shows.\n@Component({})\n@Injectable()\nexport class View {\n}\n"},
		{name: "typescript class: its methods' bodies elided", lang: "typescript", lines: 30, max: 1000, line: 0,
			text: "export class Store {\n  private items: Map<string, number> = new Map();\n  options: {\n    limit: number;\n  };\n\n  constructor(limit: number) {\n    this.options = { limit };\n  }\n\n  get(key: string): number | undefined {\n    if (key === '}') { return 0; }\n    return this.items.get(key);\n  }\n\n  onChange = (key: string) => {\n    this.items.delete(key);\n  };\n}\n",
			want: "export class Store {\n  private items: Map<string, number> = new Map();\n  options: {\n    limit: number;\n  };\n\n  constructor(limit: number) { ... }\n\n  get(key: string): number | undefined { ... }\n\n  onChange = (key: string) => { ... }\n}\n"},
		{name: "one line", lang: "go", text: goSrc, line: 15, lines: 30, max: 1000, want: "const Zero = 0 // none\n"},
		{name: "line cap", lang: "go", text: goSrc, line: 6, lines: 3, max: 1000,
			want: "// Point is a place.\n// It has two coordinates.\ntype Point struct {\n// ...\n"},
		{name: "byte cap", lang: "go", text: goSrc, line: 6, lines: 30, max: 50,
			want: "// Point is a place.\n// It has two coordinates.\n// ...\n"},
		{name: "python class by indentation, decorator", lang: "python", text: pySrc, line: 4, lines: 30, max: 1000,
			want: "@dataclass\nclass Point:\n    \"\"\"A place.\"\"\"\n    x: float\n    y: float\n\n    def norm(self) -> float:\n        ...\n"},
		{name: "python class: its methods' bodies elided", lang: "python", lines: 30, max: 1000, line: 0,
			text: "class Store:\n    limit = 3\n\n    @property\n    def size(self,\n             deep=False) -> int:\n        '''How many.'''\n        n = 0\n        return n\n\n    class Error(Exception):\n        def why(self):\n            return 'x'\n\nNEXT = 1\n",
			want: "class Store:\n    limit = 3\n\n    @property\n    def size(self,\n             deep=False) -> int:\n        '''How many.'''\n        ...\n    class Error(Exception):\n        def why(self):\n            ...\n"},
		{name: "python function: signature, docstring's first line", lang: "python", lines: 30, max: 1000, line: 0,
			text: "def area(w: float,\n         h: float) -> float:\n    \"\"\"Return the area.\n\n    Longer.\n    \"\"\"\n    return w * h\n",
			want: "def area(w: float,\n         h: float) -> float:\n    \"\"\"Return the area.\"\"\"\n    ...\n"},
		{name: "python docstring on one line", lang: "python", lines: 30, max: 1000, line: 0,
			text: "def f():\n    r'''Does f.'''\n    pass\n",
			want: "def f():\n    r'''Does f.'''\n    ...\n"},
		{name: "python docstring opening alone", lang: "python", lines: 30, max: 1000, line: 1,
			text: "class A:\n    async def f(self):\n        \"\"\"\n        Does f.\"\"\"\n        pass\n",
			want: "    async def f(self):\n        \"\"\"Does f.\"\"\"\n        ...\n"},
		{name: "python function without docstring", lang: "python", lines: 30, max: 1000, line: 0,
			text: "def f(x):\n\n    return x\n",
			want: "def f(x):\n    ...\n"},
		{name: "python assignment", lang: "python", text: pySrc, line: 13, lines: 30, max: 1000, want: "ORIGIN = Point(0, 0)\n"},
		{name: "out of range", lang: "go", text: goSrc, line: 99, lines: 30, max: 1000, want: ""},
		{name: "go type and its methods", lang: "go", lines: 30, max: 1000, line: 2,
			text: "package p\n\ntype Buf[T any] struct {\n\tn int\n}\n\nfunc (b *Buf[T]) Len() int {\n\treturn b.n\n}\n\nfunc (Buf[T]) reset(x,\n\ty int) {}\n\nfunc (o Other) Len() int { return 0 }\n\nfunc (b *Buf[T]) grow(n int) { b.n += n }\n",
			want: "type Buf[T any] struct {\n\tn int\n}\nfunc (b *Buf[T]) Len() int { ... }\nfunc (b *Buf[T]) grow(n int) { b.n += n }\n"},
		{name: "comments inside a declaration left out", lang: "go", lines: 30, max: 1000, line: 1,
			text: "// Builder builds.\ntype Builder struct {\n\t// addr detects copies.\n\t// More on it.\n\taddr *Builder // of the receiver\n\t*bytes.Buffer\n\t/* raw */\n\tbuf []byte\n}\n",
			want: "// Builder builds.\ntype Builder struct {\n\taddr *Builder // of the receiver\n\t*bytes.Buffer\n\tbuf []byte\n}\n"},
		{name: "go methods within the line cap", lang: "go", lines: 4, max: 1000, line: 0,
			text: "type T int\n\nfunc (T) A() {}\nfunc (T) B() {}\nfunc (T) C() {}\nfunc (T) D() {}\n",
			want: "type T int\nfunc (T) A() {}\nfunc (T) B() {}\nfunc (T) C() {}\n// ...\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := extract(tt.lang, tt.text, tt.line, tt.lines, tt.max)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("extract (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDeclLine(t *testing.T) {
	tests := []struct {
		name, lang, text string
		line             int
		want             string
	}{
		{name: "go function", lang: "go", text: "package p\n\nfunc F(x int) error {\n\treturn nil\n}\n", line: 2, want: "func F(x int) error { ... }"},
		{name: "go field", lang: "go", text: "type T struct {\n\tName string // the name\n}\n", line: 1, want: "Name string // the name"},
		{name: "python def", lang: "python", text: "class A:\n    def f(self, x):\n        pass\n", line: 1, want: "def f(self, x): ..."},
		{name: "typescript interface", lang: "typescript", text: "export interface Shape {\n  area(): number;\n}\n", line: 0, want: "export interface Shape { ... }"},
		{name: "multi-line signature kept as is", lang: "go", text: "func G(\n\ta int,\n) {\n}\n", line: 0, want: "func G("},
		{name: "past the end", lang: "go", text: "x\n", line: 5, want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := declLine(tt.lang, tt.text, tt.line); got != tt.want {
				t.Errorf("declLine = %q, want %q", got, tt.want)
			}
		})
	}
}
