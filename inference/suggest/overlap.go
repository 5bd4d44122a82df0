package suggest

import (
	"strings"
	"unicode"

	"github.com/lspilot/lspilot/diffing/lang"
)

// minEcho is the shortest cursor-line text whose repetition stripEcho
// removes; shorter ones repeat by chance.
const minEcho = 3

// stripEcho removes the cursor line's text before the cursor when the model
// writes it again at the start of its answer (chat models do; weak FIM
// models too): "return a" + "return a + b" becomes " + b". After a space
// mid-line it also drops the spaces the answer starts with, which would
// double it: "x := " + " 1" becomes "1" (Code Llama's answers start with a
// space; other models repeat the one before the cursor).
func stripEcho(s string, st site) string {
	p := strings.TrimLeft(st.linePrefix, " \t")
	if t := strings.TrimLeft(s, " \t"); len(p) >= minEcho && strings.HasPrefix(t, p) {
		s = t[len(p):]
	}
	if strings.HasSuffix(p, " ") || strings.HasSuffix(p, "\t") {
		return strings.TrimLeft(s, " \t")
	}
	return s
}

// trimTrailingSpace drops trailing whitespace from every line and trailing
// blank lines. A single-line suggestion keeps its trailing spaces when the
// text after the cursor starts right away ("x ==" before "nil").
func trimTrailingSpace(s string, st site) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		last := i == len(lines)-1
		if last && len(lines) == 1 && st.lineRest != "" && !startsWithSpace(st.lineRest) {
			continue
		}
		lines[i] = strings.TrimRight(l, " \t")
	}
	for len(lines) > 1 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return strings.Join(lines, "\n")
}

func startsWithSpace(s string) bool {
	return s != "" && (s[0] == ' ' || s[0] == '\t')
}

// trimSuffixLines cuts a multi-line suggestion where it starts writing the
// lines that already follow the cursor line, the most common complaint about
// code completion: the model closes the block and the document closes it
// again. The comparison is exact after indentation was normalised, so a "}"
// that closes an inner block is not mistaken for the outer one.
func trimSuffixLines(s string, st site) string {
	next := firstNonBlank(st.after)
	if next == "" || !strings.Contains(s, "\n") {
		return s
	}
	lines := strings.Split(s, "\n")
	if st.lineRest == "" && strings.TrimRight(st.linePrefix+lines[0], " \t") == next {
		return ""
	}
	for i := 1; i < len(lines); i++ {
		if lines[i] == next {
			return strings.TrimRight(strings.Join(lines[:i], "\n"), "\n")
		}
	}
	return s
}

func firstNonBlank(lines []string) string {
	for _, l := range lines {
		if !isBlank(l) {
			return strings.TrimRight(l, " \t")
		}
	}
	return ""
}

// trimLineRest removes the end of the suggestion that repeats the text after
// the cursor on its line: "x)" before ")" becomes "x". A partial overlap is
// removed only when it is made of closing brackets and separators, which
// editors insert in pairs and models emit again, or of quotes when the
// cursor stands inside a string. A line of its own (newLineBefore) repeats
// nothing of the text it goes before.
func trimLineRest(s string, st site) string {
	rest := strings.TrimSpace(st.lineRest)
	if rest == "" || st.breaksLine {
		return s
	}
	nl := strings.LastIndexByte(s, '\n')
	head, last := s[:nl+1], s[nl+1:]
	body := strings.TrimRight(last, " \t")
	n := overlap(body, rest, st)
	if n == 0 {
		return s
	}
	body = body[:len(body)-n]
	if startsWithSpace(st.lineRest) || nl >= 0 {
		body = strings.TrimRight(body, " \t")
	}
	if nl >= 0 && isBlank(body) {
		return head + lang.LeadingSpace(last)
	}
	return head + body
}

// overlap returns the length of the end of body that repeats the start of
// rest.
func overlap(body, rest string, st site) int {
	if strings.HasSuffix(body, rest) {
		return len(rest)
	}
	_, inCode := lang.OpenBrackets(st.syntax, st.linePrefix)
	pairs := ")]};,"
	if !inCode {
		pairs += "\"'`"
	}
	for k := len(rest) - 1; k > 0; k-- {
		if strings.HasSuffix(body, rest[:k]) && strings.Trim(rest[:k], pairs+" ") == "" {
			return k
		}
	}
	return 0
}

// placeRest ends a multi-line suggestion with a line break and the cursor
// line's indentation when text follows the cursor on its line, so that this
// text moves to a line of its own: "{" + "\n\treturn 1" + "\n" + "}". So
// it does with a single-line suggestion that is a new line before the text
// after the cursor (newLineBefore). The text after the cursor keeps its own
// leading whitespace, so the break gets only the indentation before the
// cursor.
func placeRest(s string, st site) string {
	nl := strings.LastIndexByte(s, '\n')
	if isBlank(st.lineRest) || isBlank(s[nl+1:]) || nl < 0 && !st.breaksLine {
		return s
	}
	indent := st.lineIndent
	if len(st.linePrefix) < len(indent) {
		indent = st.linePrefix
	}
	return s + "\n" + indent
}

// newLineBefore reports whether a single-line suggestion is a whole line to
// insert before the text after the cursor: the cursor stands at the start
// of the line's text and the model ended its first line, so that what it
// wrote does not run into that text ("import os" at the start of "x = 1").
func newLineBefore(s string, st site) bool {
	first, _, ended := strings.Cut(s, "\n")
	return st.mode == ModeSingleLine && ended && !isBlank(first) && isBlank(st.linePrefix) && !isBlank(st.lineRest)
}

// repeatsText reports a suggestion that adds nothing: empty, the text after
// the cursor again, or, on an empty line, the line above or below again.
func repeatsText(s string, st site) bool {
	t := strings.TrimSpace(s)
	switch {
	case t == "":
		return true
	case t == strings.TrimSpace(st.lineRest):
		return true
	case !isBlank(st.linePrefix) || strings.Contains(t, "\n") || !hasWord(t):
		return false
	}
	return t == strings.TrimSpace(st.prevLine) || t == strings.TrimSpace(firstNonBlank(st.after))
}

func hasWord(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}
