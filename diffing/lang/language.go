package lang

import (
	"path"
	"strings"
)

// Language is what lspilot knows of one language.
type Language struct {
	// ID is the LSP language id ("go", "python", "typescriptreact").
	ID string
	// Extensions are the file extensions, lower case with their dot, that
	// Detect maps to the language.
	Extensions []string
	// CheckExtensions are further extensions that whole-file checks
	// (ForPath) recognise; Detect does not map them, so prompts name such
	// files as before.
	CheckExtensions []string
	// Comment is how to write a one-line comment; zero when the language
	// has none (JSON, plain text).
	Comment Comment
	// Syntax is the comments and strings the bracket lexer skips in the
	// text around a suggestion and in the suggestion itself.
	Syntax Syntax
	// Check is the lexical family whole-file bracket checks read the
	// language with; FamilyNone leaves its files unchecked.
	Check Family
	// Indent is the indentation a file of the language uses when it shows
	// none.
	Indent Indent
	// Openers are the words or symbols that open a block at the end of a
	// line, besides the brackets every language has (":" in Python, "do"
	// in Ruby).
	Openers []string
	// Markdown reports a document language whose code fences are the
	// user's text, not a wrapper around code.
	Markdown bool
	// Tag is the info string Markdown fences usually carry for the
	// language when it is not the id ("tsx" for typescriptreact); see Tag.
	Tag string
	// Doc is how the language writes doc comments; zero when lspilot
	// knows no convention.
	Doc DocStyle
	// TestFramework is how tests are usually written in the language, a
	// sentence without its final period; empty when lspilot knows none.
	TestFramework string
	// TestFile is how the language names test files; see TestNamingFor.
	TestFile TestNaming
}

// DocStyle is a language's convention for doc comments.
type DocStyle struct {
	// Comment says what to write, for a prompt: "a Javadoc comment (/** ... */)".
	Comment string
	// InBody reports a doc comment that is the first statement of the
	// body (a Python docstring) rather than a comment above the code.
	InBody bool
}

// Comment is how a language writes a one-line comment: Open, a space, the
// text, then Close (empty for line comments).
type Comment struct{ Open, Close string }

// Family is a lexical family of languages, as whole-file checks read them.
type Family uint8

// Families.
const (
	// FamilyNone: files are not checked.
	FamilyNone Family = iota
	// FamilyC: // and /* */ comments, "" strings, `` raw strings and C
	// character literals.
	FamilyC
	// FamilyPython: # comments and '' "" ''' """ strings.
	FamilyPython
)

var familySyntax = [...]Syntax{
	FamilyC:      {LineComment: "//", BlockComment: [2]string{"/*", "*/"}, Quotes: `"`, Raw: "`", Char: CharC},
	FamilyPython: {LineComment: "#", Quotes: `"'`, Triple: true},
}

// Syntax returns the rules the family's files are lexed with, and false for
// FamilyNone.
func (f Family) Syntax() (Syntax, bool) {
	if f == FamilyNone || int(f) >= len(familySyntax) {
		return Syntax{}, false
	}
	return familySyntax[f], true
}

var (
	byID  = map[string]*Language{}
	byExt = map[string]*Language{} // Extensions only
	byAny = map[string]*Language{} // Extensions and CheckExtensions
)

func init() {
	for i := range table {
		l := &table[i]
		byID[l.ID] = l
		for _, e := range l.Extensions {
			byExt[e], byAny[e] = l, l
		}
		for _, e := range l.CheckExtensions {
			byAny[e] = l
		}
	}
}

// Lookup returns the language with the LSP id, or, for an id the table does
// not hold, a language of that id with no comments, the default string
// rules and four-space indentation.
func Lookup(id string) Language {
	if l, ok := byID[id]; ok {
		return *l
	}
	return Language{ID: id, Syntax: plainSyntax, Indent: Indent{Width: 4}}
}

// Detect returns the LSP language id for a path's extension, or "".
func Detect(p string) string {
	if l, ok := byExt[strings.ToLower(path.Ext(p))]; ok {
		return l.ID
	}
	return ""
}

// ForPath returns the language of a file by its extension, counting
// CheckExtensions, and false when the extension is unknown.
func ForPath(p string) (Language, bool) {
	if l, ok := byAny[strings.ToLower(path.Ext(p))]; ok {
		return *l, true
	}
	return Language{}, false
}

// IDs returns the ids of the languages in the table, in table order.
func IDs() []string {
	out := make([]string, len(table))
	for i := range table {
		out[i] = table[i].ID
	}
	return out
}
