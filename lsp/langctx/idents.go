package langctx

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/lspilot/lspilot/diffing/lang"
)

// ident is one identifier of the text asked about: its name and the byte
// offset of its first byte.
type ident struct {
	name string
	off  int
}

// nearIdents returns the identifiers in code (not strings or comments)
// on the cursor's line and the linesAbove lines above it: at most limit
// distinct names, the nearest to the cursor chosen first, returned in the
// order of their first use. The word the cursor ends or stands in is being
// typed and left out, and so are the language's keywords.
func nearIdents(languageID, text string, cursor, linesAbove, limit int) []ident {
	cursor = min(max0(cursor), len(text))
	start := lineStartAbove(text, cursor, linesAbove)
	end := len(text)
	if i := strings.IndexByte(text[cursor:], '\n'); i >= 0 {
		end = cursor + i
	}
	cursorLine := strings.LastIndexByte(text[:cursor], '\n') + 1
	var found []ident
	l := lang.Lookup(languageID)
	lx := lang.NewLexer(l.Syntax)
	for i := start; i < end; {
		n, code := lx.Next(text, i)
		if !code || !isIdentStart(text, i) || i > 0 && isIdentByte(text[i-1]) {
			i += n
			continue
		}
		j := identEnd(text, i)
		name := text[i:j]
		typed := i < cursor && cursor <= j
		if !typed && !isKeyword(languageID, name) {
			found = append(found, ident{name: name, off: i})
		}
		i = j
	}
	return nearest(found, cursor, cursorLine, limit)
}

// nearest picks up to limit distinct names from found, those on the
// cursor's line first, then by distance to the cursor, and returns them in
// text order.
func nearest(found []ident, cursor, cursorLine, limit int) []ident {
	byDistance := slices.Clone(found)
	slices.SortStableFunc(byDistance, func(a, b ident) int {
		ao, bo := a.off < cursorLine, b.off < cursorLine
		if ao != bo {
			return boolInt(ao) - boolInt(bo)
		}
		return abs(a.off-cursor) - abs(b.off-cursor)
	})
	chosen := map[string]bool{}
	for _, id := range byDistance {
		if len(chosen) == limit {
			break
		}
		chosen[id.name] = true
	}
	var out []ident
	for _, id := range found {
		if chosen[id.name] {
			out = append(out, id)
			delete(chosen, id.name)
		}
	}
	return out
}

// lineStartAbove returns the offset of the start of the line n lines above
// the cursor's.
func lineStartAbove(text string, cursor, n int) int {
	start := strings.LastIndexByte(text[:cursor], '\n') + 1
	for ; n > 0 && start > 0; n-- {
		start = strings.LastIndexByte(text[:start-1], '\n') + 1
	}
	return start
}

// signatureIdents returns the identifiers of a declaration's signature
// text, which starts at byte off of the document: the types its parameters,
// receiver and results name. The declared name itself is left out.
func signatureIdents(languageID, sig string, off int, declared string) []ident {
	var out []ident
	seen := map[string]bool{declared: true}
	lx := lang.NewLexer(lang.Lookup(languageID).Syntax)
	for i := 0; i < len(sig); {
		n, code := lx.Next(sig, i)
		if !code || !isIdentStart(sig, i) || i > 0 && isIdentByte(sig[i-1]) {
			i += n
			continue
		}
		j := identEnd(sig, i)
		if name := sig[i:j]; !seen[name] && !isKeyword(languageID, name) {
			seen[name] = true
			out = append(out, ident{name: name, off: off + i})
		}
		i = j
	}
	return out
}

func isIdentStart(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return r == '_' || r == '$' || unicode.IsLetter(r)
}

func isIdentByte(b byte) bool {
	return b == '_' || b == '$' || b >= 0x80 || 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9'
}

// identEnd returns the end of the identifier that starts at i.
func identEnd(s string, i int) int {
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r != '_' && r != '$' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			break
		}
		i += size
	}
	return i
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func abs(n int) int { return max(n, -n) }

func max0(n int) int { return max(n, 0) }
