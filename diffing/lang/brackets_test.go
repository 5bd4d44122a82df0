package lang

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// fileBalance counts brackets the way whole-file checks do: by the file's
// lexical family, and not at all for files of other languages.
func fileBalance(t *testing.T, path, src string) (Balance, bool) {
	t.Helper()
	l, _ := ForPath(path)
	syn, ok := l.Check.Syntax()
	if !ok {
		return Balance{}, false
	}
	return CountBrackets(syn, src), true
}

// snippetOpen returns the brackets a suggestion's text leaves open, read by
// the language's own rules.
func snippetOpen(id, s string) string {
	open, _ := OpenBrackets(Lookup(id).Syntax, s)
	return string(open)
}

func TestCountBracketsFiles(t *testing.T) {
	tests := []struct {
		name        string
		path        string
		give        string
		wantChecked bool
		want        Balance
	}{
		{name: "balanced", path: "a.go", give: "f(g())\n", wantChecked: true},
		{name: "unclosed_brace", path: "a.go", give: "func f() {\n", wantChecked: true, want: Balance{Unclosed: [3]int{0, 0, 1}}},
		{name: "stray_closer", path: "a.js", give: "x)\n", wantChecked: true, want: Balance{Stray: [3]int{1, 0, 0}}},
		{name: "crossed", path: "a.c", give: "(a[b)]\n", wantChecked: true, want: Balance{Unclosed: [3]int{0, 1, 0}, Stray: [3]int{0, 1, 0}}},
		{name: "string", path: "a.go", give: "s := \"(\"\n", wantChecked: true},
		{name: "escaped_quote", path: "a.go", give: "s := \"\\\"(\"\n", wantChecked: true},
		{name: "unterminated_string_ends_at_line", path: "a.go", give: "s := \"(\n(\n", wantChecked: true, want: Balance{Unclosed: [3]int{1, 0, 0}}},
		{name: "raw_string", path: "a.go", give: "s := `{\n[`\n", wantChecked: true},
		{name: "line_comment", path: "a.ts", give: "x // (\n", wantChecked: true},
		{name: "block_comment", path: "a.java", give: "/* { */ x\n", wantChecked: true},
		{name: "unclosed_block_comment", path: "a.java", give: "/* {\n(\n", wantChecked: true},
		{name: "char_literal", path: "a.c", give: "c = '(';\n", wantChecked: true},
		{name: "escaped_char_literal", path: "a.c", give: "c = '\\'';\n", wantChecked: true},
		{name: "rune_literal", path: "a.go", give: "r := 'é'; f(\n", wantChecked: true, want: Balance{Unclosed: [3]int{1, 0, 0}}},
		{name: "rust_lifetime", path: "a.rs", give: "fn f<'a>(x: &'a str) {}\n", wantChecked: true},
		{name: "python_comment", path: "a.py", give: "x  # (\n", wantChecked: true},
		{name: "python_triple", path: "a.py", give: "s = \"\"\"\n(\n\"\"\"\n", wantChecked: true},
		{name: "python_unclosed", path: "a.py", give: "f(x\n", wantChecked: true, want: Balance{Unclosed: [3]int{1, 0, 0}}},
		{name: "check_only_extension", path: "a.pyi", give: "f(x\n", wantChecked: true, want: Balance{Unclosed: [3]int{1, 0, 0}}},
		{name: "upper_case_extension", path: "A.GO", give: "f(\n", wantChecked: true, want: Balance{Unclosed: [3]int{1, 0, 0}}},
		{name: "unknown_language_unchecked", path: "notes.md", give: "1) item\n"},
		{name: "known_language_of_no_family_unchecked", path: "a.rb", give: "f(\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, checked := fileBalance(t, tt.path, tt.give)
			if checked != tt.wantChecked {
				t.Fatalf("checked = %v, want %v", checked, tt.wantChecked)
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("CountBrackets(%q) (-want +got):\n%s", tt.give, d)
			}
		})
	}
}

func TestOpenBracketsSnippets(t *testing.T) {
	tests := []struct {
		name, lang, give string
		want             string
		wantInCode       bool
	}{
		{name: "open call", lang: "go", give: "x := f(a, g(b", want: "((", wantInCode: true},
		{name: "closed", lang: "go", give: "f(a[0], {b})", want: "", wantInCode: true},
		{name: "mismatched closer ignored", lang: "go", give: "f(a]", want: "(", wantInCode: true},
		{name: "in a string", lang: "go", give: "s := \"(", want: "", wantInCode: false},
		{name: "string closed", lang: "go", give: "f(\")(\"", want: "(", wantInCode: true},
		{name: "in a line comment", lang: "go", give: "x // (", want: "", wantInCode: false},
		{name: "after a line comment", lang: "go", give: "x // (\nf(", want: "(", wantInCode: true},
		{name: "in a block comment", lang: "go", give: "/* ( ", want: "", wantInCode: false},
		{name: "after a block comment", lang: "go", give: "/* ( */ f(", want: "(", wantInCode: true},
		{name: "escape in a string", lang: "go", give: "s := \"\\\"(\" + f(", want: "(", wantInCode: true},
		{name: "apostrophe string", lang: "go", give: "c := '(' + f(", want: "(", wantInCode: true},
		{name: "python comment", lang: "python", give: "f(a)  # )", want: "", wantInCode: false},
		{name: "css block comment", lang: "css", give: "a { /* ( */", want: "{", wantInCode: true},
		{name: "lua comment", lang: "lua", give: "f( -- )", want: "(", wantInCode: false},
		{name: "lisp quote is code", lang: "clojure", give: "'(a", want: "(", wantInCode: true},
		{name: "rust lifetime", lang: "rust", give: "fn f<'a>(x: &'a str", want: "(", wantInCode: true},
		{name: "rust char", lang: "rust", give: "let c = '('; f(", want: "(", wantInCode: true},
		{name: "rust escaped char", lang: "rust", give: "let c = '\\'", want: "", wantInCode: false},
		{name: "vim quote is a string", lang: "vim", give: "echo \"(", want: "", wantInCode: false},
		{name: "plain text reads quotes", lang: "plaintext", give: "say \"(\" and (", want: "(", wantInCode: true},
		{name: "unknown id reads quotes", lang: "nope", give: "'('", want: "", wantInCode: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, inCode := OpenBrackets(Lookup(tt.lang).Syntax, tt.give)
			if string(got) != tt.want || inCode != tt.wantInCode {
				t.Errorf("OpenBrackets(%s, %q) = %q, %v, want %q, %v", tt.lang, tt.give, got, inCode, tt.want, tt.wantInCode)
			}
		})
	}
}

// TestLexingDiffersByCaller pins the cases where whole-file checks and
// suggestions read the same text of the same language differently, each as
// it always has: files by their lexical family (C or Python), suggestions
// by the language's own rules.
func TestLexingDiffersByCaller(t *testing.T) {
	tests := []struct {
		name          string
		path, lang    string
		give          string
		wantFile      int // brackets left unclosed, for whole-file checks
		wantFileCheck bool
		wantSnippet   string // brackets left open, for suggestions
	}{
		{name: "javascript apostrophe: C character rule vs string", path: "a.js", lang: "javascript",
			give: "s = '((';", wantFile: 2, wantFileCheck: true, wantSnippet: ""},
		{name: "go raw string: no escapes vs escapes", path: "a.go", lang: "go",
			give: "s := `\\`(", wantFile: 1, wantFileCheck: true, wantSnippet: ""},
		{name: "python triple quotes: string vs quotes", path: "a.py", lang: "python",
			give: "s = \"\"\"\n(\n\"\"\"", wantFile: 0, wantFileCheck: true, wantSnippet: "("},
		{name: "python backticks: code vs string", path: "a.py", lang: "python",
			give: "x = `(`", wantFile: 1, wantFileCheck: true, wantSnippet: ""},
		{name: "rust char of two bytes: lifetime vs literal", path: "a.rs", lang: "rust",
			give: "let c = 'a(';", wantFile: 1, wantFileCheck: true, wantSnippet: ""},
		{name: "json comments: C family vs none", path: "a.json", lang: "json",
			give: "// (", wantFile: 0, wantFileCheck: true, wantSnippet: "("},
		{name: "markdown: unchecked vs plain quotes", path: "a.md", lang: "markdown",
			give: "\"(\" (", wantFile: 0, wantFileCheck: false, wantSnippet: "("},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, checked := fileBalance(t, tt.path, tt.give)
			unclosed := b.Unclosed[0] + b.Unclosed[1] + b.Unclosed[2]
			if checked != tt.wantFileCheck || unclosed != tt.wantFile {
				t.Errorf("file %s: checked %v, %d unclosed, want %v, %d", tt.path, checked, unclosed, tt.wantFileCheck, tt.wantFile)
			}
			if got := snippetOpen(tt.lang, tt.give); got != tt.wantSnippet {
				t.Errorf("snippet %s: open %q, want %q", tt.lang, got, tt.wantSnippet)
			}
		})
	}
}

func TestCloserOpener(t *testing.T) {
	for k := range Openers {
		if Closer(Openers[k]) != Closers[k] || Opener(Closers[k]) != Openers[k] {
			t.Errorf("pair %c%c does not round-trip", Openers[k], Closers[k])
		}
	}
	if Closer('x') != 0 || Opener('(') != 0 || Closer(')') != 0 {
		t.Error("Closer and Opener must be 0 for other bytes")
	}
}
