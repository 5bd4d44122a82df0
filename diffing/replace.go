package diffing

import (
	"strings"
	"unicode"

	"github.com/lspilot/lspilot/diffing/lang"
)

// replaceSelection returns the text that replaces text[selStart:selEnd] when
// the model proposed code (LF line endings). It adapts the code to the
// document: a reply that repeats the whole file is cut down to the
// selection; indentation takes the document's style and, when the model
// dropped it, the selection's base indentation; the trailing newline follows
// the selection's; line endings become the document's.
func replaceSelection(text string, selStart, selEnd int, code string, reindent bool) string {
	before, sel, after := toLF(text[:selStart]), toLF(text[selStart:selEnd]), toLF(text[selEnd:])
	code = cutToSelection(code, before, after)
	lines := strings.Split(strings.TrimSuffix(code, "\n"), "\n")
	if atLineStart(before) && (sel == "" || strings.HasSuffix(sel, "\n")) {
		lines = trimOverlap(lines, before, after)
	}
	if reindent {
		lines = indentLike(text, sel, before, lines)
	}
	code = strings.Join(lines, "\n") + "\n"
	wantNL := strings.HasSuffix(sel, "\n") || (sel == "" && atLineStart(before))
	switch hasNL := strings.HasSuffix(code, "\n"); {
	case wantNL && !hasNL:
		code += "\n"
	case !wantNL && hasNL:
		code = strings.TrimSuffix(code, "\n")
	}
	return withEOL(code, detectEOL(text))
}

// cutToSelection returns the part of code between before and after when the
// model answered with the whole file instead of the selection: code starts
// with before and ends with after, which together span at least two lines.
func cutToSelection(code, before, after string) string {
	if strings.Count(before, "\n")+strings.Count(after, "\n") < 2 || len(code) < len(before)+len(after) {
		return code
	}
	if !strings.HasPrefix(code, before) {
		return code
	}
	rest := code[len(before):]
	switch {
	case strings.HasSuffix(rest, after):
		return rest[:len(rest)-len(after)]
	case !strings.HasSuffix(after, "\n") && strings.HasSuffix(rest, after+"\n"):
		return rest[:len(rest)-len(after)-1]
	}
	return code
}

// commonIndent returns the leading whitespace shared by all non-blank lines.
func commonIndent(lines []string) string {
	common, first := "", true
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		ws := lang.LeadingSpace(l)
		if first {
			common, first = ws, false
			continue
		}
		for !strings.HasPrefix(ws, common) {
			common = common[:len(common)-1]
		}
	}
	return common
}

// atLineStart reports whether a selection preceded by before starts a line.
func atLineStart(before string) bool {
	return before == "" || strings.HasSuffix(before, "\n")
}

// indentLike converts the indentation of lines, the model's code for the
// selection sel of text, to text's style. When the model dropped the
// selection's base indentation, it is restored: for a selection that starts
// a line, the indentation its lines share; for one that starts after a
// line's indentation, that indentation, on every line but the first.
func indentLike(text, sel, before string, lines []string) []string {
	indent, known := lang.DominantIndent(text)
	fix := newReindenter(indent, known, nil, nil, lines)
	for i, l := range lines {
		lines[i] = fix.fix(l)
	}
	prefix := before[strings.LastIndex(before, "\n")+1:]
	if strings.TrimLeft(prefix, " \t") != "" || len(lines) == 0 {
		return lines
	}
	if prefix != "" {
		first := lang.LeadingSpace(lines[0])
		lines[0] = lines[0][len(first):]
		if first != "" {
			return lines // the model kept the absolute indentation
		}
		return indentNonBlank(lines[1:], prefix, lines)
	}
	base := commonIndent(strings.Split(sel, "\n"))
	if base == "" || commonIndent(lines) != "" {
		return lines
	}
	return indentNonBlank(lines, base, lines)
}

// indentNonBlank prefixes the non-blank lines of part, a subslice of all,
// with indent and returns all.
func indentNonBlank(part []string, indent string, all []string) []string {
	for i, l := range part {
		if strings.TrimSpace(l) != "" {
			part[i] = indent + l
		}
	}
	return all
}

// trimOverlap drops from the model's code lines that repeat the lines just
// before or just after the selection, as when it answers with the whole
// function for a selected body. At least one line of code stays, and only
// overlaps with a letter or digit in them count.
func trimOverlap(lines []string, before, after string) []string {
	prev := strings.Split(strings.TrimSuffix(before, "\n"), "\n")
	next := strings.Split(strings.TrimSuffix(after, "\n"), "\n")
	for k := min(len(lines)-1, len(prev)); k >= 1; k-- {
		if sameLines(lines[:k], prev[len(prev)-k:]) {
			lines = lines[k:]
			break
		}
	}
	for k := min(len(lines)-1, len(next)); k >= 1; k-- {
		if sameLines(lines[len(lines)-k:], next[:k]) {
			lines = lines[:len(lines)-k]
			break
		}
	}
	return lines
}

// sameLines reports whether a and b hold the same lines up to surrounding
// whitespace, and hold a letter or digit.
func sameLines(a, b []string) bool {
	meaningful := false
	for i := range a {
		if strings.TrimSpace(a[i]) != strings.TrimSpace(b[i]) {
			return false
		}
		meaningful = meaningful || strings.IndexFunc(a[i], func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
	}
	return meaningful
}
