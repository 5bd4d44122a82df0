package edit

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.uber.org/zap/zaptest"
)

func TestPlan(t *testing.T) {
	body := at(t, goSrc, "\treturn")
	addDecl := at(t, goSrc, "func add")
	greet := at(t, goSrc, "// Greet")
	say := at(t, goSrc, "\tfmt.Println")
	fix := goReq(actionFix, body+3, body+3)
	fix.Diagnostics = []Diagnostic{{Line: 6, Message: " undefined: nam\n"}, {Line: 99, Message: "stale"}}
	tests := []struct {
		name      string
		give      Request
		cfg       Config
		wantStart int
		wantEnd   int
		wantIn    []string
		wantNotIn []string
	}{{
		name:      "fix covers the diagnostics' whole lines",
		give:      fix,
		wantStart: say,
		wantEnd:   body + len("\treturn a + b\n"),
		wantIn: []string{"pkg/foo.go (go), all 12 lines:\n```go\npackage pkg\n", "Problems to fix:\nline 7: undefined: nam\n",
			"--- a/pkg/foo.go and +++ b/pkg/foo.go", "corrected code of lines 7–11 in one ```go fenced block",
			"a unified diff against the file in one ```diff fenced block,",
			"Selected code (lines 7–11):\n```go\n\tfmt.Println(\"hello, \" + nam)\n}\n\nfunc add(a, b int) int {\n\treturn a + b\n```"},
		wantNotIn: []string{"stale", "line 100"},
	}, {
		name:      "fix without diagnostics",
		give:      goReq(actionFix, body+3, body+3),
		wantStart: body,
		wantEnd:   body + len("\treturn a + b\n"),
		wantIn:    []string{"Fix any bug in the selected code", "corrected code of line 11"},
		wantNotIn: []string{"Problems to fix"},
	}, {
		name:    "fix of a file outside the workspace",
		give:    Request{Path: "/tmp/x.go", Language: "go", Text: goSrc, Action: actionFix},
		wantEnd: len("package pkg\n"),
		wantIn:  []string{"--- /tmp/x.go and +++ /tmp/x.go"},
	}, {
		name:      "rewrite shows a window cut at line boundaries",
		give:      goReq(actionRewrite, body, body+len("\treturn a + b\n")),
		cfg:       Config{ContextBytes: 60},
		wantStart: body,
		wantEnd:   body + len("\treturn a + b\n"),
		wantIn: []string{"pkg/foo.go (go), lines 8–12 of 12:\n```go\n}\n\nfunc add(a, b int) int {\n\treturn a + b\n}\n```",
			"Selected code (line 11):", "clearer and more idiomatic", "replaces the selection (line 11)"},
		wantNotIn: []string{"Greet"},
	}, {
		name:      "simplify of the whole file",
		give:      goReq(actionSimplify, 0, len(goSrc)),
		wantEnd:   len(goSrc),
		wantIn:    []string{"all 12 lines", "All of it is selected.", "shorter and easier to read", "(lines 1–12)"},
		wantNotIn: []string{"Selected code"},
	}, {
		name:      "doc with an empty selection takes the line",
		give:      goReq(actionDoc, addDecl+6, addDecl+6),
		wantStart: addDecl,
		wantEnd:   body,
		wantIn:    []string{"Selected code (line 10):\n```go\nfunc add(a, b int) int {\n```", "Go doc comment", "followed by the selected code unchanged"},
	}, {
		name:      "doc takes the comment above",
		give:      goReq(actionDoc, say-5, say-5),
		wantStart: greet,
		wantEnd:   say,
		wantIn:    []string{"Selected code (lines 5–6)"},
	}, {
		name:    "python docstring",
		give:    Request{Path: "m.py", Language: "python", Text: "def f(x):\n    return x\n", Action: actionDoc},
		wantEnd: len("def f(x):\n"),
		wantIn:  []string{"docstring", "```python\ndef f(x):\n", "first statement of the body"},
	}, {
		name:      "tests of a new file",
		give:      goReq(actionTests, body, body),
		wantStart: body,
		wantEnd:   body,
		wantIn: []string{"Write tests for this code from pkg/foo.go (lines 10–12):\n```go\nfunc add(a, b int) int {\n\treturn a + b\n}\n```",
			"package pkg", "complete content of the new file pkg/foo_test.go"},
	}, {
		name: "tests of an existing file",
		give: Request{Path: "src/sum.ts", Language: "typescript", Text: "export function sum(a: number, b: number) {\n  return a + b;\n}\n",
			Action: actionTests, Lookup: lookup(map[string]string{"src/sum.test.ts": "import { sum } from './sum';\n"})},
		wantIn: []string{"The test file src/sum.test.ts holds:\n```typescript\nimport { sum } from './sum';\n```",
			"complete new content of src/sum.test.ts", "describe/it/expect"},
		wantNotIn: []string{"all 3 lines"},
	}, {
		name:    "code with fences gets a longer fence",
		give:    Request{Path: "README.md", Language: "markdown", Text: "```sh\nmake\n```\n", Start: 0, End: 14, Action: actionRewrite},
		wantEnd: 14,
		wantIn:  []string{"````markdown\n```sh\nmake\n```\n````\n"},
	}, {
		name:    "fences carry the Markdown tag of the editor's language id",
		give:    Request{Path: "App.tsx", Language: "typescriptreact", Text: "const a = 1;\n", Action: actionDoc},
		wantEnd: len("const a = 1;\n"),
		wantIn:  []string{"App.tsx (typescriptreact), all 1 lines:\n```tsx\nconst a = 1;\n```", "in one ```tsx fenced block", "JSDoc comment"},
	}, {
		name:    "shell scripts are fenced as sh with # comments",
		give:    Request{Path: "run.sh", Language: "shellscript", Text: "echo hi\n", Action: actionDoc},
		wantEnd: len("echo hi\n"),
		wantIn:  []string{"```sh\necho hi\n```", "in one ```sh fenced block", "a comment of # lines"},
	}, {
		name:    "a language without a doc convention is named",
		give:    Request{Path: "a.zig", Language: "zig", Text: "const a = 1;\n", Action: actionDoc},
		wantEnd: len("const a = 1;\n"),
		wantIn:  []string{"a doc comment in the usual style of zig", "in one ```zig fenced block"},
	}, {
		name:    "tests in a language without a known framework",
		give:    Request{Path: "a.zig", Language: "zig", Text: "const a = 1;\n", Action: actionTests},
		wantEnd: 0,
		wantIn:  []string{"the new file a_test.zig", "Use the usual test framework of the language.\n"},
	}, {
		name:   "rust tests use the built-in harness",
		give:   Request{Path: "src/lib.rs", Language: "rust", Text: "fn one() -> i32 { 1 }\n", Action: actionTests},
		wantIn: []string{"the new file src/lib_test.rs", "#[test] functions with assert! and assert_eq!.\n"},
	}, {
		name:    "CRLF shown with LF",
		give:    Request{Path: "a.c", Language: "c", Text: "int x;\r\nint y;\r\n", Start: 0, End: 6, Action: actionRewrite},
		wantEnd: 6,
		wantIn:  []string{"```c\nint x;\nint y;\n```", "Selected code (line 1):\n```c\nint x;\n```"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := New(&fakeGen{}, tt.cfg, zaptest.NewLogger(t))
			if err := validate(tt.give, e.cfg.MaxFileBytes); err != nil {
				t.Fatalf("validate() = %v", err)
			}
			p, err := e.plan(tt.give)
			if err != nil {
				t.Fatalf("plan() error = %v", err)
			}
			if diff := cmp.Diff([2]int{tt.wantStart, tt.wantEnd}, [2]int{p.start, p.end}); diff != "" {
				t.Errorf("selection (-want +got):\n%s", diff)
			}
			for _, s := range tt.wantIn {
				if !strings.Contains(p.task, s) {
					t.Errorf("prompt lacks %q:\n%s", s, p.task)
				}
			}
			for _, s := range tt.wantNotIn {
				if strings.Contains(p.task, s) {
					t.Errorf("prompt holds %q:\n%s", s, p.task)
				}
			}
			if !strings.Contains(p.task, p.format) {
				t.Errorf("prompt lacks the format %q", p.format)
			}
		})
	}
}

func TestWindow(t *testing.T) {
	text := "a\nbb\nccc\ndddd\neeeee\nffffff\n" // lines of 2 to 7 bytes
	tests := []struct {
		name   string
		give   span
		budget int
		want   span
	}{
		{name: "everything fits", give: span{2, 2}, budget: 100, want: span{0, 5}},
		{name: "selection only", give: span{2, 3}, budget: 1, want: span{2, 3}},
		{name: "both sides", give: span{2, 2}, budget: 4 + 3 + 5, want: span{1, 3}},
		{name: "top of the file gives its share below", give: span{0, 0}, budget: 2 + 3 + 4, want: span{0, 2}},
		{name: "bottom of the file gives its share above", give: span{5, 5}, budget: 7 + 6 + 5, want: span{3, 5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, newLineIndex(text).window(tt.give, tt.budget), cmp.AllowUnexported(span{})); diff != "" {
				t.Errorf("window (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLinesOf(t *testing.T) {
	text := "one\ntwo\nthree"
	tests := []struct {
		name       string
		start, end int
		want       span
	}{
		{name: "cursor", start: 5, end: 5, want: span{1, 1}},
		{name: "ends at a line start", start: 0, end: 8, want: span{0, 1}},
		{name: "ends inside a line", start: 0, end: 9, want: span{0, 2}},
		{name: "end of text without a newline", start: 13, end: 13, want: span{2, 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, newLineIndex(text).linesOf(tt.start, tt.end), cmp.AllowUnexported(span{})); diff != "" {
				t.Errorf("linesOf (-want +got):\n%s", diff)
			}
		})
	}
}
