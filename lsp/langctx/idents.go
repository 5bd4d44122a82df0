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
	// qual is the name written right before it and a ".", if any: the
	// package, module or variable whose member it is. "q.M" and a bare
	// "M" are different identifiers (a method String and unsafe.String).
	qual string
	// linesAway is how many lines it is from the cursor's, as scanIdents
	// found it.
	linesAway int
	// at, when set, is a use in another file, where it is asked about;
	// off is then of that file.
	at *elsewhere
	// guessed marks a name the document does not use, nor its directory:
	// its declaring line alone is shown, leaving room for the likelier.
	guessed bool
}

// uri returns the document where id is asked about: its own, or docURI.
func (id ident) uri(docURI string) string {
	if id.at != nil {
		return id.at.uri
	}
	return docURI
}

// spelled returns id as written: "q.M" for a member of q, else its name.
func (id ident) spelled() string {
	if id.qual != "" {
		return id.qual + "." + id.name
	}
	return id.name
}

// key returns the key of id's answer when asked for docURI.
func (id ident) key(docURI string) identKey {
	return identKey{id.uri(docURI), id.spelled()}
}

// nearIdents returns the identifiers in code (not strings or comments)
// on the cursor's line, the linesAbove lines above it and the linesBelow
// lines below it: at most limit distinct names, each at its use nearest
// the cursor, the most relevant first (see nearest). The word the cursor
// ends or stands in is being typed and left out, and so are the
// language's keywords.
func nearIdents(languageID, text string, cursor, linesAbove, linesBelow, limit int) []ident {
	cursor = min(max0(cursor), len(text))
	start := lineStartAbove(text, cursor, linesAbove)
	end := lineEndBelow(text, cursor, linesBelow)
	cursorLine := strings.LastIndexByte(text[:cursor], '\n') + 1
	cursorEnd := lineEndBelow(text, cursor, 0)
	found := scanIdents(languageID, text, start, end, cursor)
	return nearest(found, cursor, cursorLine, cursorEnd, limit)
}

// scanIdents returns the identifiers in code between start and end, in
// text order, but for the word the cursor ends or stands in and keywords.
func scanIdents(languageID, text string, start, end, cursor int) []ident {
	var found []ident
	lx := lang.NewLexer(lang.Lookup(languageID).Syntax)
	line := -strings.Count(text[start:max(cursor, start)], "\n") // relative to the cursor's
	for i := start; i < end; {
		n, code := lx.Next(text, i)
		if !code || !isIdentStart(text, i) || i > 0 && isIdentByte(text[i-1]) {
			line += strings.Count(text[i:i+n], "\n")
			i += n
			continue
		}
		j := identEnd(text, i)
		name := text[i:j]
		typed := i < cursor && cursor <= j
		if !typed && !isKeyword(languageID, name) {
			q, _ := qualifierBefore(text, i)
			found = append(found, ident{name: name, off: i, linesAway: abs(line), qual: q})
		}
		i = j
	}
	return found
}

// belowWeight is how much farther a use below the cursor counts than one
// above: the code above is what the line being written follows from.
const belowWeight = 2

// nearest picks up to limit distinct names from found: those on the
// cursor's line (between cursorLine and cursorEnd) first, then by distance
// to the cursor, a use below it counting belowWeight times its distance.
// Each identifier (as spelled) is returned once, at its nearest use, in
// that order.
func nearest(found []ident, cursor, cursorLine, cursorEnd, limit int) []ident {
	onLine := func(id ident) bool { return id.off >= cursorLine && id.off <= cursorEnd }
	lines := func(id ident) int { // lines from the cursor's, weighted
		if id.off < cursorLine {
			return id.linesAway
		}
		return belowWeight * id.linesAway
	}
	byRank := slices.Clone(found)
	slices.SortStableFunc(byRank, func(a, b ident) int {
		if ao, bo := onLine(a), onLine(b); ao != bo {
			return boolInt(bo) - boolInt(ao)
		}
		if c := lines(a) - lines(b); c != 0 {
			return c
		}
		return abs(a.off-cursor) - abs(b.off-cursor)
	})
	var out []ident
	chosen := map[string]bool{}
	for _, id := range byRank {
		if len(out) == limit {
			break
		}
		if !chosen[id.spelled()] {
			chosen[id.spelled()] = true
			out = append(out, id)
		}
	}
	return out
}

// fileIdents returns the identifiers in code anywhere in text, each (as
// spelled: a name, or a member of a qualifier) once at its use nearest the
// cursor, the most used first (ties: the
// nearest first), at most limit.
func fileIdents(languageID, text string, cursor, limit int) []ident {
	cursor = min(max0(cursor), len(text))
	found := scanIdents(languageID, text, 0, len(text), cursor)
	count := map[string]int{}
	at := map[string]ident{}
	for _, id := range found {
		k := id.spelled()
		count[k]++
		if prev, ok := at[k]; !ok || abs(id.off-cursor) < abs(prev.off-cursor) {
			at[k] = id
		}
	}
	out := make([]ident, 0, len(at))
	for _, id := range at {
		out = append(out, id)
	}
	slices.SortFunc(out, func(a, b ident) int {
		if c := count[b.spelled()] - count[a.spelled()]; c != 0 {
			return c
		}
		if c := abs(a.off-cursor) - abs(b.off-cursor); c != 0 {
			return c
		}
		return strings.Compare(a.spelled(), b.spelled())
	})
	return out[:min(len(out), limit)]
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

// lineEndBelow returns the offset of the end of the line n lines below
// the cursor's (the text's end when there are fewer).
func lineEndBelow(text string, cursor, n int) int {
	end := cursor
	for ; ; n-- {
		i := strings.IndexByte(text[end:], '\n')
		if i < 0 {
			return len(text)
		}
		end += i
		if n == 0 {
			return end
		}
		end++
	}
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
