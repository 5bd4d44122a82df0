package suggest

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestAnswerOf(t *testing.T) {
	tests := []struct {
		name      string
		lang      string
		give      string
		want      string
		wantState answerState
	}{
		{name: "plain code", give: "return a + b", want: "return a + b", wantState: answerPlain},
		{name: "fence first", give: "```go\nreturn a\n```\nIt adds.", want: "return a", wantState: answerClosed},
		{name: "fence still open", give: "```go\nreturn a\n", want: "return a\n", wantState: answerOpen},
		{name: "fence line not done", give: "```pyth", want: "", wantState: answerOpen},
		{name: "intro then fence", give: "Here is the completion:\n\n```python\nsum(xs)\n```\n\nIt sums.",
			want: "sum(xs)", wantState: answerClosed},
		{name: "intro with CRLF", give: "Sure, here it is:\r\n\r\n```go\r\nx()\r\n```", want: "x()", wantState: answerClosed},
		{name: "intro alone so far", give: "Here is the completion:\n\n", want: "Here is the completion:\n\n", wantState: answerIntro},
		{name: "intro and part of a fence", give: "Here is the completion:\n``", want: "Here is the completion:\n``", wantState: answerIntro},
		{name: "intro then fence line not done", give: "Here it is:\n```go", want: "", wantState: answerOpen},
		{name: "code line ending in a colon", give: "for x in xs:\n    print(x)\n", want: "for x in xs:\n    print(x)\n", wantState: answerPlain},
		{name: "capitalised code line", give: "Point p = new Point(1, 2):\nfoo()", want: "Point p = new Point(1, 2):\nfoo()", wantState: answerPlain},
		{name: "indented fence after text is code", give: "Example usage:\n\n    ```python\n    f()\n", want: "Example usage:\n\n    ```python\n    f()\n", wantState: answerPlain},
		{name: "markdown keeps its fences", lang: "markdown", give: "```sh\nnpm install\n```", want: "```sh\nnpm install\n```", wantState: answerPlain},
		{name: "markdown keeps an introduced fence", lang: "markdown", give: "Install it with:\n\n```sh\nnpm i\n```", want: "Install it with:\n\n```sh\nnpm i\n```", wantState: answerPlain},
		{name: "cursor marker dropped", give: "x := 1<CURSOR>", want: "x := 1", wantState: answerPlain},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, state := answerOf(tt.give, site{language: tt.lang})
			if diff := cmp.Diff(tt.want, got); diff != "" || state != tt.wantState {
				t.Errorf("answerOf(%q) state %v, want %v (-want +got):\n%s", tt.give, state, tt.wantState, diff)
			}
		})
	}
}

func TestStripContextEcho(t *testing.T) {
	fn := "package strs\n\n// Reverse reverses s.\nfunc Reverse(s string) string {\n\t‸\n}\n"
	runSteps(t, stripContextEcho, []stepCase{
		{name: "chat repeats the function header", doc: fn, mode: ModeMultiLine,
			give: "func Reverse(s string) string {\n\tr := []rune(s)\n\treturn string(r)\n}",
			want: "\tr := []rune(s)\n\treturn string(r)\n}"},
		{name: "chat repeats the whole file above", doc: fn, mode: ModeMultiLine,
			give: "package strs\n\n// Reverse reverses s.\nfunc Reverse(s string) string {\n\n\tr := []rune(s)",
			want: "\tr := []rune(s)"},
		{name: "nothing but the lines above", doc: fn, mode: ModeMultiLine,
			give: "func Reverse(s string) string {\n", want: ""},
		{name: "line above again, then new code", doc: "def f(ps):\n    for p in ps:\n        load(p)\n        ‸\n", lang: "python",
			mode: ModeMultiLine, give: "load(p)\n        check(p)", want: "        check(p)"},
		{name: "closer above is closed again on purpose", doc: "func f() {\n\tif x {\n\t\ty()\n\t}\n‸\n", mode: ModeMultiLine,
			give: "}\n\nfunc g() {}", want: "}\n\nfunc g() {}"},
		{name: "lines above but not the last ones", doc: fn, mode: ModeMultiLine,
			give: "package strs\n\tx()", want: "package strs\n\tx()"},
		{name: "cursor line continues after the echo", doc: "def mean(xs):\n    if not xs:\n        return 0\n    return ‸\n", lang: "python",
			give: "    if not xs:\n        return 0\n    return sum(xs) / len(xs)", want: "    return sum(xs) / len(xs)"},
		{name: "echo not followed by the cursor line", doc: "def mean(xs):\n    if not xs:\n        return 0\n    return ‸\n", lang: "python",
			give: "return 0\nx", want: "return 0\nx"},
		{name: "first line continues the cursor line", doc: "x := 1\ny := ‸\n", give: "x := 1", want: "x := 1"},
	})
}

func TestContextEchoPending(t *testing.T) {
	fn := "package strs\n\n// Reverse reverses s.\nfunc Reverse(s string) string {\n\t‸\n}\n"
	tests := []struct {
		name, doc, give string
		want            bool
	}{
		{name: "first lines of the file", doc: fn, give: "package strs\n\n", want: true},
		{name: "a run that may go on to the cursor", doc: fn, give: "// Reverse reverses s.\n", want: true},
		{name: "a run that broke off", doc: fn, give: "package strs\nx()\n", want: false},
		{name: "the lines above, cursor line to come", doc: "def f(xs):\n    n = len(xs)\n    return ‸\n",
			give: "def f(xs):\n    n = len(xs)\n", want: true},
		{name: "other code", doc: fn, give: "r := []rune(s)\n", want: false},
		{name: "closers only", doc: "func f() {\n\tif x {\n\t}\n\t}\n\t‸\n}\n", give: "}\n", want: false},
		{name: "cursor line not reached yet", doc: "def f(xs):\n    n = len(xs)\n    return ‸\n", give: "    n = len(xs)\n", want: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, got := contextEcho(tt.give, siteOf(t, tt.doc, "go", ModeMultiLine))
			if got != tt.want {
				t.Errorf("contextEcho(%q) pending = %v, want %v", tt.give, got, tt.want)
			}
		})
	}
}
