package textdoc

import (
	"fmt"
	"unicode/utf8"
)

// Encoding says which code units the character component of a position counts.
type Encoding uint8

const (
	// UTF16 counts UTF-16 code units, the LSP default.
	UTF16 Encoding = iota
	// UTF8 counts bytes.
	UTF8
	// UTF32 counts Unicode code points.
	UTF32
)

// String returns the LSP name of the encoding.
func (e Encoding) String() string {
	switch e {
	case UTF8:
		return "utf-8"
	case UTF32:
		return "utf-32"
	default:
		return "utf-16"
	}
}

// ParseEncoding returns the encoding named by an LSP PositionEncodingKind.
func ParseEncoding(name string) (Encoding, error) {
	switch name {
	case "utf-16":
		return UTF16, nil
	case "utf-8":
		return UTF8, nil
	case "utf-32":
		return UTF32, nil
	}
	return UTF16, fmt.Errorf("unknown position encoding %q", name)
}

// units returns the width of r in e's code units.
func (e Encoding) units(r rune, size int) int {
	switch e {
	case UTF8:
		return size
	case UTF32:
		return 1
	default:
		if r >= 0x10000 {
			return 2
		}
		return 1
	}
}

// byteOffset returns the byte offset within line of the character offset
// char counted in e. A char past the end of line is clamped to its length; a
// char that falls inside a multi-unit character (half of a surrogate pair, or
// inside a UTF-8 sequence) is rounded down to the start of that character.
func (e Encoding) byteOffset(line string, char int) int {
	if e == UTF8 {
		if char >= len(line) {
			return len(line)
		}
		for char > 0 && !utf8.RuneStart(line[char]) {
			char--
		}
		return char
	}
	n := 0
	for i, r := range line {
		if n >= char {
			return i
		}
		n += e.units(r, utf8.RuneLen(r))
		if n > char {
			return i
		}
	}
	return len(line)
}

// count returns the length of s in e's code units.
func (e Encoding) count(s string) int {
	switch e {
	case UTF8:
		return len(s)
	case UTF32:
		return utf8.RuneCountInString(s)
	}
	n := 0
	for _, r := range s {
		n += e.units(r, 0)
	}
	return n
}
