package suggest

import (
	"strings"

	"github.com/lspilot/lspilot/diffing/lang"
)

// Mode says how much a suggestion may span.
type Mode int

// Modes.
const (
	// ModeAuto lets Process decide with DecideMode.
	ModeAuto Mode = iota
	// ModeSingleLine keeps the suggestion to the rest of the cursor line.
	ModeSingleLine
	// ModeMultiLine allows a block of lines.
	ModeMultiLine
)

// String returns "auto", "single" or "multi".
func (m Mode) String() string {
	switch m {
	case ModeSingleLine:
		return "single"
	case ModeMultiLine:
		return "multi"
	}
	return "auto"
}

// DecideMode picks the mode from the cursor line: multi-line when the line
// is empty up to the cursor (only indentation) or the text before the cursor
// ends with a block opener, and nothing but closing brackets follows the
// cursor; single-line otherwise. Block openers are "{", "(", "[" for every
// language, plus ":" in Python, "then", "do" and "else" in Lua, Ruby,
// Elixir and shell, and "=>" in JavaScript and TypeScript.
func DecideMode(language, linePrefix, lineRest string) Mode {
	if !onlyClosers(lineRest) {
		return ModeSingleLine
	}
	p := strings.TrimRight(linePrefix, " \t")
	if p == "" || strings.TrimLeft(p, " \t") == "" {
		return ModeMultiLine
	}
	if strings.HasSuffix(p, "{") || strings.HasSuffix(p, "(") || strings.HasSuffix(p, "[") {
		return ModeMultiLine
	}
	for _, o := range lang.Lookup(language).Openers {
		if strings.HasSuffix(p, o) && (isPunct(o) || wordEnds(p, len(p)-len(o))) {
			return ModeMultiLine
		}
	}
	return ModeSingleLine
}

// onlyClosers reports whether s holds nothing but whitespace, closing
// brackets and statement punctuation.
func onlyClosers(s string) bool {
	return strings.Trim(s, " \t\r\n)]};,") == ""
}

func isPunct(s string) bool {
	return strings.Trim(s, ":=>-") == ""
}

// wordEnds reports whether the word ending p starts at i (not glued to an
// identifier before it).
func wordEnds(p string, i int) bool {
	return i == 0 || !isIdentByte(p[i-1])
}

func isIdentByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}
