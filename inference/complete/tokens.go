package complete

import (
	"slices"
	"strings"
)

// identSet is a sorted set of identifier hashes: what the similarity of two
// pieces of code is measured on.
type identSet []uint32

// appendIdents appends the hashes of the identifiers of s to buf: ASCII
// words of letters, digits and underscores that start with a letter or
// underscore, at least two bytes long, less the keywords and names so
// common in every language that they tell nothing about what code is about.
func appendIdents(buf []uint32, s string) []uint32 {
	for i := 0; i < len(s); {
		if !identStart(s[i]) {
			i++
			continue
		}
		j := i + 1
		for j < len(s) && identPart(s[j]) {
			j++
		}
		if w := s[i:j]; len(w) >= 2 && !commonWords[w] {
			buf = append(buf, hashIdent(w))
		}
		i = j
	}
	return buf
}

// appendDeclared appends to buf the hashes of the identifiers s declares,
// as far as words tell without parsing: those that follow a declaring
// keyword of one of the languages lspilot sees most (func, type, def,
// class, function, interface, const, var, let, enum, struct, fn, trait),
// and the name of a Go method, after its receiver.
func appendDeclared(buf []uint32, s string) []uint32 {
	prev := ""
	for i := 0; i < len(s); {
		if !identStart(s[i]) {
			if s[i] == '(' && prev == "func" {
				i = receiverEnd(s, i)
				continue
			}
			if s[i] != ' ' && s[i] != '\t' && s[i] != '*' {
				prev = ""
			}
			i++
			continue
		}
		j := i + 1
		for j < len(s) && identPart(s[j]) {
			j++
		}
		w := s[i:j]
		if declaring[prev] && !commonWords[w] {
			buf = append(buf, hashIdent(w))
		}
		prev, i = w, j
	}
	return buf
}

// receiverEnd returns the offset after the parenthesized receiver starting
// at s[open], keeping "func" as the previous word so that the method's name
// counts as declared.
func receiverEnd(s string, open int) int {
	if end := strings.IndexByte(s[open:], ')'); end >= 0 && !strings.Contains(s[open:open+end], "\n") {
		return open + end + 1
	}
	return open + 1
}

// declaring are the keywords after which a name is declared.
var declaring = map[string]bool{
	"func": true, "type": true, "def": true, "class": true, "function": true, "interface": true,
	"const": true, "var": true, "let": true, "enum": true, "struct": true, "fn": true, "trait": true,
}

// toSet sorts hashes and drops duplicates, in place.
func toSet(hashes []uint32) identSet {
	slices.Sort(hashes)
	return slices.Compact(hashes)
}

func identStart(c byte) bool {
	return c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

func identPart(c byte) bool {
	return identStart(c) || '0' <= c && c <= '9'
}

// hashIdent is 32-bit FNV-1a: collisions between the few hundred
// identifiers of a window and a query are rare enough not to matter.
func hashIdent(w string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(w); i++ {
		h ^= uint32(w[i])
		h *= 16777619
	}
	return h
}

// commonWords are keywords and ubiquitous names of the languages lspilot
// sees most (Go, Python, TypeScript and JavaScript, C, Rust, Java, Lua).
var commonWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range []string{
		"if", "else", "for", "while", "do", "return", "break", "continue", "switch", "case", "default",
		"func", "function", "def", "class", "struct", "interface", "type", "enum", "const", "let", "var",
		"import", "from", "package", "export", "as", "in", "is", "not", "and", "or", "of", "new",
		"true", "false", "True", "False", "nil", "null", "None", "undefined", "this", "self",
		"int", "string", "bool", "float64", "byte", "error", "err", "void", "char", "long", "str",
		"public", "private", "protected", "static", "final", "async", "await", "yield", "try",
		"catch", "except", "finally", "raise", "throw", "throws", "with", "pass", "lambda", "go",
		"defer", "chan", "map", "range", "select", "fn", "pub", "mut", "impl", "use", "mod", "end",
		"then", "local", "elif", "extends", "implements", "typeof", "instanceof", "readonly",
	} {
		m[w] = true
	}
	return m
}()

// jaccard is the Jaccard similarity of two sets of sizes a and b that share
// n members.
func jaccard(n, a, b int) float64 {
	if u := a + b - n; u > 0 {
		return float64(n) / float64(u)
	}
	return 0
}
