package lang

import (
	"slices"
	"strings"
	"testing"
)

func TestCommentLine(t *testing.T) {
	tests := []struct{ lang, want string }{
		{lang: "go", want: "// a/b.go\n"},
		{lang: "python", want: "# a/b.go\n"},
		{lang: "lua", want: "-- a/b.go\n"},
		{lang: "clojure", want: ";; a/b.go\n"},
		{lang: "erlang", want: "% a/b.go\n"},
		{lang: "vim", want: "\" a/b.go\n"},
		{lang: "ocaml", want: "(* a/b.go *)\n"},
		{lang: "html", want: "<!-- a/b.go -->\n"},
		{lang: "css", want: "/* a/b.go */\n"},
		{lang: "json", want: ""},
		{lang: "plaintext", want: ""},
		{lang: "", want: ""},
	}
	for _, tt := range tests {
		if got := CommentLine(tt.lang, "a/b.go"); got != tt.want {
			t.Errorf("CommentLine(%q) = %q, want %q", tt.lang, got, tt.want)
		}
	}
	if got := CommentLine("go", ""); got != "" {
		t.Errorf("CommentLine of no text = %q, want nothing", got)
	}
}

func TestDetectAndForPath(t *testing.T) {
	tests := []struct {
		path        string
		wantID      string // Detect
		wantForPath string // ForPath, "" when unknown
		wantCheck   Family
	}{
		{path: "main.go", wantID: "go", wantForPath: "go", wantCheck: FamilyC},
		{path: "dir/Main.JAVA", wantID: "java", wantForPath: "java", wantCheck: FamilyC},
		{path: "a.h", wantID: "c", wantForPath: "c", wantCheck: FamilyC},
		{path: "a.tsx", wantID: "typescriptreact", wantForPath: "typescriptreact", wantCheck: FamilyC},
		{path: "a.yml", wantID: "yaml", wantForPath: "yaml"},
		{path: "a.py", wantID: "python", wantForPath: "python", wantCheck: FamilyPython},
		{path: "a.json", wantID: "json", wantForPath: "json", wantCheck: FamilyC},
		{path: "a.md", wantID: "markdown", wantForPath: "markdown"},
		// Extensions that only whole-file checks know: prompts name such
		// files as they always have.
		{path: "a.cxx", wantForPath: "cpp", wantCheck: FamilyC},
		{path: "a.hh", wantForPath: "cpp", wantCheck: FamilyC},
		{path: "a.cjs", wantForPath: "javascript", wantCheck: FamilyC},
		{path: "a.kts", wantForPath: "kotlin", wantCheck: FamilyC},
		{path: "a.m", wantForPath: "objective-c", wantCheck: FamilyC},
		{path: "a.pyi", wantForPath: "python", wantCheck: FamilyPython},
		{path: "Makefile"},
		{path: "notes.txt"},
	}
	for _, tt := range tests {
		if got := Detect(tt.path); got != tt.wantID {
			t.Errorf("Detect(%q) = %q, want %q", tt.path, got, tt.wantID)
		}
		l, ok := ForPath(tt.path)
		if l.ID != tt.wantForPath || ok != (tt.wantForPath != "") || l.Check != tt.wantCheck {
			t.Errorf("ForPath(%q) = %q, %v, check %v, want %q, check %v", tt.path, l.ID, ok, l.Check, tt.wantForPath, tt.wantCheck)
		}
	}
}

func TestLookup(t *testing.T) {
	tests := []struct {
		id           string
		wantIndent   Indent
		wantOpeners  []string
		wantMarkdown bool
	}{
		{id: "go", wantIndent: Indent{Tabs: true, Width: 4}},
		{id: "makefile", wantIndent: Indent{Tabs: true, Width: 4}},
		{id: "python", wantIndent: Indent{Width: 4}, wantOpeners: []string{":"}},
		{id: "yaml", wantIndent: Indent{Width: 2}},
		{id: "typescript", wantIndent: Indent{Width: 2}, wantOpeners: []string{"=>"}},
		{id: "lua", wantIndent: Indent{Width: 2}, wantOpeners: []string{"then", "do", "else", "repeat"}},
		{id: "markdown", wantIndent: Indent{Width: 4}, wantMarkdown: true},
		{id: "mdx", wantIndent: Indent{Width: 4}, wantMarkdown: true},
		{id: "no-such-language", wantIndent: Indent{Width: 4}},
	}
	for _, tt := range tests {
		l := Lookup(tt.id)
		if l.ID != tt.id || l.Indent != tt.wantIndent ||
			!slices.Equal(l.Openers, tt.wantOpeners) || l.Markdown != tt.wantMarkdown {
			t.Errorf("Lookup(%q) = %+v", tt.id, l)
		}
	}
	if got, want := Lookup("no-such-language").Syntax, Lookup("plaintext").Syntax; got != want || got.Quotes == "" {
		t.Errorf("unknown languages lex with %+v, want the plain rules %+v", got, want)
	}
}

func TestDocStyle(t *testing.T) {
	tests := []struct {
		id   string
		want DocStyle
	}{
		{id: "go", want: DocStyle{Comment: "a Go doc comment (// lines, a sentence that starts with the declared name)"}},
		{id: "python", want: DocStyle{Comment: "a docstring (PEP 257, triple double quotes)", InBody: true}},
		{id: "rust", want: DocStyle{Comment: "a Rust doc comment (/// lines)"}},
		{id: "javascript", want: DocStyle{Comment: "a JSDoc comment (/** ... */)"}},
		{id: "javascriptreact", want: DocStyle{Comment: "a JSDoc comment (/** ... */)"}},
		{id: "typescript", want: DocStyle{Comment: "a JSDoc comment (/** ... */)"}},
		{id: "typescriptreact", want: DocStyle{Comment: "a JSDoc comment (/** ... */)"}},
		{id: "java", want: DocStyle{Comment: "a Javadoc comment (/** ... */)"}},
		{id: "kotlin", want: DocStyle{Comment: "a KDoc comment (/** ... */)"}},
		{id: "c", want: DocStyle{Comment: "a Doxygen comment (/** ... */)"}},
		{id: "cpp", want: DocStyle{Comment: "a Doxygen comment (/** ... */)"}},
		{id: "objective-c", want: DocStyle{Comment: "a Doxygen comment (/** ... */)"}},
		{id: "objective-cpp", want: DocStyle{Comment: "a Doxygen comment (/** ... */)"}},
		{id: "csharp", want: DocStyle{Comment: "an XML doc comment (/// <summary> ... </summary>)"}},
		{id: "ruby", want: DocStyle{Comment: "a comment of # lines"}},
		{id: "shellscript", want: DocStyle{Comment: "a comment of # lines"}},
		{id: "perl", want: DocStyle{Comment: "a comment of # lines"}},
		{id: "r", want: DocStyle{Comment: "a comment of # lines"}},
		{id: "lua", want: DocStyle{Comment: "a LuaDoc comment (--- lines)"}},
		{id: "elixir", want: DocStyle{Comment: `a @doc attribute (@doc """ ... """)`}},
		// No convention: the caller words its own.
		{id: "swift"},
		{id: "sh"},
		{id: "no-such-language"},
		{id: ""},
	}
	for _, tt := range tests {
		if got := Lookup(tt.id).Doc; got != tt.want {
			t.Errorf("Lookup(%q).Doc = %+v, want %+v", tt.id, got, tt.want)
		}
	}
}

func TestTestFramework(t *testing.T) {
	tests := []struct{ id, want string }{
		{id: "go", want: "Use the standard testing package with table-driven tests where they fit"},
		{id: "python", want: "Use pytest: plain test_ functions with assert, importing what they test"},
		{id: "javascript", want: "Use describe/it/expect as Jest and Vitest do, importing what they test"},
		{id: "javascriptreact", want: "Use describe/it/expect as Jest and Vitest do, importing what they test"},
		{id: "typescript", want: "Use describe/it/expect as Jest and Vitest do, importing what they test"},
		{id: "typescriptreact", want: "Use describe/it/expect as Jest and Vitest do, importing what they test"},
		{id: "rust", want: "Use Rust's built-in test harness: #[test] functions with assert! and assert_eq!"},
		{id: "java"},
		{id: "no-such-language"},
		{id: ""},
	}
	for _, tt := range tests {
		if got := Lookup(tt.id).TestFramework; got != tt.want {
			t.Errorf("Lookup(%q).TestFramework = %q, want %q", tt.id, got, tt.want)
		}
	}
}

// TestTable checks the table's own consistency: one row per id, one
// language per extension, extensions lower case with their dot, and a
// known convention of indentation for every row.
func TestTable(t *testing.T) {
	ids, exts := map[string]bool{}, map[string]string{}
	for _, l := range table {
		if l.ID == "" || ids[l.ID] {
			t.Errorf("id %q empty or repeated", l.ID)
		}
		ids[l.ID] = true
		if l.Indent.Width <= 0 {
			t.Errorf("%s: no indentation convention", l.ID)
		}
		for _, e := range slices.Concat(l.Extensions, l.CheckExtensions) {
			if !strings.HasPrefix(e, ".") || strings.ToLower(e) != e {
				t.Errorf("%s: extension %q not lower case with a dot", l.ID, e)
			}
			if other, dup := exts[e]; dup {
				t.Errorf("extension %s in %s and %s", e, other, l.ID)
			}
			exts[e] = l.ID
		}
		if _, checked := l.Check.Syntax(); checked && len(l.Extensions)+len(l.CheckExtensions) == 0 {
			t.Errorf("%s: checked by family but has no extension", l.ID)
		}
	}
	if got := IDs(); len(got) != len(table) || got[0] != table[0].ID {
		t.Errorf("IDs() = %d ids, want %d in table order", len(got), len(table))
	}
}
