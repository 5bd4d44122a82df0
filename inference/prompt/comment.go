package prompt

import (
	"path"
	"strings"
)

// commentStyle is how a language writes a one-line comment: open, then the
// text, then close (empty for line comments).
type commentStyle struct{ open, close string }

var commentStyles = map[string]commentStyle{}

func init() {
	add := func(s commentStyle, langs ...string) {
		for _, l := range langs {
			commentStyles[l] = s
		}
	}
	add(commentStyle{open: "//"}, "go", "c", "cpp", "csharp", "java", "javascript", "javascriptreact",
		"typescript", "typescriptreact", "rust", "swift", "kotlin", "scala", "dart", "php", "zig",
		"objective-c", "objective-cpp", "groovy", "proto", "jsonc", "scss", "less", "hlsl", "glsl", "v", "d")
	add(commentStyle{open: "#"}, "python", "ruby", "shellscript", "sh", "bash", "zsh", "fish", "perl",
		"r", "yaml", "toml", "dockerfile", "makefile", "elixir", "nim", "julia", "powershell",
		"coffeescript", "cmake", "crystal", "gdscript", "nix", "starlark", "terraform", "hcl")
	add(commentStyle{open: "--"}, "lua", "sql", "haskell", "ada", "elm", "purescript")
	add(commentStyle{open: ";;"}, "lisp", "commonlisp", "clojure", "scheme", "racket", "elisp", "fennel")
	add(commentStyle{open: "%"}, "erlang", "latex", "tex", "matlab", "prolog")
	add(commentStyle{open: "\""}, "vim")
	add(commentStyle{open: "(*", close: " *)"}, "ocaml", "fsharp", "pascal")
	add(commentStyle{open: "<!--", close: " -->"}, "html", "xml", "markdown", "vue", "svelte", "astro")
	add(commentStyle{open: "/*", close: " */"}, "css")
}

// extLanguages maps file extensions to language ids for callers that do not
// know the language.
var extLanguages = map[string]string{
	".go": "go", ".c": "c", ".h": "c", ".cc": "cpp", ".cpp": "cpp", ".hpp": "cpp", ".cs": "csharp",
	".java": "java", ".js": "javascript", ".mjs": "javascript", ".jsx": "javascriptreact",
	".ts": "typescript", ".tsx": "typescriptreact", ".rs": "rust", ".swift": "swift", ".kt": "kotlin",
	".py": "python", ".rb": "ruby", ".sh": "shellscript", ".bash": "shellscript", ".lua": "lua",
	".sql": "sql", ".hs": "haskell", ".json": "json", ".jsonc": "jsonc", ".yaml": "yaml", ".yml": "yaml",
	".toml": "toml", ".html": "html", ".xml": "xml", ".md": "markdown", ".css": "css", ".php": "php",
	".zig": "zig", ".ex": "elixir", ".exs": "elixir", ".ml": "ocaml", ".vim": "vim", ".clj": "clojure",
	".erl": "erlang", ".r": "r", ".pl": "perl", ".scala": "scala", ".dart": "dart", ".vue": "vue",
}

// LanguageOf returns the language id for a path's extension, or "".
func LanguageOf(p string) string {
	return extLanguages[strings.ToLower(path.Ext(p))]
}

// commentLine renders text as one comment line ending in "\n", or "" when
// the language has no comments (JSON, plain text).
func commentLine(lang, text string) string {
	s, ok := commentStyles[lang]
	if !ok || text == "" {
		return ""
	}
	return s.open + " " + text + s.close + "\n"
}

// lineComment returns the line-comment opener of a language, or "".
func lineComment(lang string) string {
	s := commentStyles[lang]
	if s.close != "" {
		return ""
	}
	return s.open
}
