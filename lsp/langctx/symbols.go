package langctx

import (
	"context"
	"encoding/json"
	"strings"

	"go.lsp.dev/protocol"

	"github.com/lspilot/lspilot/inference/complete"
)

// symbolsEntry is a document's symbols as last asked, for the generation
// they were asked for. Between two answers the older serves: only line
// numbers are read from it.
type symbolsEntry struct {
	gen  uint64
	syms []symbol
	// used are the document's identifiers, the most used first, as
	// fileIdents found them in generation gen.
	used []ident
	// spelled holds how each of used is spelled ("q.M" or a name).
	spelled map[string]bool
}

// maxSignatureLines bounds the lines read as a declaration's signature.
const maxSignatureLines = 4

// enclosingKinds are the symbols whose signature names what the code
// inside them uses.
var enclosingKinds = map[protocol.SymbolKind]bool{
	protocol.SymbolKindFunction: true, protocol.SymbolKindMethod: true, protocol.SymbolKindConstructor: true,
	protocol.SymbolKindClass: true, protocol.SymbolKindStruct: true, protocol.SymbolKindInterface: true,
}

// refreshSymbols ranks the identifiers of req's text, generation gen of
// uri, and asks in the background for the symbols of uri, unless they are
// those of gen already; the channel returned is closed once they are known
// or the asking ended. A server that gives no symbols is asked again at the
// next generation.
func (m *Manager) refreshSymbols(ctx context.Context, s *server, req complete.Request, gen uint64) <-chan struct{} {
	done := make(chan struct{})
	uri := req.URI
	m.mu.Lock()
	e, ok := m.symbols[uri]
	_, open := m.docs[uri]
	if ok && e.gen == gen || !open {
		m.mu.Unlock()
		close(done)
		return done
	}
	e = symbolsEntry{gen: gen}
	e.used, e.spelled = spelledAll(fileIdents(req.Language, req.Text, req.Cursor, candidates*m.cfg.MaxIdents/2))
	m.symbols[uri] = e
	m.wg.Add(1)
	m.mu.Unlock()
	go func() {
		defer m.wg.Done()
		defer close(done)
		raw, _, err := s.call(ctx, "textDocument/documentSymbol", documentParams{textDocumentID{uri}})
		var syms []symbol
		if err != nil || json.Unmarshal(raw, &syms) != nil {
			return
		}
		m.mu.Lock()
		if cur, ok := m.symbols[uri]; ok && cur.gen == gen {
			cur.syms = syms
			m.symbols[uri] = cur
		}
		m.mu.Unlock()
	}()
	return done
}

// candidates is how many more identifiers than it keeps a tier of wanted
// considers: those known to have no definition worth showing (locals,
// builtins) are passed over and make room for the next.
const candidates = 4

// The sources of the identifiers wanted for a request.
const (
	srcNear           = iota // near the cursor
	srcUnused                // members of the imports the document does not use yet
	srcSignature             // in the signature of the function or type around it
	srcUsed                  // the document's most used
	srcTogether              // used with those around the cursor in the directory
	srcQualified             // members the directory uses of what the document qualifies
	srcImported              // members the workspace uses most of the document's imports
	srcRelated               // the directory's, spelled with the words around the cursor
	srcRelatedMembers        // members of the imports spelled with those words
	srcDir                   // the directory's most used
	srcImportedAll           // more members of the imports
	numSources
)

// takes is the order in which wanted takes identifiers from its sources,
// each take at most share thirty-seconds of Config.MaxIdents more: the
// likeliest first, so that what the budget cuts is the least likely. On
// the Go standard library, one of the first four identifiers near the
// cursor is the one the next line needs 12 times in 100, one of the next
// twelve 5 times, one of the document's eight most used 3 times, one of
// the first four members of the directory or the imports or names used
// together 2 times, any other once or less. Members of an import the
// document does not use yet are few, and likely.
var takes = []struct{ src, share int }{
	{srcNear, 4}, {srcUnused, 2}, {srcSignature, 4}, {srcUsed, 2}, {srcNear, 4},
	{srcTogether, 1}, {srcQualified, 1}, {srcImported, 1}, {srcRelated, 1},
	{srcUsed, 6}, {srcQualified, 3}, {srcImported, 3}, {srcRelatedMembers, 1},
	{srcTogether, 1}, {srcDir, 32}, {srcImportedAll, 32},
}

// wanted returns the identifiers resolved for req, the most relevant
// first, at most Config.MaxIdents, taken from its sources in the order of
// takes: those near the cursor (a quarter of Config.MaxIdents in all),
// the members the workspace's files use most of the packages it imports
// but does not use yet (a sixteenth), those of the signature of the function or type around it (an eighth),
// the document's most used ones (a quarter), the names the other files of
// its directory use together with those of the lines around the cursor
// (a sixteenth: what code like the one being written goes on to use), the
// members the other files of its directory use of what the document
// qualifies or imports (an eighth: a package, the receiver it writes),
// the members the workspace's files use most of the packages it imports
// (an eighth), the names the other files of its directory use and the
// members the workspace's files use of those packages that are spelled
// with the words of the lines around the cursor (a thirty-second each:
// rewriteValueMIPS where they write rewriteBlockMIPS, strings.TrimLeft
// where they write TrimRight), then those the other files of its
// directory use most, and more members of the packages it imports. Those
// the document does not use yet, guessed, show as their declaring line
// alone, so that they cost little of the budget. Identifiers already
// answered with nothing to show do not count. One the server does not
// know in the document (a file its build leaves out, code it cannot
// parse) is asked about where another file of the directory uses it, else
// where the workspace's files do.
func (m *Manager) wanted(req complete.Request) []ident {
	now := m.cfg.Now()
	dir := m.dirUsed(req.URI)
	most := m.cfg.MaxIdents
	var out []ident
	have := map[string]bool{}
	src := m.sources(req, dir)
	var next [numSources]int // of each source, the first not taken yet
	add := func(from, limit int) {
		ids := src[from]
		for ; next[from] < len(ids) && len(out) < min(limit, most); next[from]++ {
			id := ids[next[from]]
			if have[id.spelled()] {
				continue
			}
			a, ok := m.cache.answer(id.key(req.URI), now)
			if alt, found := dir.useOf(id); ok && a.unknown && id.at == nil && found {
				id = alt
				a, ok = m.cache.answer(id.key(req.URI), now)
			}
			if ok && len(a.locs) == 0 {
				// Nothing to show. Unknown where asked, a later source may
				// ask where it is known.
				have[id.spelled()] = !a.unknown
				continue
			}
			have[id.spelled()] = true
			out = append(out, id)
		}
	}
	for _, t := range takes {
		add(t.src, len(out)+t.share*most/32)
	}
	return out
}

// sources returns the candidates of each source of wanted for req, each
// a few times more than it may take (see candidates).
func (m *Manager) sources(req complete.Request, dir dirEntry) (src [numSources][]ident) {
	most := m.cfg.MaxIdents
	m.mu.Lock()
	e := m.symbols[req.URI]
	m.mu.Unlock()
	src[srcNear] = nearIdents(req.Language, req.Text, req.Cursor, m.cfg.LinesAbove, m.cfg.LinesBelow, candidates*most/4)
	if sym, ok := enclosing(e.syms, strings.Count(req.Text[:min(max0(req.Cursor), len(req.Text))], "\n")); ok {
		start := lineOffset(req.Text, sym.line)
		sig := signatureText(req.Text[start:])
		src[srcSignature] = signatureIdents(req.Language, sig, start, declaredName(sym.name))
	}
	src[srcUnused] = inDir(unlessUsed(m.importedMembers(req.Language, dir.unused, candidates*most/16), e.spelled), dir)
	src[srcUsed] = e.used
	src[srcTogether] = unlessUsed(m.usedTogether(req, dir, candidates*most/16), e.spelled)
	src[srcQualified] = dir.qualified
	imported := inDir(known(m.importedMembers(req.Language, dir.imports, candidates*most), e.spelled), dir)
	src[srcImported] = imported[:min(len(imported), candidates*most/8)]
	words := wordsAround(req.Text, req.Cursor)
	src[srcRelated] = unlessUsed(dir.words.related(words, candidates*most/32), e.spelled)
	src[srcRelatedMembers] = inDir(unlessUsed(m.relatedMembers(req.Language, dir.imports, words, candidates*most/32), e.spelled), dir)
	src[srcDir] = dir.used
	src[srcImportedAll] = imported
	return src
}

// inDir returns ids, members of packages the workspace's files use, each
// asked about where the other files of the document's directory use it
// when they do: a server answers there at once (it has their package
// loaded), where a use in another package makes it load that package
// first.
func inDir(ids []ident, dir dirEntry) []ident {
	for i, id := range ids {
		if u, ok := dir.qualUses[id.spelled()]; ok && id.qual != "" {
			u.guessed = id.guessed
			ids[i] = u
		}
	}
	return ids
}

// unlessUsed returns ids, those the document does not use, spelled as in
// used, marked as guessed.
func unlessUsed(ids []ident, used map[string]bool) []ident {
	for i := range ids {
		ids[i].guessed = !used[ids[i].spelled()]
	}
	return ids
}

// spelledAll returns ids and the set of how they are spelled.
func spelledAll(ids []ident) ([]ident, map[string]bool) {
	set := make(map[string]bool, len(ids))
	for _, id := range ids {
		set[id.spelled()] = true
	}
	return ids, set
}

// known returns ids with those the document uses, spelled as in used,
// no longer marked as guessed.
func known(ids []ident, used map[string]bool) []ident {
	for i := range ids {
		ids[i].guessed = ids[i].guessed && !used[ids[i].spelled()]
	}
	return ids
}

// enclosed is the innermost enclosing symbol found: its name and first line.
type enclosed struct {
	name string
	line int
}

// enclosing returns the innermost function or type whose range holds line.
func enclosing(syms []symbol, line int) (enclosed, bool) {
	var best enclosed
	found := false
	var walk func([]symbol)
	walk = func(list []symbol) {
		for _, s := range list {
			r, ok := s.span()
			if !ok || int(r.Start.Line) > line || int(r.End.Line) < line {
				continue
			}
			if enclosingKinds[s.Kind] {
				best, found = enclosed{name: s.Name, line: int(r.Start.Line)}, true
			}
			walk(s.Children)
		}
	}
	walk(syms)
	return best, found
}

// signatureText returns a declaration's signature: its first lines, up to
// the brace or colon that opens its body.
func signatureText(s string) string {
	end := 0
	for n := 0; n < maxSignatureLines && end < len(s); n++ {
		line, _, _ := strings.Cut(s[end:], "\n")
		if i := strings.IndexByte(line, '{'); i >= 0 {
			return s[:end+i]
		}
		end += len(line) + 1
		if strings.HasSuffix(strings.TrimSpace(line), ":") {
			break
		}
	}
	return s[:min(end, len(s))]
}

// declaredName returns the bare name of a symbol such as "(*T).Method".
func declaredName(name string) string {
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		name = name[i+1:]
	}
	return strings.Trim(name, "()*")
}

// lineOffset returns the byte offset where line n of text starts.
func lineOffset(text string, n int) int {
	off := 0
	for ; n > 0; n-- {
		i := strings.IndexByte(text[off:], '\n')
		if i < 0 {
			return len(text)
		}
		off += i + 1
	}
	return off
}
