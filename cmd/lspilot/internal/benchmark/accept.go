package benchmark

import (
	"unicode/utf16"
	"unicode/utf8"
)

// acceptable returns how many bytes of suggestion ghost a user takes when
// want is what they are about to type: all of ghost when want starts with
// it; else its leading words up to the last word end before the two differ,
// as an editor's "accept next word" takes them; 0 when not even a word
// agrees.
func acceptable(ghost, want string) int {
	n := 0
	for n < len(ghost) && n < len(want) && ghost[n] == want[n] {
		n++
	}
	if n == len(ghost) {
		return n
	}
	for n > 0 && !(isWordByte(ghost[n-1]) && !isWordByte(ghost[n])) {
		n--
	}
	return n
}

// isWordByte reports whether b belongs to a word: a letter, a digit, an
// underscore or any byte of a non-ASCII character (so that a word end never
// falls inside one).
func isWordByte(b byte) bool {
	return b == '_' || b >= utf8.RuneSelf || '0' <= b && b <= '9' || 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z'
}

// utf16Len is the length of s in UTF-16 code units, as LSP counts an
// acceptedLength.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}
