package diffing

import (
	"strings"
	"unicode/utf8"
)

// line locates one line of a text: its content is text[start:end] and its
// terminator ("\n", "\r\n" or "" for a last line without one) is
// text[end:next].
type line struct {
	start, end, next int
}

// indexLines splits text into lines. A text ending in a newline has no empty
// last line; the empty text has no lines.
func indexLines(text string) []line {
	lines := make([]line, 0, strings.Count(text, "\n")+1)
	for start := 0; start < len(text); {
		nl := strings.IndexByte(text[start:], '\n')
		if nl < 0 {
			lines = append(lines, line{start, len(text), len(text)})
			break
		}
		end, next := start+nl, start+nl+1
		if end > start && text[end-1] == '\r' {
			end--
		}
		lines = append(lines, line{start, end, next})
		start = next
	}
	return lines
}

// splitLines splits text after each "\n"; the pieces keep their terminators.
func splitLines(text string) []string {
	lines := strings.SplitAfter(text, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// detectEOL returns the line terminator most lines of text use: "\r\n" when
// CRLF lines outnumber LF lines, otherwise "\n".
func detectEOL(text string) string {
	crlf := strings.Count(text, "\r\n")
	if lf := strings.Count(text, "\n") - crlf; crlf > lf {
		return "\r\n"
	}
	return "\n"
}

// toLF replaces CRLF line terminators with LF.
func toLF(s string) string {
	return strings.ReplaceAll(s, "\r\n", "\n")
}

// withEOL replaces the LF terminators of s, which has no CR, with eol.
func withEOL(s, eol string) string {
	if eol == "\n" {
		return s
	}
	return strings.ReplaceAll(s, "\n", eol)
}

// missingFinalNewline reports whether text is non-empty and does not end in a
// newline.
func missingFinalNewline(text string) bool {
	return text != "" && text[len(text)-1] != '\n'
}

// onRuneBoundary reports whether offset i of text does not fall inside a
// valid UTF-8 sequence. Bytes of invalid sequences count as runes of their
// own.
func onRuneBoundary(text string, i int) bool {
	if i <= 0 || i >= len(text) || utf8.RuneStart(text[i]) {
		return true
	}
	for j := i - 1; j >= 0 && j >= i-utf8.UTFMax+1; j-- {
		if utf8.RuneStart(text[j]) {
			_, size := utf8.DecodeRuneInString(text[j:])
			return j+size <= i
		}
	}
	return true
}
