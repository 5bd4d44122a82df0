package edit

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/lspilot/lspilot/diffing"
)

func TestTestFileFor(t *testing.T) {
	tests := []struct {
		give, want string
	}{
		{give: "pkg/foo.go", want: "pkg/foo_test.go"},
		{give: "foo.go", want: "foo_test.go"},
		{give: "pkg/foo_test.go", want: "pkg/foo_test.go"},
		{give: "app/util.py", want: "app/test_util.py"},
		{give: "app/test_util.py", want: "app/test_util.py"},
		{give: "src/sum.ts", want: "src/sum.test.ts"},
		{give: "src/App.tsx", want: "src/App.test.tsx"},
		{give: "src/sum.test.js", want: "src/sum.test.js"},
		{give: "src/sum.spec.ts", want: "src/sum.spec.ts"},
		{give: "lib/index.mjs", want: "lib/index.test.mjs"},
		{give: "src/lib.rs", want: "src/lib_test.rs"},
		{give: "src/main/java/Foo.java", want: "src/main/java/FooTest.java"},
		{give: "Foo.cs", want: "FooTests.cs"},
		{give: "lib/app.ex", want: "lib/app_test.exs"},
		{give: "x/y.rb", want: "x/y_test.rb"},
		{give: "/abs/dir/z.c", want: "/abs/dir/z_test.c"},
		{give: `C:\src\z.go`, want: `C:\src\z_test.go`},
		{give: "Makefile", want: "Makefile_test"},
		{give: "dir.d/.hidden", want: "dir.d/.hidden_test"},
		{give: "src/mod.mts", want: "src/mod.test.mts"},
		{give: "src/mod.cts", want: "src/mod.test.cts"},
		{give: "src/mod.cjs", want: "src/mod.test.cjs"},
		{give: "src/App.JSX", want: "src/App.test.JSX"},
		{give: "app/Util.PY", want: "app/test_Util.PY"},
		{give: "app/util_test.py", want: "app/util_test.py"},
		{give: "types.pyi", want: "types_test.pyi"},
		{give: "build.kts", want: "build_test.kts"},
		{give: "Foo.kt", want: "FooTest.kt"},
		{give: "FooTests.java", want: "FooTests.java"},
		{give: "FooTest.cs", want: "FooTestTests.cs"},
		{give: "test/app_test.exs", want: "test/app_test.exs"},
		{give: "Main.swift", want: "MainTest.swift"},
	}
	for _, tt := range tests {
		t.Run(tt.give, func(t *testing.T) {
			if got := testFileFor(tt.give); got != tt.want {
				t.Errorf("testFileFor(%q) = %q, want %q", tt.give, got, tt.want)
			}
		})
	}
}

func TestSubjectOf(t *testing.T) {
	goText := "package p\n\n// A is a.\nfunc A(\n\tx int,\n) int {\n\tif x > 0 {\n\t\treturn x\n\t}\n\treturn -x\n}\n\nfunc B() {}\n"
	pyText := "import os\n\nclass C:\n    @staticmethod\n    def m(x):\n        y = x\n\n        return y\n\n    def n(self):\n        pass\n"
	rbText := "def f\n  1\nend\nputs f\n"
	tests := []struct {
		name       string
		text       string
		start, end int
		budget     int
		want       span
	}{
		{name: "inside a Go function", text: goText, start: 70, end: 70, want: span{2, 10}},
		{name: "on a Go one-liner", text: goText, start: len(goText) - 3, end: len(goText) - 3, want: span{12, 12}},
		{name: "a selection as it is", text: goText, start: 0, end: 11, want: span{0, 1}},
		{name: "inside a Python method", text: pyText, start: 70, end: 70, want: span{3, 7}},
		{name: "in the second Python method", text: pyText, start: len(pyText) - 3, end: len(pyText) - 3, want: span{9, 10}},
		{name: "Ruby block ends with end", text: rbText, start: 7, end: 7, want: span{0, 2}},
		{name: "no function: the top-level block", text: "x = [\n  1,\n]\n", start: 7, end: 7, want: span{0, 2}},
		{name: "at the end of the text", text: goText, start: len(goText), end: len(goText), want: span{12, 12}},
		{name: "within the budget", text: goText, start: 70, end: 70, budget: 40, want: span{2, 5}},
		{name: "empty text", text: "", want: span{0, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			budget := tt.budget
			if budget == 0 {
				budget = DefaultContextBytes
			}
			got := subjectOf(newLineIndex(tt.text), tt.start, tt.end, budget)
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(span{})); diff != "" {
				t.Errorf("subjectOf (-want +got):\n%s", diff)
			}
		})
	}
}

func TestEditTestsAction(t *testing.T) {
	body := at(t, goSrc, "\treturn a + b")
	withLookup := func(r Request, fs map[string]string) Request { r.Lookup = lookup(fs); return r }
	tests := []editCase{{
		name:      "tests create the test file",
		give:      withLookup(goReq(actionTests, body, body), map[string]string{}),
		answers:   []answer{says("```go\n"+testSrc+"```", 16)},
		want:      []file{{Path: "pkg/foo_test.go", Create: true, NewText: testSrc}},
		wantCalls: 1,
	}, {
		name:      "tests create the test file without Lookup",
		give:      goReq(actionTests, body, body),
		answers:   []answer{says("Here are tests:\n```go\n"+testSrc+"```\n", 16)},
		want:      []file{{Path: "pkg/foo_test.go", Create: true, NewText: testSrc}},
		wantCalls: 1,
	}, {
		name:      "tests update the test file",
		give:      withLookup(goReq(actionTests, body, body), map[string]string{"pkg/foo_test.go": "package pkg\n\nimport \"testing\"\n"}),
		answers:   []answer{says("```go\n"+testSrc+"```", 16)},
		want:      []file{{Path: "pkg/foo_test.go", NewText: testSrc}},
		wantCalls: 1,
	}, {
		name:      "tests update a CRLF test file",
		give:      withLookup(goReq(actionTests, body, body), map[string]string{"pkg/foo_test.go": "package pkg\r\n\r\nimport \"testing\"\r\n"}),
		answers:   []answer{says("```go\n"+testSrc+"```", 16)},
		want:      []file{{Path: "pkg/foo_test.go", NewText: strings.ReplaceAll(testSrc, "\n", "\r\n")}},
		wantCalls: 1,
	}, {
		name:      "tests answered with a diff",
		give:      goReq(actionTests, body, body),
		answers:   []answer{says("```diff\n--- /dev/null\n+++ b/pkg/foo_test.go\n@@ -0,0 +1,3 @@\n+package pkg\n+\n+import \"testing\"\n```", 16)},
		want:      []file{{Path: "pkg/foo_test.go", Create: true, NewText: "package pkg\n\nimport \"testing\"\n"}},
		wantCalls: 1,
	}, {
		name:      "tests of a Python file",
		give:      Request{Path: "app/util.py", Language: "python", Text: "def add(a, b):\n    return a + b\n", Action: actionTests},
		answers:   []answer{says("```python\nfrom app.util import add\n\n\ndef test_add():\n    assert add(1, 2) == 3\n```", 16)},
		want:      []file{{Path: "app/test_util.py", Create: true, NewText: "from app.util import add\n\n\ndef test_add():\n    assert add(1, 2) == 3\n"}},
		wantCalls: 1,
	}, {
		name:      "tests written into the test file itself",
		give:      Request{Path: "pkg/foo_test.go", Language: "go", Text: "package pkg\n", Action: actionTests},
		answers:   []answer{says("```go\n"+testSrc+"```", 16)},
		want:      []file{{Path: "pkg/foo_test.go", NewText: testSrc}},
		wantCalls: 1,
	}, {
		name:      "tests unchanged asked again",
		give:      withLookup(goReq(actionTests, body, body), map[string]string{"pkg/foo_test.go": testSrc}),
		answers:   []answer{says("```go\n"+testSrc+"```", 16), says("```go\n"+testSrc+"```", 16)},
		wantErr:   diffing.ErrNoChange,
		wantCalls: 2,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkEdit(t, tt) })
	}
}
