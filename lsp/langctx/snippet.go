package langctx

import (
	"slices"
	"strings"

	"github.com/lspilot/lspilot/diffing/lang"
)

// maxDocLines bounds the doc comment kept above a declaration.
const maxDocLines = 12

// extract returns the declaration that starts on line (0-based) of text,
// a file of languageID: the doc comment or decorators right above it, the
// declaration, and its field list or body, at most maxLines lines and
// maxBytes bytes; a cut body ends with a comment line "...". A function's
// body in braces is elided: what a caller needs is its signature; so are
// the comment lines inside the declaration. A Go
// type is followed by the declaring lines of the methods the file
// declares on it, as a class body holds its methods.
func extract(languageID, text string, line, maxLines, maxBytes int) string {
	lines := strings.SplitAfter(text, "\n")
	if line < 0 || line >= len(lines) {
		return ""
	}
	l := lang.Lookup(languageID)
	body := withoutComments(l, signatureOnly(languageID, declLines(l, lines, line)))
	out := append(docLines(l, lines, line), body...)
	if name, ok := goTypeName(languageID, lines[line]); ok {
		out = append(out, goMethods(text, name)...)
	}
	var b strings.Builder
	for i, ln := range out {
		if i == maxLines || b.Len()+len(ln) > maxBytes {
			indent := lang.LeadingSpace(body[0])
			b.WriteString(indent + lang.CommentLine(languageID, "..."))
			break
		}
		b.WriteString(ln)
	}
	s := b.String()
	if !strings.HasSuffix(s, "\n") {
		s += "\n"
	}
	return s
}

// withoutComments returns the lines of a declaration without the comment
// lines inside it (a field's or a case's): the doc comment above says what
// it is, and its field list says more within the budget.
func withoutComments(l lang.Language, decl []string) []string {
	if len(decl) == 0 {
		return decl
	}
	out := decl[:1:1]
	for _, ln := range decl[1:] {
		t := strings.TrimSpace(ln)
		if l.Comment.Open != "" && strings.HasPrefix(t, l.Comment.Open) ||
			l.Syntax.BlockComment[0] != "" && strings.HasPrefix(t, l.Syntax.BlockComment[0]) {
			continue
		}
		out = append(out, ln)
	}
	return out
}

// signatureOnly returns the lines of a declaration without the body of a
// function in braces, its opening line ending in "{ ... }"; other
// declarations, and a function on one line, are returned whole.
func signatureOnly(languageID string, decl []string) []string {
	words := funcWords[languageID]
	if len(decl) < 2 || words == nil || funcWord(words, decl[0]) < 0 {
		return decl
	}
	for i, ln := range decl {
		t := strings.TrimRight(ln, " \t\r\n")
		if strings.HasSuffix(t, "{") {
			out := slices.Clone(decl[:i+1])
			out[i] = t + " ... }\n"
			return out
		}
		if strings.HasSuffix(t, ":") && opensIndented(lang.Lookup(languageID), t) {
			return decl // a block by indentation: a docstring may open it
		}
	}
	return decl
}

// declLine returns the declaring line on line (0-based) of text alone,
// without its indentation, and with an elided body where it opens one, so
// that it reads as a declaration: "func F(x int) error { ... }",
// "def f(x): ...".
func declLine(languageID, text string, line int) string {
	start := lineOffset(text, line)
	if start >= len(text) {
		return ""
	}
	s, _, _ := strings.Cut(text[start:], "\n")
	s = strings.TrimSpace(s)
	switch {
	case strings.HasSuffix(s, "{"):
		s += " ... }"
	case strings.HasSuffix(s, ":") && opensIndented(lang.Lookup(languageID), s):
		s += " ..."
	}
	return s
}

// docLines returns the comment lines or decorators right above line.
func docLines(l lang.Language, lines []string, line int) []string {
	start := line
	for start > 0 && line-start < maxDocLines && isDocLine(l, lines[start-1]) {
		start--
	}
	return lines[start:line]
}

// isDocLine reports a comment line or a decorator.
func isDocLine(l lang.Language, s string) bool {
	t := strings.TrimSpace(s)
	if t == "" {
		return false
	}
	if l.Comment.Open != "" && strings.HasPrefix(t, l.Comment.Open) {
		return true
	}
	if open := l.Syntax.BlockComment[0]; open != "" && (strings.HasPrefix(t, open) || strings.HasPrefix(t, "*")) {
		return true
	}
	return strings.HasPrefix(t, "@") || strings.HasPrefix(t, "#[") // decorators, Rust attributes
}

// declLines returns the lines of the declaration on line: through the
// bracket that closes what it opens, or for a line that opens a block
// by indentation (Python's ":"), through the lines indented deeper.
func declLines(l lang.Language, lines []string, line int) []string {
	lx := lang.NewLexer(l.Syntax)
	depth, end := 0, line
	for ; end < len(lines); end++ {
		s := lines[end]
		for i := 0; i < len(s); {
			n, code := lx.Next(s, i)
			if code {
				switch s[i] {
				case '{', '(', '[':
					depth++
				case '}', ')', ']':
					depth--
				}
			}
			i += n
		}
		if depth <= 0 {
			break
		}
	}
	if end == len(lines) {
		end--
	}
	if depth <= 0 && opensIndented(l, lines[end]) {
		end = indentedEnd(lines, line, end)
	}
	return lines[line : end+1]
}

// opensIndented reports a line that ends with an opener of an indented
// block, such as Python's ":".
func opensIndented(l lang.Language, s string) bool {
	t := strings.TrimSpace(s)
	return slices.ContainsFunc(l.Openers, func(o string) bool { return len(o) == 1 && strings.HasSuffix(t, o) })
}

// indentedEnd returns the last line after from that is blank or indented
// deeper than line, trailing blank lines left out.
func indentedEnd(lines []string, line, from int) int {
	base := len(lang.LeadingSpace(lines[line]))
	end := from
	for i := from + 1; i < len(lines); i++ {
		t := strings.TrimSpace(lines[i])
		if t == "" {
			continue
		}
		if len(lang.LeadingSpace(lines[i])) <= base {
			break
		}
		end = i
	}
	return end
}

// goTypeName returns the name a Go "type" line declares.
func goTypeName(languageID, line string) (string, bool) {
	rest, ok := strings.CutPrefix(strings.TrimSpace(line), "type ")
	if languageID != "go" || !ok {
		return "", false
	}
	name := rest[:identEnd(rest, 0)]
	return name, name != ""
}

// goMethods returns the declaring lines of the methods text declares on
// the type name, bodies elided, in text order; a signature that goes on
// past its first line is left out.
func goMethods(text, name string) []string {
	var out []string
	for off := 0; ; {
		i := strings.Index(text[off:], "\nfunc (")
		if i < 0 {
			return out
		}
		start := off + i + 1
		line, _, _ := strings.Cut(text[start:], "\n")
		off = start + len(line)
		if receiverType(line) == name && strings.Count(line, "(") == strings.Count(line, ")") {
			out = append(out, declLine("go", line, 0)+"\n")
		}
	}
}

// receiverType returns the type name of the receiver of the method that
// line declares: T of "func (t *T[K]) M()".
func receiverType(line string) string {
	recv, _, ok := strings.Cut(strings.TrimPrefix(line, "func ("), ")")
	if !ok {
		return ""
	}
	f := strings.Fields(recv)
	if len(f) == 0 {
		return ""
	}
	t := strings.TrimLeft(f[len(f)-1], "*")
	t, _, _ = strings.Cut(t, "[")
	return t
}
