package suggest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/lspilot/lspilot/diffing/lang"
)

func TestProcessBounds(t *testing.T) {
	doc := "package p\n\nfunc f() {\n\t‸\n}\n"
	text, cur := strings.Replace(doc, cursorMark, "", 1), strings.Index(doc, cursorMark)
	// About 10,000 tokens of a model that never stops, in lines that differ
	// (identical lines are a loop, which collapseLoops cuts to one) and in
	// one line that does not repeat itself (one that does is dropped).
	var runaway, long strings.Builder
	for i := range 2200 {
		fmt.Fprintf(&runaway, "x%d := compute(a, b)\n\t", i)
		fmt.Fprintf(&long, "a%d + ", i)
	}
	tests := []struct {
		name      string
		give      string
		mode      Mode
		wantLines int
		wantEmpty bool
	}{
		{name: "runaway multi-line", give: runaway.String(), mode: ModeMultiLine, wantLines: DefaultMaxLines},
		{name: "runaway single line", give: long.String(), mode: ModeSingleLine, wantLines: 1},
		{name: "looping lines", give: strings.Repeat("x := compute(a, b)\n\t", 2200), mode: ModeMultiLine, wantLines: 1},
		{name: "looping line", give: strings.Repeat("a + ", 10000), mode: ModeSingleLine, wantEmpty: true},
		{name: "binary junk", give: string([]byte{0, 1, 2, 3, 0xff, 0xfe, 'a', 4, 5, 6}), wantEmpty: true},
		{name: "invalid utf-8 only", give: "\xc3\x28\xa0\xa1\xe2\x28\xa1", wantEmpty: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Process(Input{Raw: tt.give, Text: text, Cursor: cur, Language: "go", Mode: tt.mode})
			if tt.wantEmpty {
				if got != "" {
					t.Errorf("Process = %q, want nothing", got)
				}
				return
			}
			if len(got) > DefaultMaxBytes || strings.Count(got, "\n")+1 != tt.wantLines {
				t.Errorf("Process returned %d bytes in %d lines, want at most %d bytes in %d lines",
					len(got), strings.Count(got, "\n")+1, DefaultMaxBytes, tt.wantLines)
			}
		})
	}
}

func TestFinished(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		give string
		want bool
	}{
		{name: "single line going on", doc: "x := ‸\n", give: "compute(a", want: false},
		{name: "single line ended", doc: "x := ‸\n", give: "compute(a, b)\n", want: true},
		{name: "stop token", doc: "x := ‸\n", give: "1<|endoftext|>", want: true},
		{name: "start of a control token", doc: "x := ‸\n", give: "1 <|endof", want: false},
		{name: "text that starts like a control token", doc: "echo \"usage: ‸\"\n", give: "[--force] <fil", want: false},
		{name: "block going on", doc: "func f() {\n\t‸\n}\n", give: "a()\n\tb()\n\t", want: false},
		{name: "partial indentation is not a dedent", doc: "func f() {\n\tif x {\n\t\t‸\n\t}\n}\n", give: "a()\n\t", want: false},
		{name: "block ended", doc: "func f() {\n\t‸\n}\n", give: "a()\n}\n", want: true},
		{name: "too many lines", doc: "func f() {\n\t‸\n}\n", give: strings.Repeat("a()\n\t", DefaultMaxLines), want: true},
		{name: "chat fence line", doc: "x := ‸\n", give: "```go\n", want: false},
		{name: "chat fence and a line", doc: "x := ‸\n", give: "```go\na + b\n", want: true},
		{name: "chat introduction", doc: "x := ‸\n", give: "Here is the completion:\n\n", want: false},
		{name: "chat introduction, then code", doc: "x := ‸\n", give: "Here is the completion:\n```go\na + b\n", want: true},
		{name: "chat introduction after a junk byte", doc: "def f():\n    ‸\n", give: "\xd9Here it is:\n```python\n", want: false},
		{name: "chat fence closed", doc: "func f() {\n\t‸\n}\n", give: "```go\na()\n```", want: true},
		{name: "header repeated above the body", doc: "func f() {\n\t‸\n}\n", give: "func f() {\n", want: false},
		{name: "two-space block in a tab file going on", doc: "func f() {\n\t‸\n}\n",
			give: "if x {\n    y()\n  }\n", want: false},
		{name: "two-space block in a tab file ended", doc: "func f() {\n\t‸\n}\n",
			give: "if x {\n    y()\n  }\n}\n", want: true},
		{name: "double-indented block going on", doc: "func f() int {\n\tx := 1\n\t‸\n}\n",
			give: "\tif x > 0 {\n\t\treturn x\n\t}\n", want: false},
		{name: "blank line in a fence, the line above may follow", doc: "total := 0\nto‸",
			give: "Here it is:\n```go\n\n", want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := Input{Raw: tt.give, Text: strings.Replace(tt.doc, cursorMark, "", 1),
				Cursor: strings.Index(tt.doc, cursorMark), Language: "go"}
			if got := Finished(in); got != tt.want {
				t.Errorf("Finished(%q) = %v, want %v", tt.give, got, tt.want)
			}
		})
	}
}

func TestProcessKeepsExplicitIndent(t *testing.T) {
	in := Input{Raw: "x := 1\n    y()", Text: "func f() {\n\t\n}\n", Cursor: 12, Language: "go",
		Indent: lang.Indent{Width: 4}}
	if got, want := Process(in), "x := 1\n    y()"; got != want {
		t.Errorf("Process with a spaces Indent = %q, want %q", got, want)
	}
}

// TestProcessDocumentEdges covers cursors at the edges of a document and of
// its lines: no final line break, the end or the start of the text, and the
// start of a line's text.
func TestProcessDocumentEdges(t *testing.T) {
	tests := []struct {
		name   string
		text   string
		cursor int // -1: the end of text
		lang   string
		give   string
		want   string
	}{
		{name: "open body at the end without a final newline", text: "package main\n\nfunc main() {\n\t", cursor: -1,
			lang: "go", give: "fmt.Println(1)\n}\n\nfunc other() {}\n", want: "fmt.Println(1)\n}"},
		{name: "CRLF body at the end without a final newline", text: "package main\r\n\r\nfunc main() {\r\n\t", cursor: -1,
			lang: "go", give: "fmt.Println(1)\r\n\tos.Exit(0)\r\n}\r\n", want: "fmt.Println(1)\r\n\tos.Exit(0)\r\n}"},
		{name: "CRLF last line without a line break", text: "def f(x):\r\n    if x:", cursor: -1,
			lang: "python", give: "\n        return 1\n    return 0\n", want: "\r\n        return 1"},
		{name: "end of a statement without a final newline", text: "def f(x):\n    return ", cursor: -1,
			lang: "python", give: "x * 2\n", want: "x * 2"},
		{name: "empty document", text: "", cursor: 0, lang: "go",
			give: "package main\n\nfunc main() {}\n", want: "package main\n\nfunc main() {}"},
		{name: "start of the file before text", text: "import sys\n", cursor: 0, lang: "python",
			give: "#!/usr/bin/env python3\nimport sys\n", want: "#!/usr/bin/env python3\n"},
		{name: "start of an indented statement", text: "func f() {\n\treturn x\n}\n", cursor: 12, lang: "go",
			give: "x++\n\treturn x\n", want: "x++\n\t"},
		{name: "indentation after the cursor stays its own", text: "func f() {\n\treturn x\n}\n", cursor: 11, lang: "go",
			give: "\tx++\n", want: "\tx++\n"},
		{name: "start of a line, the model goes on inline", text: "x = 1\n", cursor: 0, lang: "python",
			give: "y = ", want: "y = "},
		{name: "start of a line, the rest again", text: "x = 1\n", cursor: 0, lang: "python",
			give: "x = 1\n", want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cur := tt.cursor
			if cur < 0 {
				cur = len(tt.text)
			}
			got := Process(Input{Raw: tt.give, Text: tt.text, Cursor: cur, Language: tt.lang})
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Process (-want +got):\n%s", diff)
			}
		})
	}
}
