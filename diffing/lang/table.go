package lang

// Comment styles of the table.
var (
	slashes  = Comment{Open: "//"}
	hashes   = Comment{Open: "#"}
	dashes   = Comment{Open: "--"}
	semis    = Comment{Open: ";;"}
	percents = Comment{Open: "%"}
	mlStyle  = Comment{Open: "(*", Close: " *)"}
	xmlStyle = Comment{Open: "<!--", Close: " -->"}
	cssStyle = Comment{Open: "/*", Close: " */"}
)

// Lexer rules of the table. Every language reads "" strings and “ strings
// that may span lines, both with backslash escapes, and ” strings unless
// the apostrophe means something else there.
var (
	plainSyntax   = Syntax{Quotes: `"'`, Raw: "`", RawEscapes: true}
	slashSyntax   = Syntax{LineComment: "//", BlockComment: [2]string{"/*", "*/"}, Quotes: `"'`, Raw: "`", RawEscapes: true}
	hashSyntax    = Syntax{LineComment: "#", Quotes: `"'`, Raw: "`", RawEscapes: true}
	dashSyntax    = Syntax{LineComment: "--", Quotes: `"'`, Raw: "`", RawEscapes: true}
	percentSyntax = Syntax{LineComment: "%", Quotes: `"'`, Raw: "`", RawEscapes: true}
	lispSyntax    = Syntax{LineComment: ";;", Quotes: `"`, Raw: "`", RawEscapes: true}
	cssSyntax     = Syntax{BlockComment: [2]string{"/*", "*/"}, Quotes: `"'`, Raw: "`", RawEscapes: true}
	rustSyntax    = Syntax{LineComment: "//", BlockComment: [2]string{"/*", "*/"}, Quotes: `"`, Raw: "`", RawEscapes: true, Char: CharRust}
	haskellSyntax = Syntax{LineComment: "--", Quotes: `"`, Raw: "`", RawEscapes: true}
	ocamlSyntax   = Syntax{Quotes: `"`, Raw: "`", RawEscapes: true}
)

// Indentation conventions.
var (
	tabs   = Indent{Tabs: true, Width: 4}
	two    = Indent{Width: 2}
	four   = Indent{Width: 4}
	arrows = []string{"=>"}
)

// Doc comment conventions and test conventions shared by several languages.
var (
	jsDoc     = DocStyle{Comment: "a JSDoc comment (/** ... */)"}
	doxygen   = DocStyle{Comment: "a Doxygen comment (/** ... */)"}
	hashDoc   = DocStyle{Comment: "a comment of # lines"}
	jestTests = "Use describe/it/expect as Jest and Vitest do, importing what they test"

	suffixTests = TestNaming{Suffix: "_test", Suffixes: []string{"_test"}}
	pythonTests = TestNaming{Prefix: "test_", Prefixes: []string{"test_"}, Suffixes: []string{"_test"}}
	dotTests    = TestNaming{Suffix: ".test", Suffixes: []string{".test", ".spec"}}
	classTests  = TestNaming{Suffix: "Test", Suffixes: []string{"Test", "Tests"}}
	csharpTests = TestNaming{Suffix: "Tests", Suffixes: []string{"Tests"}}
	elixirTests = TestNaming{Suffix: "_test", Ext: ".exs", Suffixes: []string{"_test"}}
)

// table is the language table. Vim's comment quote is also its string
// quote, so the lexer reads it as a string.
var table = []Language{
	{ID: "go", Extensions: []string{".go"}, Comment: slashes, Syntax: slashSyntax, Check: FamilyC, Indent: tabs, Doc: DocStyle{Comment: "a Go doc comment (// lines, a sentence that starts with the declared name)"}, TestFramework: "Use the standard testing package with table-driven tests where they fit", TestFile: suffixTests},
	{ID: "c", Extensions: []string{".c", ".h"}, Comment: slashes, Syntax: slashSyntax, Check: FamilyC, Indent: four, Doc: doxygen},
	{ID: "cpp", Extensions: []string{".cc", ".cpp", ".hpp"}, CheckExtensions: []string{".cxx", ".hh"}, Comment: slashes, Syntax: slashSyntax, Check: FamilyC, Indent: four, Doc: doxygen},
	{ID: "csharp", Extensions: []string{".cs"}, Comment: slashes, Syntax: slashSyntax, Check: FamilyC, Indent: four, Doc: DocStyle{Comment: "an XML doc comment (/// <summary> ... </summary>)"}, TestFile: csharpTests},
	{ID: "java", Extensions: []string{".java"}, Comment: slashes, Syntax: slashSyntax, Check: FamilyC, Indent: four, Doc: DocStyle{Comment: "a Javadoc comment (/** ... */)"}, TestFile: classTests},
	{ID: "javascript", Extensions: []string{".js", ".mjs"}, CheckExtensions: []string{".cjs"}, Comment: slashes, Syntax: slashSyntax, Check: FamilyC, Indent: two, Openers: arrows, Doc: jsDoc, TestFramework: jestTests, TestFile: dotTests},
	{ID: "javascriptreact", Extensions: []string{".jsx"}, Comment: slashes, Syntax: slashSyntax, Check: FamilyC, Indent: two, Openers: arrows, Tag: "jsx", Doc: jsDoc, TestFramework: jestTests, TestFile: dotTests},
	{ID: "typescript", Extensions: []string{".ts"}, Comment: slashes, Syntax: slashSyntax, Check: FamilyC, Indent: two, Openers: arrows, Doc: jsDoc, TestFramework: jestTests, TestFile: dotTests},
	{ID: "typescriptreact", Extensions: []string{".tsx"}, Comment: slashes, Syntax: slashSyntax, Check: FamilyC, Indent: two, Openers: arrows, Tag: "tsx", Doc: jsDoc, TestFramework: jestTests, TestFile: dotTests},
	{ID: "rust", Extensions: []string{".rs"}, Comment: slashes, Syntax: rustSyntax, Check: FamilyC, Indent: four, Doc: DocStyle{Comment: "a Rust doc comment (/// lines)"}, TestFramework: "Use Rust's built-in test harness: #[test] functions with assert! and assert_eq!"},
	{ID: "swift", Extensions: []string{".swift"}, Comment: slashes, Syntax: slashSyntax, Check: FamilyC, Indent: four, TestFile: classTests},
	{ID: "kotlin", Extensions: []string{".kt"}, CheckExtensions: []string{".kts"}, Comment: slashes, Syntax: slashSyntax, Check: FamilyC, Indent: four, Doc: DocStyle{Comment: "a KDoc comment (/** ... */)"}, TestFile: classTests},
	{ID: "scala", Extensions: []string{".scala"}, Comment: slashes, Syntax: slashSyntax, Check: FamilyC, Indent: four, TestFile: classTests},
	{ID: "dart", Extensions: []string{".dart"}, Comment: slashes, Syntax: slashSyntax, Check: FamilyC, Indent: four},
	{ID: "php", Extensions: []string{".php"}, Comment: slashes, Syntax: slashSyntax, Check: FamilyC, Indent: four, TestFile: classTests},
	{ID: "zig", Extensions: []string{".zig"}, Comment: slashes, Syntax: slashSyntax, Check: FamilyC, Indent: four},
	{ID: "objective-c", CheckExtensions: []string{".m"}, Comment: slashes, Syntax: slashSyntax, Check: FamilyC, Indent: four, Doc: doxygen},
	{ID: "objective-cpp", Comment: slashes, Syntax: slashSyntax, Indent: four, Doc: doxygen},
	{ID: "groovy", Comment: slashes, Syntax: slashSyntax, Indent: four},
	{ID: "proto", Comment: slashes, Syntax: slashSyntax, Indent: four},
	{ID: "json", Extensions: []string{".json"}, Syntax: plainSyntax, Check: FamilyC, Indent: two},
	{ID: "jsonc", Extensions: []string{".jsonc"}, Comment: slashes, Syntax: slashSyntax, Indent: two},
	{ID: "scss", Comment: slashes, Syntax: slashSyntax, Indent: four},
	{ID: "less", Comment: slashes, Syntax: slashSyntax, Indent: four},
	{ID: "hlsl", Comment: slashes, Syntax: slashSyntax, Indent: four},
	{ID: "glsl", Comment: slashes, Syntax: slashSyntax, Indent: four},
	{ID: "v", Comment: slashes, Syntax: slashSyntax, Indent: four},
	{ID: "d", Comment: slashes, Syntax: slashSyntax, Indent: four},

	{ID: "python", Extensions: []string{".py"}, CheckExtensions: []string{".pyi"}, Comment: hashes, Syntax: hashSyntax, Check: FamilyPython, Indent: four, Openers: []string{":"}, Doc: DocStyle{Comment: "a docstring (PEP 257, triple double quotes)", InBody: true}, TestFramework: "Use pytest: plain test_ functions with assert, importing what they test", TestFile: pythonTests},
	{ID: "ruby", Extensions: []string{".rb"}, Comment: hashes, Syntax: hashSyntax, Indent: two, Openers: []string{"then", "do", "else", "begin"}, Doc: hashDoc},
	{ID: "shellscript", Extensions: []string{".sh", ".bash"}, Comment: hashes, Syntax: hashSyntax, Indent: four, Openers: []string{"then", "do", "else"}, Tag: "sh", Doc: hashDoc},
	{ID: "sh", Comment: hashes, Syntax: hashSyntax, Indent: four},
	{ID: "bash", Comment: hashes, Syntax: hashSyntax, Indent: four},
	{ID: "zsh", Comment: hashes, Syntax: hashSyntax, Indent: four},
	{ID: "fish", Comment: hashes, Syntax: hashSyntax, Indent: four},
	{ID: "perl", Extensions: []string{".pl"}, Comment: hashes, Syntax: hashSyntax, Indent: four, Doc: hashDoc},
	{ID: "r", Extensions: []string{".r"}, Comment: hashes, Syntax: hashSyntax, Indent: four, Doc: hashDoc},
	{ID: "yaml", Extensions: []string{".yaml", ".yml"}, Comment: hashes, Syntax: hashSyntax, Indent: two},
	{ID: "toml", Extensions: []string{".toml"}, Comment: hashes, Syntax: hashSyntax, Indent: four},
	{ID: "dockerfile", Comment: hashes, Syntax: hashSyntax, Indent: four},
	{ID: "makefile", Comment: hashes, Syntax: hashSyntax, Indent: tabs},
	{ID: "elixir", Extensions: []string{".ex", ".exs"}, Comment: hashes, Syntax: hashSyntax, Indent: two, Openers: []string{"do", "->", "else"}, Doc: DocStyle{Comment: `a @doc attribute (@doc """ ... """)`}, TestFile: elixirTests},
	{ID: "nim", Comment: hashes, Syntax: hashSyntax, Indent: four},
	{ID: "julia", Comment: hashes, Syntax: hashSyntax, Indent: four},
	{ID: "powershell", Comment: hashes, Syntax: hashSyntax, Indent: four},
	{ID: "coffeescript", Comment: hashes, Syntax: hashSyntax, Indent: four},
	{ID: "cmake", Comment: hashes, Syntax: hashSyntax, Indent: four},
	{ID: "crystal", Comment: hashes, Syntax: hashSyntax, Indent: four},
	{ID: "gdscript", Comment: hashes, Syntax: hashSyntax, Indent: four},
	{ID: "nix", Comment: hashes, Syntax: hashSyntax, Indent: four},
	{ID: "starlark", Comment: hashes, Syntax: hashSyntax, Indent: four},
	{ID: "terraform", Comment: hashes, Syntax: hashSyntax, Indent: four},
	{ID: "hcl", Comment: hashes, Syntax: hashSyntax, Indent: four},

	{ID: "lua", Extensions: []string{".lua"}, Comment: dashes, Syntax: dashSyntax, Indent: two, Openers: []string{"then", "do", "else", "repeat"}, Doc: DocStyle{Comment: "a LuaDoc comment (--- lines)"}},
	{ID: "sql", Extensions: []string{".sql"}, Comment: dashes, Syntax: dashSyntax, Indent: four},
	{ID: "haskell", Extensions: []string{".hs"}, Comment: dashes, Syntax: haskellSyntax, Indent: four},
	{ID: "ada", Comment: dashes, Syntax: dashSyntax, Indent: four},
	{ID: "elm", Comment: dashes, Syntax: dashSyntax, Indent: four},
	{ID: "purescript", Comment: dashes, Syntax: dashSyntax, Indent: four},

	{ID: "lisp", Comment: semis, Syntax: lispSyntax, Indent: four},
	{ID: "commonlisp", Comment: semis, Syntax: lispSyntax, Indent: four},
	{ID: "clojure", Extensions: []string{".clj"}, Comment: semis, Syntax: lispSyntax, Indent: four},
	{ID: "scheme", Comment: semis, Syntax: lispSyntax, Indent: four},
	{ID: "racket", Comment: semis, Syntax: lispSyntax, Indent: four},
	{ID: "elisp", Comment: semis, Syntax: lispSyntax, Indent: four},
	{ID: "fennel", Comment: semis, Syntax: lispSyntax, Indent: four},

	{ID: "erlang", Extensions: []string{".erl"}, Comment: percents, Syntax: percentSyntax, Indent: four},
	{ID: "latex", Comment: percents, Syntax: percentSyntax, Indent: four},
	{ID: "tex", Comment: percents, Syntax: percentSyntax, Indent: four},
	{ID: "matlab", Comment: percents, Syntax: percentSyntax, Indent: four},
	{ID: "prolog", Comment: percents, Syntax: percentSyntax, Indent: four},

	{ID: "vim", Extensions: []string{".vim"}, Comment: Comment{Open: `"`}, Syntax: plainSyntax, Indent: four},

	{ID: "ocaml", Extensions: []string{".ml"}, Comment: mlStyle, Syntax: ocamlSyntax, Indent: four},
	{ID: "fsharp", Comment: mlStyle, Syntax: plainSyntax, Indent: four},
	{ID: "pascal", Comment: mlStyle, Syntax: plainSyntax, Indent: four},

	{ID: "html", Extensions: []string{".html"}, Comment: xmlStyle, Syntax: plainSyntax, Indent: two},
	{ID: "xml", Extensions: []string{".xml"}, Comment: xmlStyle, Syntax: plainSyntax, Indent: four},
	{ID: "markdown", Extensions: []string{".md"}, Comment: xmlStyle, Syntax: plainSyntax, Indent: four, Markdown: true},
	{ID: "mdx", Syntax: plainSyntax, Indent: four, Markdown: true},
	{ID: "vue", Extensions: []string{".vue"}, Comment: xmlStyle, Syntax: plainSyntax, Indent: four},
	{ID: "svelte", Comment: xmlStyle, Syntax: plainSyntax, Indent: four},
	{ID: "astro", Comment: xmlStyle, Syntax: plainSyntax, Indent: four},

	{ID: "css", Extensions: []string{".css"}, Comment: cssStyle, Syntax: cssSyntax, Indent: two},
}
