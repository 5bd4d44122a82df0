package diffing

import (
	"fmt"
	"path"
	"strings"
	"unicode/utf8"
)

// syntax is the lexical family of a file, as far as brackets care.
type syntax int

const (
	syntaxNone   syntax = iota // unknown: brackets are not checked
	syntaxC                    // // and /* */ comments, "" and '' literals, `` raw strings
	syntaxPython               // # comments, '' "" ''' """ literals
)

// syntaxOf returns the lexical family of a file by its extension.
func syntaxOf(name string) syntax {
	switch strings.ToLower(path.Ext(name)) {
	case ".go", ".c", ".h", ".cc", ".cpp", ".cxx", ".hpp", ".hh", ".java", ".js", ".jsx", ".mjs", ".cjs",
		".ts", ".tsx", ".rs", ".cs", ".swift", ".kt", ".kts", ".scala", ".php", ".dart", ".m", ".zig", ".json":
		return syntaxC
	case ".py", ".pyi":
		return syntaxPython
	}
	return syntaxNone
}

// bracketStats counts, per kind of bracket, the openers left unclosed and
// the closers that matched no opener.
type bracketStats struct {
	unclosed, stray [3]int
}

const openers, closers = "([{", ")]}"

// CheckBrackets returns an error wrapping ErrUnbalanced when after has more
// unclosed or stray brackets of some kind than before. Brackets inside
// strings and comments are skipped, as a best effort, for C-like languages
// and Python; other files pass.
func CheckBrackets(name, before, after string) error {
	syn := syntaxOf(name)
	if syn == syntaxNone {
		return nil
	}
	old, new := countBrackets(syn, before), countBrackets(syn, after)
	for k := range 3 {
		if new.unclosed[k] > old.unclosed[k] {
			return fmt.Errorf("%d unclosed %q, %d before: %w", new.unclosed[k], openers[k], old.unclosed[k], ErrUnbalanced)
		}
		if new.stray[k] > old.stray[k] {
			return fmt.Errorf("%d stray %q, %d before: %w", new.stray[k], closers[k], old.stray[k], ErrUnbalanced)
		}
	}
	return nil
}

// countBrackets matches the brackets of src outside strings and comments.
// A closer that does not match the innermost opener closes the nearest
// matching one, leaving those in between unclosed, or else is stray.
func countBrackets(syn syntax, src string) bracketStats {
	var st bracketStats
	var stack []int
	for i := 0; i < len(src); {
		if n := skipLiteral(syn, src, i); n > 0 {
			i += n
			continue
		}
		c := src[i]
		i++
		if k := strings.IndexByte(openers, c); k >= 0 {
			stack = append(stack, k)
			continue
		}
		k := strings.IndexByte(closers, c)
		if k < 0 {
			continue
		}
		j := len(stack) - 1
		for j >= 0 && stack[j] != k {
			j--
		}
		if j < 0 {
			st.stray[k]++
			continue
		}
		for _, u := range stack[j+1:] {
			st.unclosed[u]++
		}
		stack = stack[:j]
	}
	for _, u := range stack {
		st.unclosed[u]++
	}
	return st
}

// skipLiteral returns the length of the comment or string literal that
// starts at src[i], or 0. Unterminated ones end at the end of their line,
// except raw strings, triple-quoted strings and block comments.
func skipLiteral(syn syntax, src string, i int) int {
	rest := src[i:]
	switch syn {
	case syntaxC:
		switch {
		case strings.HasPrefix(rest, "//"):
			return untilLineEnd(rest)
		case strings.HasPrefix(rest, "/*"):
			return until(rest, 2, "*/")
		case rest[0] == '"':
			return quoted(rest, '"')
		case rest[0] == '`':
			return until(rest, 1, "`")
		case rest[0] == '\'':
			return charLiteral(rest)
		}
	case syntaxPython:
		switch {
		case rest[0] == '#':
			return untilLineEnd(rest)
		case strings.HasPrefix(rest, `"""`), strings.HasPrefix(rest, "'''"):
			return until(rest, 3, rest[:3])
		case rest[0] == '"', rest[0] == '\'':
			return quoted(rest, rest[0])
		}
	}
	return 0
}

// until returns the length of rest up to and including the first end after
// skip bytes, or all of rest.
func until(rest string, skip int, end string) int {
	if j := strings.Index(rest[skip:], end); j >= 0 {
		return skip + j + len(end)
	}
	return len(rest)
}

// untilLineEnd returns the length of rest up to its first newline.
func untilLineEnd(rest string) int {
	if j := strings.IndexByte(rest, '\n'); j >= 0 {
		return j
	}
	return len(rest)
}

// quoted returns the length of the literal quoted by q at the start of rest,
// honouring backslash escapes; an unterminated one ends at the line's end.
func quoted(rest string, q byte) int {
	for j := 1; j < len(rest); j++ {
		switch rest[j] {
		case '\\':
			j++
		case q:
			return j + 1
		case '\n':
			return j
		}
	}
	return len(rest)
}

// charLiteral returns the length of a C character literal at the start of
// rest, or 1 for a quote that starts none, such as a Rust lifetime.
func charLiteral(rest string) int {
	if len(rest) > 1 && rest[1] == '\\' {
		return quoted(rest, '\'')
	}
	_, size := utf8.DecodeRuneInString(rest[1:])
	if 1+size < len(rest) && rest[1+size] == '\'' {
		return size + 2
	}
	return 1
}
