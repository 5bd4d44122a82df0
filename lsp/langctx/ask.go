package langctx

import (
	"context"
	"os"
	"slices"
	"strings"
	"sync"

	"go.lsp.dev/protocol"

	"github.com/lspilot/lspilot/diffing/lang"
	"github.com/lspilot/lspilot/inference/complete"
	"github.com/lspilot/lspilot/inference/prompt"
	"github.com/lspilot/lspilot/lsp/textdoc"
)

// parallelAsks bounds the identifiers asked about at once.
const parallelAsks = 4

// maxReadBytes bounds a file read from disk for a snippet.
const maxReadBytes = 4 << 20

// resolveNow asks req's server about every identifier Snippets wants for
// req and has no answer for, and caches the answers and snippets. What
// needs no server (the uses of the document's directory and workspace, the
// document's own identifiers, Go's declarations read from the files) is
// done first; the document's symbols,
// which a server may be slow to give (a package still loading, a file its
// build leaves out), are asked for alongside the definitions, and the
// signature they reveal is asked about once they come.
func (m *Manager) resolveNow(ctx context.Context, req complete.Request) {
	m.mu.Lock()
	s := m.serverLocked(req.Language)
	m.mu.Unlock()
	if s == nil && !m.readsDecls(req.Language) {
		return
	}
	m.refreshDir(req)
	m.refreshWorkspace(req.Language)
	m.resolveLexically(req, s == nil)
	if s == nil || !s.running(ctx) {
		return
	}
	gen := m.ensureOpen(req)
	if err := s.synced(ctx, req.URI, gen); err != nil {
		return
	}
	symbols := m.refreshSymbols(ctx, s, req, gen)
	snap := textdoc.New(req.URI, req.Language, 0, req.Text)
	asked := map[identKey]bool{}
	sem := make(chan struct{}, parallelAsks)
	var wg sync.WaitGroup
	askWanted := func() {
		now := m.cfg.Now()
		for _, id := range cheapFirst(m.wanted(req), req.URI) {
			key := id.key(req.URI)
			if _, ok := m.cache.answer(key, now); ok || asked[key] {
				continue
			}
			asked[key] = true
			pos := func(enc textdoc.Encoding) textdoc.Position { return snap.Position(id.off, enc) }
			if id.at != nil {
				pos = id.at.position
			}
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer func() { <-sem; wg.Done() }()
				m.ask(ctx, s, key, pos, req.URI)
			}()
		}
	}
	askWanted()
	select {
	case <-symbols:
		m.resolveLexically(req, false) // the signature's names
		askWanted()
	case <-ctx.Done():
	}
	wg.Wait()
}

// cheapFirst returns ids, those asked about in the document's directory
// first (its package, which the server has loaded), then those asked in
// other directories, each in their order: on the Go standard library, a
// use in another package takes gopls 210 ms on average to answer (it
// loads that package), one in the document's directory 40 ms.
func cheapFirst(ids []ident, docURI string) []ident {
	dir := docURI[:strings.LastIndexByte(docURI, '/')+1]
	far := func(id ident) int {
		if id.at == nil || strings.HasPrefix(id.at.uri, dir) && !strings.Contains(id.at.uri[len(dir):], "/") {
			return 0
		}
		return 1
	}
	out := slices.Clone(ids)
	slices.SortStableFunc(out, func(a, b ident) int { return far(a) - far(b) })
	return out
}

// ensureOpen mirrors req's document if the editor did not open it, and
// returns its generation.
func (m *Manager) ensureOpen(req complete.Request) uint64 {
	m.mu.Lock()
	d := m.docs[req.URI]
	m.mu.Unlock()
	if d == nil {
		m.set(req.URI, req.Language, req.Text)
		m.mu.Lock()
		d = m.docs[req.URI]
		m.mu.Unlock()
	}
	if d == nil {
		return 0
	}
	return d.gen
}

// ask asks for the definition and the type definition of the identifier
// key names (not the type definition when every definition declares a
// function or a type), at pos of key's document (only the definition in a document
// other than from), and caches what may be shown of them; definitions in
// the document being completed, from, are left out. An answer that names
// no place at all is cached as unknown, for a shorter time, and so is a
// request the server refuses in from (a file its build leaves out, which
// a server may keep refusing): a later tier asks where another file uses
// the name. One refused elsewhere caches an empty answer (a server may
// not read files the editor has not opened); one cut short by ctx caches
// nothing.
func (m *Manager) ask(ctx context.Context, s *server, key identKey, pos func(textdoc.Encoding) textdoc.Position, from string) {
	var locs []loc
	answered, named := false, false
	methods := []string{"textDocument/definition", "textDocument/typeDefinition"}
	if key.uri != from {
		methods = methods[:1] // a name another file uses: what it is, not the type of that file's variable
	}
	for _, method := range methods {
		p := pos(s.encoding())
		raw, _, err := s.call(ctx, method, positionParams{textDocumentID{key.uri}, protocol.Position{Line: uint32(p.Line), Character: uint32(p.Character)}})
		if err != nil {
			continue
		}
		answered = true
		for _, pl := range locations(raw) {
			named = true
			if l, ok := m.snippetAt(pl, from); ok && !m.localTo(l, pl, key.uri, from) {
				locs = append(locs, l)
			}
		}
		if m.declaresFuncOrType(locs) {
			break // its type is what the declaration shows
		}
	}
	if !answered && ctx.Err() != nil {
		return
	}
	a := answer{locs: locs}
	switch {
	case len(locs) > 0:
	case named || !answered && key.uri != from:
		a.expires = m.cfg.Now().Add(negativeTTL)
	default:
		a.expires, a.unknown = m.cfg.Now().Add(unknownTTL), true
	}
	m.cache.answers.Add(key, a)
}

// declaresFuncOrType reports definitions, at least one, that all declare
// a function or a type: asking for their type definition too would only
// repeat them, or name the type of a function, which its signature shows.
func (m *Manager) declaresFuncOrType(locs []loc) bool {
	for _, l := range locs {
		sn, ok := m.cache.snippets.Peek(l)
		if !ok || !isFuncOrType(sn.decl) {
			return false
		}
	}
	return len(locs) > 0
}

// funcOrTypeWords open a declaring line that declares a function or a
// type, once its modifiers are dropped.
var funcOrTypeWords = []string{"func ", "type ", "def ", "class ", "function ", "function*", "interface ", "enum ", "fn ", "struct ", "trait ", "union "}

// modifierWords may come before what a declaring line declares.
var modifierWords = []string{"export ", "default ", "declare ", "abstract ", "async ", "pub ", "pub(crate) ", "unsafe ", "const "}

// isFuncOrType reports a declaring line, as declLine gives it, that
// declares a function or a type: "func F(", "export class C", "pub fn f(".
func isFuncOrType(decl string) bool {
	for {
		i := slices.IndexFunc(modifierWords, func(w string) bool { return strings.HasPrefix(decl, w) })
		if i < 0 {
			break
		}
		decl = decl[len(modifierWords[i]):]
	}
	return slices.ContainsFunc(funcOrTypeWords, func(w string) bool { return strings.HasPrefix(decl, w) })
}

// snippetAt reads the declaration at pl into the cache and returns its
// location; false when it is in the asking document, a whole module (the
// empty range at a file's start that servers give for an import), outside
// what may be read, private, or unreadable.
func (m *Manager) snippetAt(pl protocol.Location, from string) (loc, bool) {
	if string(pl.URI) == from || pl.Range == (protocol.Range{}) {
		return loc{}, false
	}
	path := uriPath(string(pl.URI))
	if path == "" {
		return loc{}, false
	}
	display, ok := m.scope.display(path)
	if !ok || m.cfg.Private.Excluded(display) || m.cfg.Private.Excluded(path) {
		return loc{}, false
	}
	r := pl.Range
	l := loc{path: path, startLine: r.Start.Line, startChar: r.Start.Character, endLine: r.End.Line, endChar: r.End.Character}
	text, languageID, st, ok := m.read(path)
	if !ok {
		return loc{}, false
	}
	if _, fresh := m.cache.snippet(l, st); fresh {
		return l, true
	}
	body := extract(languageID, text, int(r.Start.Line), m.cfg.SnippetLines, m.cfg.SnippetBytes)
	if strings.TrimSpace(body) == "" {
		return loc{}, false
	}
	decl := declLine(languageID, text, int(r.Start.Line))
	m.cache.snippets.Add(l, snippet{file: prompt.File{Path: display, Text: body}, decl: decl, stamp: st,
		local: isLocal(languageID, text, int(r.Start.Line), int(r.Start.Character))})
	return l, true
}

// localTo reports a definition at l, as pl gives it, that is a local of
// the file asked in, asked, when that is not the document being completed:
// a name another file uses for its own variable, which the document's
// code cannot mean.
func (m *Manager) localTo(l loc, pl protocol.Location, asked, from string) bool {
	if asked == from || string(pl.URI) != asked {
		return false
	}
	sn, ok := m.cache.snippets.Peek(l)
	return ok && sn.local
}

// read returns a file's text, from its open document if there is one.
func (m *Manager) read(path string) (text, languageID string, st stamp, ok bool) {
	if d, open := m.openByPath(path); open {
		return d.text, d.lang, stamp{gen: d.gen}, true
	}
	st, ok = diskStamp(path)
	if !ok || st.size > maxReadBytes {
		return "", "", stamp{}, false
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return "", "", stamp{}, false
	}
	if now, ok := diskStamp(path); !ok || now != st {
		return "", "", stamp{}, false // changed while read: the next round reads it
	}
	return string(data), languageOf(path), st, true
}

// encoding returns the running server's position encoding.
func (s *server) encoding() textdoc.Encoding {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.enc
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

// languageOf returns the language id of a file by its extension, stub
// files (.pyi) included.
func languageOf(path string) string {
	if l, ok := lang.ForPath(path); ok {
		return l.ID
	}
	return ""
}
