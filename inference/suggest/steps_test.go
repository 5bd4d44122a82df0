package suggest

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// cursorMark marks the cursor in test documents.
const cursorMark = "‸"

// siteOf reads a document with the cursor marked by ‸.
func siteOf(t *testing.T, doc, lang string, mode Mode) site {
	t.Helper()
	cur := strings.Index(doc, cursorMark)
	if cur < 0 {
		t.Fatalf("no cursor mark in %q", doc)
	}
	return newSite(Input{Text: strings.Replace(doc, cursorMark, "", 1), Cursor: cur, Language: lang, Mode: mode})
}

// stepCase is one case of a post-processing step: the document around the
// cursor, the step's input and its expected output.
type stepCase struct {
	name string
	doc  string
	lang string
	mode Mode
	give string
	want string
}

func runSteps(t *testing.T, step func(string, site) string, tests []stepCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lang := tt.lang
			if lang == "" {
				lang = "go"
			}
			got := step(tt.give, siteOf(t, tt.doc, lang, tt.mode))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestSanitize(t *testing.T) {
	tests := []struct {
		name string
		give string
		want string
	}{
		{name: "clean", give: "x := \"héllo\"\n\treturn", want: "x := \"héllo\"\n\treturn"},
		{name: "invalid byte", give: "ab\xffcd efgh ijkl", want: "abcd efgh ijkl"},
		{name: "NUL and escape", give: "return x\x00 + y\x1b and more text here", want: "return x + y and more text here"},
		{name: "binary junk", give: "\x00\x01\x02\xfe\xffab\x03\x04", want: ""},
		{name: "replacement characters", give: "\ufffd\ufffd\ufffdx", want: ""},
		{name: "cut rune at the bound", give: strings.Repeat("a", 99) + "é", want: strings.Repeat("a", 99)},
		{name: "bounded", give: strings.Repeat("abcd", 100), want: strings.Repeat("abcd", 25)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sanitize(tt.give, 100); got != tt.want {
				t.Errorf("sanitize(%q) = %q, want %q", tt.give, got, tt.want)
			}
		})
	}
}

func TestCutAtTokens(t *testing.T) {
	tests := []struct {
		name string
		give string
		stop []string
		want string
	}{
		{name: "qwen end of text", give: "x + 1<|endoftext|>junk", want: "x + 1"},
		{name: "qwen file separator", give: "x + 1\n<|file_sep|>b.go", want: "x + 1\n"},
		{name: "deepseek", give: "a<｜fim▁hole｜>b", want: "a"},
		{name: "starcoder", give: "a<file_sep>b", want: "a"},
		{name: "codellama", give: "a <EOT>", want: "a "},
		{name: "codegemma", give: "a<|file_separator|>", want: "a"},
		{name: "family stop", give: "a</s>b", stop: []string{"</s>"}, want: "a"},
		{name: "html is not a stop without the family", give: "<s>old</s> new", want: "<s>old</s> new"},
		{name: "earliest wins", give: "a<fim_pad>b<|endoftext|>", want: "a"},
		{name: "partial token at the end", give: "return x<|endo", want: "return x"},
		{name: "short partial kept", give: "a <", want: "a <"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cutAtTokens(tt.give, tt.stop); got != tt.want {
				t.Errorf("cutAtTokens(%q) = %q, want %q", tt.give, got, tt.want)
			}
		})
	}
}

func TestStripFences(t *testing.T) {
	tests := []struct{ give, want string }{
		{give: "```go\nreturn a + b\n```", want: "return a + b"},
		{give: "```\nx\ny\n```\nExplanation: ...", want: "x\ny"},
		{give: "```python\nunterminated", want: "unterminated"},
		{give: "a := \"```\"", want: "a := \"```\""},
		{give: "```", want: ""},
		{give: "```go\nreturn a<CURSOR> + b\n```", want: "return a + b"},
	}
	for _, tt := range tests {
		if got := stripFences(tt.give); got != tt.want {
			t.Errorf("stripFences(%q) = %q, want %q", tt.give, got, tt.want)
		}
	}
}

func TestKeepScope(t *testing.T) {
	long := strings.Repeat("\tx++\n", 100)
	runSteps(t, keepScope, []stepCase{
		{name: "single line", doc: "x := ‸\n", mode: ModeSingleLine, give: "1\ny := 2", want: "1"},
		{name: "bounded lines", doc: "func f() {\n‸\n}\n", mode: ModeMultiLine, give: long,
			want: strings.TrimSuffix(strings.Repeat("\tx++\n", DefaultMaxLines), "\n")},
		{name: "dedent ends an empty-line block", doc: "func f() {\n\t‸\n}\n", mode: ModeMultiLine,
			give: "a()\n\tb()\n}\nfunc g() {", want: "a()\n\tb()"},
		{name: "opener keeps its closer", doc: "if x {‸\n", mode: ModeMultiLine,
			give: "\n\ty()\n}\nz()", want: "\n\ty()\n}"},
		{name: "opener stops at a sibling", doc: "def f():‸\n", lang: "python", mode: ModeMultiLine,
			give: "\n    return 1\n\ndef g():\n    pass", want: "\n    return 1\n"},
		{name: "blank lines inside are kept", doc: "\t‸\n", mode: ModeMultiLine,
			give: "a()\n\n\tb()", want: "a()\n\n\tb()"},
		{name: "closes a block the document leaves open", doc: "func f() {\n\t‸", mode: ModeMultiLine,
			give: "a()\n}\n\nfunc g() {}", want: "a()\n}"},
		{name: "closes a block before the next function", doc: "func f() {\n\t‸\n\nfunc g() {}\n", mode: ModeMultiLine,
			give: "a()\n})\nfunc g() {}", want: "a()\n})"},
		{name: "closer the document has", doc: "func f() {\n\t‸\n}\n", mode: ModeMultiLine,
			give: "a()\n}\n", want: "a()"},
		{name: "closer that opens again", doc: "if x {\n\t‸", mode: ModeMultiLine,
			give: "a()\n} else {\n\tb()\n}", want: "a()"},
		{name: "body already below", doc: "func f() {\n\t‸\n\tb()\n", mode: ModeMultiLine,
			give: "a()\n}", want: "a()"},
		{name: "double-indented first line", doc: "func f() int {\n\tx := 1\n\t‸\n}\n", mode: ModeMultiLine,
			give: "\tif x > 0 {\n\t\treturn x\n\t}\n\treturn 0\n}", want: "\tif x > 0 {\n\t\treturn x\n\t}\n\treturn 0"},
	})
}
