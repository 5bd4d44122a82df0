package langctx

import (
	"slices"
	"strings"

	"github.com/lspilot/lspilot/diffing/lang"
)

// maxDocLines bounds the doc comment kept above a declaration: its first
// lines, where a doc comment says what it documents. The rest would take
// the room of other declarations, whose signatures a line more often needs.
const maxDocLines = 2

// maxDocScan bounds the lines looked at above a declaration for its doc
// comment and decorators.
const maxDocScan = 64

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
// function: in braces, its opening line ends in "{ ... }"; by indentation,
// the signature is followed by the first line of its docstring and "...".
// Other declarations, and a function on one line, are returned whole.
func signatureOnly(languageID string, decl []string) []string {
	words := funcWords[languageID]
	if len(decl) < 2 || words == nil {
		return decl
	}
	if funcWord(words, decl[0]) < 0 {
		l := lang.Lookup(languageID)
		switch {
		case opensIndented(l, decl[0]):
			return membersOnly(languageID, decl)
		case strings.HasSuffix(strings.TrimRight(decl[0], " \t\r\n"), "{"):
			return bracedMembersOnly(l, decl)
		}
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
			return withSummary(decl[:i+1], decl[i+1:])
		}
	}
	return decl
}

// membersOnly returns a declaration whose body is a block by indentation,
// a class, with the bodies of the functions it holds elided.
func membersOnly(languageID string, decl []string) []string {
	out := decl[:1:1]
	for i := 1; i < len(decl); {
		end := i + 1
		if t := strings.TrimSpace(decl[i]); t != "" {
			indent := len(lang.LeadingSpace(decl[i]))
			for end < len(decl) && (strings.TrimSpace(decl[end]) == "" || len(lang.LeadingSpace(decl[end])) > indent) {
				end++
			}
		}
		out = append(out, signatureOnly(languageID, decl[i:end])...)
		i = end
	}
	return out
}

// bracedMembersOnly returns a declaration whose body is in braces, a
// class, with the bodies of the methods it holds elided: a member line
// with parentheses that opens a brace ends in "{ ... }", and the lines
// through the one closing it are left out.
func bracedMembersOnly(l lang.Language, decl []string) []string {
	out := decl[:1:1]
	for i := 1; i < len(decl); i++ {
		t := strings.TrimRight(decl[i], " \t\r\n")
		if i == len(decl)-1 || !strings.HasSuffix(t, "{") || !strings.Contains(t, ")") {
			out = append(out, decl[i])
			continue
		}
		lx := lang.NewLexer(l.Syntax)
		for depth := 0; i < len(decl); i++ {
			if depth += nesting(lx, decl[i], "{"); depth <= 0 {
				break
			}
		}
		out = append(out, t+" ... }\n")
	}
	return out
}

// withSummary returns the signature of a function whose body, by
// indentation, is body: with the docstring's first line, when the body
// opens with one, and "..." in place of the rest.
func withSummary(sig, body []string) []string {
	out := slices.Clone(sig)
	for len(body) > 0 && strings.TrimSpace(body[0]) == "" {
		body = body[1:]
	}
	if len(body) == 0 {
		return out
	}
	indent := lang.LeadingSpace(body[0])
	t := strings.TrimSpace(body[0])
	if q := docQuote(t); q != "" {
		switch rest := t[len(q):]; {
		case strings.Contains(rest, q[len(q)-3:]):
			out = append(out, body[0]) // on one line
		case strings.TrimSpace(rest) != "":
			out = append(out, indent+t+q[len(q)-3:]+"\n")
		case len(body) > 1 && strings.TrimSpace(body[1]) != "" && docQuote(strings.TrimSpace(body[1])) == "":
			end := q[len(q)-3:]
			out = append(out, indent+q+strings.TrimSuffix(strings.TrimSpace(body[1]), end)+end+"\n")
		}
	}
	return append(out, indent+"...\n")
}

// docQuote returns the quotes that open a docstring on line t (three
// double or three single quotes) with any string prefix (r, u); "" when t
// opens none.
func docQuote(t string) string {
	p := strings.TrimLeft(t, "rRuU")
	if len(t)-len(p) > 1 {
		return ""
	}
	for _, q := range []string{`"""`, "'''"} {
		if strings.HasPrefix(p, q) {
			return t[:len(t)-len(p)] + q
		}
	}
	return ""
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

// docLines returns the doc comment and decorators right above line: the
// comment's first maxDocLines lines (and the line closing a block comment
// cut short), then the decorators whole.
func docLines(l lang.Language, lines []string, line int) []string {
	start := line
	for start > 0 && line-start < maxDocScan && isDocLine(l, lines[start-1]) {
		start--
	}
	doc := lines[start:line]
	end := len(doc)
	for end > 0 && isDecorator(doc[end-1]) {
		end--
	}
	comment, decorators := doc[:end], doc[end:]
	if len(comment) <= maxDocLines {
		return doc
	}
	kept := slices.Clone(comment[:maxDocLines])
	for len(kept) > 1 && isEmptyComment(l, kept[len(kept)-1]) {
		kept = kept[:len(kept)-1]
	}
	if last := comment[len(comment)-1]; closesBlock(l, last) && !closesBlock(l, kept[len(kept)-1]) {
		kept = append(kept, last)
	}
	return append(kept, decorators...)
}

// isDecorator reports a decorator or a Rust attribute line.
func isDecorator(s string) bool {
	t := strings.TrimSpace(s)
	return strings.HasPrefix(t, "@") || strings.HasPrefix(t, "#[")
}

// isEmptyComment reports a comment line with no text: "//", " *".
func isEmptyComment(l lang.Language, s string) bool {
	t := strings.TrimSpace(s)
	return t == l.Comment.Open || t == "*"
}

// closesBlock reports a line that ends a block comment.
func closesBlock(l lang.Language, s string) bool {
	end := l.Syntax.BlockComment[1]
	return end != "" && strings.HasSuffix(strings.TrimSpace(s), end)
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
	return isDecorator(t)
}

// declLines returns the lines of the declaration on line: through the
// bracket that closes what it opens, or for a line that opens a block
// by indentation (Python's ":"), through the lines indented deeper.
func declLines(l lang.Language, lines []string, line int) []string {
	lx := lang.NewLexer(l.Syntax)
	depth, end := 0, line
	for ; end < len(lines); end++ {
		if depth += nesting(lx, lines[end], lang.Openers); depth <= 0 {
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

// nesting returns how much deeper line s, lexed by lx, leaves the
// brackets of the kinds opens names: its openers in code less its closers.
func nesting(lx *lang.Lexer, s, opens string) int {
	d := 0
	for i := 0; i < len(s); {
		n, code := lx.Next(s, i)
		if code {
			switch c := s[i]; {
			case strings.IndexByte(opens, c) >= 0:
				d++
			case lang.Opener(c) != 0 && strings.IndexByte(opens, lang.Opener(c)) >= 0:
				d--
			}
		}
		i += n
	}
	return d
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
