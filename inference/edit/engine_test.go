package edit

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.uber.org/zap/zaptest"

	"github.com/lspilot/lspilot/diffing"
	"github.com/lspilot/lspilot/inference"
)

const goSrc = `package pkg

import "fmt"

// Greet prints a greeting.
func Greet(name string) {
	fmt.Println("hello, " + nam)
}

func add(a, b int) int {
	return a + b
}
`

const fixDiff = "Here is the fix:\n```diff\n--- a/pkg/foo.go\n+++ b/pkg/foo.go\n@@ -5,4 +5,4 @@\n" +
	" // Greet prints a greeting.\n func Greet(name string) {\n-\tfmt.Println(\"hello, \" + nam)\n" +
	"+\tfmt.Println(\"hello, \" + name)\n }\n```\n"

const overlapDiff = "```diff\n--- a/pkg/foo.go\n+++ b/pkg/foo.go\n" +
	"@@ -6,3 +6,3 @@\n func Greet(name string) {\n-\tfmt.Println(\"hello, \" + nam)\n+\tfmt.Println(\"hi, \" + name)\n }\n" +
	"@@ -7,2 +7,2 @@\n-\tfmt.Println(\"hello, \" + nam)\n+\tfmt.Println(\"hey, \" + name)\n }\n```\n"

const otherSrc = "package pkg\n\nconst nam = \"x\"\n"

const otherDiff = "```diff\n--- a/pkg/other.go\n+++ b/pkg/other.go\n@@ -1,3 +1,3 @@\n package pkg\n \n-const nam = \"x\"\n+const nam = \"world\"\n```\n"

const testSrc = "package pkg\n\nimport \"testing\"\n\nfunc TestAdd(t *testing.T) {\n\tif add(1, 2) != 3 {\n\t\tt.Fatal(\"add\")\n\t}\n}\n"

const prose = "I cannot change this code without knowing more about it."

// file is what a test expects of one changed file.
type file struct {
	Path    string
	Create  bool
	NewText string
}

func files(res diffing.Result) []file {
	var out []file
	for _, f := range res.Files {
		out = append(out, file{Path: f.Path, Create: f.Create, NewText: f.NewText})
	}
	return out
}

// lookup knows the files of a fake workspace.
func lookup(fs map[string]string) func(string) (string, bool) {
	return func(name string) (string, bool) {
		text, ok := fs[name]
		return text, ok
	}
}

func goReq(action string, start, end int) Request {
	return Request{Path: "pkg/foo.go", Language: "go", Text: goSrc, Start: start, End: end, Action: action}
}

func TestEdit(t *testing.T) {
	nam := at(t, goSrc, "fmt.Println")
	body := at(t, goSrc, "\treturn a + b")
	addDecl := at(t, goSrc, "func add")
	fixReq := goReq(actionFix, nam, nam)
	fixReq.Diagnostics = []Diagnostic{{Line: 6, Message: "undefined: nam"}}
	withLookup := func(r Request, fs map[string]string) Request { r.Lookup = lookup(fs); return r }
	crlf := strings.ReplaceAll(goSrc, "\n", "\r\n")
	noEOL := "package pkg\n\nfunc sub(a, b int) int {\n\treturn a + b\n}"
	huge := "```go\n" + strings.Repeat("\tx := 1\n", 2<<20/8) + "```\n"
	tests := []editCase{{
		name:      "fix with a unified diff",
		give:      fixReq,
		answers:   []answer{says(fixDiff, 7)},
		want:      []file{{Path: "pkg/foo.go", NewText: strings.Replace(goSrc, "+ nam)", "+ name)", 1)}},
		wantCalls: 1,
	}, {
		name:      "fix with a replacement of the whole lines",
		give:      fixReq,
		answers:   []answer{says("```go\n\tfmt.Println(\"hello, \" + name)\n```", 5)},
		want:      []file{{Path: "pkg/foo.go", NewText: strings.Replace(goSrc, "+ nam)", "+ name)", 1)}},
		wantCalls: 1,
	}, {
		name:      "prose asked again, then applied",
		give:      fixReq,
		answers:   []answer{says(prose, 9), says(fixDiff, 9)},
		want:      []file{{Path: "pkg/foo.go", NewText: strings.Replace(goSrc, "+ nam)", "+ name)", 1)}},
		wantCalls: 2,
	}, {
		name:      "prose twice refused",
		give:      fixReq,
		answers:   []answer{says(prose, 9), says(prose, 9)},
		wantErr:   diffing.ErrNoEdit,
		wantCalls: 2,
	}, {
		name:      "rewrite with a fenced replacement",
		give:      goReq(actionRewrite, body, body+len("\treturn a + b\n")),
		answers:   []answer{says("Sure:\n```go\n\treturn b + a\n```\nDone.", 4)},
		want:      []file{{Path: "pkg/foo.go", NewText: strings.Replace(goSrc, "a + b", "b + a", 1)}},
		wantCalls: 1,
	}, {
		name:      "simplify inside a line",
		give:      goReq(actionSimplify, at(t, goSrc, `"hello, " + nam`), at(t, goSrc, ")\n}")),
		answers:   []answer{says("```go\n\"hello, \" + name\n```", 50)},
		want:      []file{{Path: "pkg/foo.go", NewText: strings.Replace(goSrc, "+ nam)", "+ name)", 1)}},
		wantCalls: 1,
	}, {
		name:    "doc with an empty selection",
		give:    goReq(actionDoc, addDecl+5, addDecl+5),
		answers: []answer{says("```go\n// add returns the sum of a and b.\nfunc add(a, b int) int {\n```", 6)},
		want: []file{{Path: "pkg/foo.go",
			NewText: strings.Replace(goSrc, "func add", "// add returns the sum of a and b.\nfunc add", 1)}},
		wantCalls: 1,
	}, {
		name:    "doc from the blank line above the declaration",
		give:    goReq(actionDoc, addDecl-1, addDecl-1),
		answers: []answer{says("```go\n// add adds.\nfunc add(a, b int) int {\n```", 60)},
		want: []file{{Path: "pkg/foo.go",
			NewText: strings.Replace(goSrc, "func add", "// add adds.\nfunc add", 1)}},
		wantCalls: 1,
	}, {
		name:    "doc rewrites the comment already there",
		give:    goReq(actionDoc, at(t, goSrc, "Greet("), at(t, goSrc, "Greet(")),
		answers: []answer{says("```go\n// Greet prints a greeting to name.\nfunc Greet(name string) {\n```", 60)},
		want: []file{{Path: "pkg/foo.go",
			NewText: strings.Replace(goSrc, "a greeting.", "a greeting to name.", 1)}},
		wantCalls: 1,
	}, {
		name:      "diff for another file that Lookup knows",
		give:      withLookup(fixReq, map[string]string{"pkg/other.go": otherSrc}),
		answers:   []answer{says(otherDiff, 11)},
		want:      []file{{Path: "pkg/other.go", NewText: strings.Replace(otherSrc, `"x"`, `"world"`, 1)}},
		wantCalls: 1,
	}, {
		name:      "diff for another file that Lookup does not know",
		give:      withLookup(fixReq, map[string]string{}),
		answers:   []answer{says(otherDiff, 11), says(otherDiff, 11)},
		wantErr:   diffing.ErrOtherFile,
		wantCalls: 2,
	}, {
		name:      "diff for another file without Lookup",
		give:      fixReq,
		answers:   []answer{says(otherDiff, 11), says(otherDiff, 11)},
		wantErr:   diffing.ErrOtherFile,
		wantCalls: 2,
	}, {
		name:      "overlapping hunks refused",
		give:      fixReq,
		answers:   []answer{says(overlapDiff, 13), says(overlapDiff, 13)},
		wantErr:   diffing.ErrOverlap,
		wantCalls: 2,
	}, {
		name: "CRLF document",
		give: Request{Path: "pkg/foo.go", Language: "go", Text: crlf, Action: actionFix,
			Diagnostics: []Diagnostic{{Line: 6, Message: "undefined: nam"}}},
		answers:   []answer{says(fixDiff, 7)},
		want:      []file{{Path: "pkg/foo.go", NewText: strings.Replace(crlf, "+ nam)", "+ name)", 1)}},
		wantCalls: 1,
	}, {
		name: "file without a final newline",
		give: Request{Path: "pkg/sub.go", Language: "go", Text: noEOL, Action: actionFix,
			Start: at(t, noEOL, "return"), End: at(t, noEOL, "return")},
		answers: []answer{says("```diff\n--- a/pkg/sub.go\n+++ b/pkg/sub.go\n@@ -3,3 +3,3 @@\n func sub(a, b int) int {\n"+
			"-\treturn a + b\n+\treturn a - b\n }\n```", 8)},
		want:      []file{{Path: "pkg/sub.go", NewText: strings.Replace(noEOL, "a + b", "a - b", 1)}},
		wantCalls: 1,
	}, {
		name:      "tab-indented file, space-indented answer",
		give:      goReq(actionRewrite, body, body+len("\treturn a + b\n")),
		answers:   []answer{says("```go\n    sum := a + b\n    return sum\n```", 8)},
		want:      []file{{Path: "pkg/foo.go", NewText: strings.Replace(goSrc, "\treturn a + b", "\tsum := a + b\n\treturn sum", 1)}},
		wantCalls: 1,
	}, {
		name:      "2 MB answer stopped and refused as too large",
		give:      goReq(actionRewrite, body, body+len("\treturn a + b\n")),
		answers:   []answer{says(huge, 64<<10), says(huge, 64<<10)},
		wantErr:   diffing.ErrTooLarge,
		wantCalls: 2,
	}, {
		name:      "selection spanning the whole file",
		give:      goReq(actionRewrite, 0, len(goSrc)),
		answers:   []answer{says("```go\n"+strings.Replace(goSrc, "+ nam)", "+ name)", 1)+"```\n", 30)},
		want:      []file{{Path: "pkg/foo.go", NewText: strings.Replace(goSrc, "+ nam)", "+ name)", 1)}},
		wantCalls: 1,
	}, {
		name:      "backend error returned as it is",
		give:      fixReq,
		answers:   []answer{{chunks: []string{"```diff\n"}, err: inference.ErrUnreachable}},
		wantErr:   inference.ErrUnreachable,
		wantCalls: 1,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkEdit(t, tt) })
	}
}

// editCase is a request, the model's scripted answers and the outcome.
type editCase struct {
	name      string
	give      Request
	answers   []answer
	want      []file
	wantErr   error
	wantCalls int
}

// checkEdit runs tt against a fresh engine.
func checkEdit(t *testing.T, tt editCase) {
	t.Helper()
	gen := &fakeGen{answers: tt.answers}
	e := New(gen, Config{}, zaptest.NewLogger(t))
	res, err := e.Edit(context.Background(), tt.give, nil)
	if got := len(gen.calls()); got != tt.wantCalls {
		t.Errorf("model called %d times, want %d", got, tt.wantCalls)
	}
	if tt.wantErr != nil {
		if !errors.Is(err, tt.wantErr) {
			t.Fatalf("Edit() error = %v, want %v", err, tt.wantErr)
		}
		var refused *RefusedError
		if isRefused := errors.As(err, &refused); isRefused != diffing.IsRefusal(tt.wantErr) {
			t.Errorf("Edit() error = %#v, refused %v, want %v", err, isRefused, !isRefused)
		} else if isRefused && (refused.Attempts != 2 || refused.Action != tt.give.Action) {
			t.Errorf("RefusedError = %+v, want 2 attempts at %s", refused, tt.give.Action)
		}
		return
	}
	if err != nil {
		t.Fatalf("Edit() error = %v", err)
	}
	if diff := cmp.Diff(tt.want, files(res)); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
	if res.Preview == "" {
		t.Error("no preview")
	}
}
