package diffing

import "strings"

// replaceSelection returns the text that replaces text[selStart:selEnd] when
// the model proposed code (LF line endings). It adapts the code to the
// document: a reply that repeats the whole file is cut down to the
// selection; indentation takes the document's style and, when the model
// dropped it, the selection's base indentation; the trailing newline follows
// the selection's; line endings become the document's.
func replaceSelection(text string, selStart, selEnd int, code string, reindent bool) string {
	before, sel, after := toLF(text[:selStart]), toLF(text[selStart:selEnd]), toLF(text[selEnd:])
	code = cutToSelection(code, before, after)
	lines := strings.Split(code, "\n")
	if reindent {
		lines = indentLike(text, sel, before, lines)
	}
	code = strings.Join(lines, "\n")
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
		ws := leadingSpace(l)
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
// selection sel of text, to text's style and, when the model dropped it and
// the selection starts a line, restores the selection's base indentation.
func indentLike(text, sel, before string, lines []string) []string {
	style, unit := detectIndent(text)
	fix := newReindenter(style, unit, nil, nil, lines)
	for i, l := range lines {
		lines[i] = fix.fix(l)
	}
	base := commonIndent(strings.Split(sel, "\n"))
	if base == "" || !atLineStart(before) || commonIndent(lines) != "" {
		return lines
	}
	for i, l := range lines {
		if strings.TrimSpace(l) != "" {
			lines[i] = base + l
		}
	}
	return lines
}
