package langctx

import (
	"strings"

	"github.com/lspilot/lspilot/diffing/lang"
)

// funcWords are, by language id, the words that open a function on a
// line; a language without any is never told locals from the rest.
var funcWords = map[string][]string{
	"go":              {"func"},
	"python":          {"def", "lambda"},
	"javascript":      {"function", "=>"},
	"javascriptreact": {"function", "=>"},
	"typescript":      {"function", "=>"},
	"typescriptreact": {"function", "=>"},
	"rust":            {"fn"},
}

// isLocal reports whether the name declared at char of line (both from
// 0) of text, a file of languageID, is a function's parameter or
// variable: on a line that opens a function without being its name, or on
// a line inside such a function by indentation.
func isLocal(languageID, text string, line, char int) bool {
	words := funcWords[languageID]
	if words == nil {
		return false
	}
	lines := strings.Split(text, "\n")
	if line < 0 || line >= len(lines) {
		return false
	}
	cur := lines[line]
	if k := funcWord(words, cur); k >= 0 && isParam(cur, k, char) {
		return true
	}
	indent := len(lang.LeadingSpace(cur))
	for i := line - 1; i >= 0 && indent > 0; i-- {
		s := lines[i]
		if strings.TrimSpace(s) == "" {
			continue
		}
		if w := len(lang.LeadingSpace(s)); w < indent {
			if funcWord(words, s) >= 0 {
				return true
			}
			indent = w
		}
	}
	return false
}

// funcWord returns the offset in s of the first of words it holds as a
// word (a comment or a string is not told from code); -1 when it holds
// none.
func funcWord(words []string, s string) int {
	for _, w := range words {
		for i := 0; ; {
			j := strings.Index(s[i:], w)
			if j < 0 {
				break
			}
			j += i
			end := j + len(w)
			if !isIdentStart(w, 0) || (j == 0 || !isIdentByte(s[j-1])) && (end == len(s) || !isIdentByte(s[end])) {
				return j
			}
			i = end
		}
	}
	return -1
}

// isParam reports whether the name at char of s, a line that opens a
// function at k, is one of its parameters: after the word and not the
// function's name; for an arrow function, between the "=" that binds it
// and the arrow.
func isParam(s string, k, char int) bool {
	if strings.HasPrefix(s[k:], "=>") {
		if eq := strings.IndexByte(s, '='); eq >= 0 && eq < k {
			return char > eq && char < k
		}
		return char < k
	}
	return char > k && char != funcName(s, k)
}

// funcName returns the offset of the name a line that opens a function at
// k declares: the first identifier after the word, past a receiver in
// parentheses (Go's methods); -1 when there is none.
func funcName(s string, k int) int {
	i := identEnd(s, k)
	i += len(s[i:]) - len(strings.TrimLeft(s[i:], " \t"))
	if i < len(s) && s[i] == '(' {
		if j := strings.IndexByte(s[i:], ')'); j >= 0 {
			i += j + 1
			i += len(s[i:]) - len(strings.TrimLeft(s[i:], " \t"))
		}
	}
	if i < len(s) && isIdentStart(s, i) {
		return i
	}
	return -1
}
