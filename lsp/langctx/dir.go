package langctx

import (
	"cmp"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"go.lsp.dev/uri"

	"github.com/lspilot/lspilot/diffing/lang"
	"github.com/lspilot/lspilot/inference/complete"
	"github.com/lspilot/lspilot/lsp/textdoc"
)

// What is read of a document's directory: the other files of its language
// in it, at most maxSiblings of at most maxSiblingBytes each and
// maxDirBytes together, counted again at most every dirTTL.
const (
	maxSiblings     = 512
	maxSiblingBytes = 256 << 10
	maxDirBytes     = 16 << 20
	dirTTL          = 30 * time.Second
)

// maxDirEntries bounds the documents whose directory's counts are kept,
// and maxFileUses the files whose uses are.
const (
	maxDirEntries = 64
	maxFileUses   = 4096
)

// elsewhere is where an identifier of another file is used: the file and
// the position of the use, in both encodings a server may speak.
type elsewhere struct {
	uri         string
	utf8, utf16 textdoc.Position
}

// position returns the use's position in enc.
func (e *elsewhere) position(enc textdoc.Encoding) textdoc.Position {
	if enc == textdoc.UTF8 {
		return e.utf8
	}
	return e.utf16
}

// dirEntry is what the other files of a document's directory use, as last
// counted.
type dirEntry struct {
	at   time.Time
	used []ident // the most used, each with where it is used
	// uses holds a use of every name the files use, by name, and
	// qualUses one of every member they use of what the document
	// qualifies, by "q.M".
	uses, qualUses map[string]ident
	// qualified are the members the files use of what the document
	// qualifies too ("q.M" where the document writes "q.") or imports,
	// the most used first, each at a use after its qualifier.
	qualified []ident
	// imports are the document's imports of whole packages or modules,
	// and unused those of them its code does not use yet: what the code
	// being written is about to use (an import a Go file does not use
	// does not build).
	imports, unused []anImport
	// words indexes the names and members kept in used and qualified by
	// the words they are spelled with: a bound on what a directory of
	// thousands of names holds for each of the documents kept.
	words *wordIndex
}

// fileUses is what one file uses, as read at a stamp: how often each name
// is used and where first (its first bare use, when it has one); and, by
// "q.M", the first use of each member M after a qualifier q.
type fileUses struct {
	stamp stamp
	count map[string]int
	first map[string]ident
	quals map[string]ident
	// constrained marks a file its build may leave out (see constrained).
	constrained bool
	// windows are the names used in each window of its lines.
	windows fileWindows
}

// refreshDir counts, unless done within dirTTL, the identifiers the other
// files of req's directory use: what the package around the document
// calls, names and imports, which the line being written may need though
// the document itself does not use it yet.
func (m *Manager) refreshDir(req complete.Request) {
	path := uriPath(req.URI)
	if path == "" {
		return
	}
	now := m.cfg.Now()
	if e, ok := m.dirs.Get(path); ok && now.Sub(e.at) < dirTTL {
		return
	}
	quals := qualifiers(req.Language, req.Text)
	imports := imported(req.Language, req.Text)
	var unused []anImport
	for _, im := range imports {
		if im.name != "_" && im.name != "." && !quals[im.name] {
			unused = append(unused, im)
		}
	}
	for _, im := range imports {
		if im.name != "_" {
			quals[im.name] = true
		}
	}
	dir := filepath.Dir(path)
	files := m.dirFiles(dir, req.Language)
	e := m.dirIdents(files, path, quals)
	e.at, e.imports, e.unused = now, imports, unused
	m.dirs.Add(path, e)
	m.indexWindows(windowsKey(req.Language, dir), files, now)
}

// dirUsed returns what the other files of the document's directory use,
// as last counted.
func (m *Manager) dirUsed(docURI string) dirEntry {
	e, _ := m.dirs.Peek(uriPath(docURI))
	return e
}

// dirIdents counts the identifiers used by the files of a directory, as
// dirFiles found them, other than self: those used by the most files first
// (then the most often), each at its first use, at most candidates times
// Config.MaxIdents; by name, a use of every one; and the members of the
// qualifiers quals by the files using them, as many.
func (m *Manager) dirIdents(files []dirFile, self string, quals map[string]bool) dirEntry {
	nameFiles := map[string]int{} // by name: files using it
	uses := map[string]int{}
	at := firstUses{}
	qualFiles := map[string]int{} // by "q.M": files using it
	qualAt := firstUses{}
	for _, df := range files {
		if df.path == self {
			continue
		}
		fu := df.uses
		for name, n := range fu.count {
			nameFiles[name]++
			uses[name] += n
			at.add(name, fu.first[name], fu.constrained)
		}
		for key, id := range fu.quals {
			if q, _, _ := strings.Cut(key, "."); quals[q] {
				qualFiles[key]++
				qualAt.add(key, id, fu.constrained)
			}
		}
	}
	keep := candidates * m.cfg.MaxIdents
	byName, qualUses := at.idents(), qualAt.idents()
	used := ranked(byName, func(a, b string) int {
		return cmp.Or(nameFiles[b]-nameFiles[a], uses[b]-uses[a], strings.Compare(a, b))
	}, keep)
	qualified := ranked(qualUses, func(a, b string) int { return cmp.Or(qualFiles[b]-qualFiles[a], strings.Compare(a, b)) }, keep)
	return dirEntry{used: used, uses: byName, qualUses: qualUses, qualified: qualified,
		words: newWordIndex(slices.Concat(qualified, used))}
}

// dirFile is a file of a directory and what it uses.
type dirFile struct {
	path string
	uses fileUses
}

// dirFiles returns what the files of dir in languageID but its tests use,
// at most maxSiblings of them and maxDirBytes together.
func (m *Manager) dirFiles(dir, languageID string) []dirFile {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []dirFile
	bytes := int64(0)
	for _, de := range entries {
		p := filepath.Join(dir, de.Name())
		if len(out) == maxSiblings || bytes >= maxDirBytes {
			break
		}
		if de.IsDir() || languageOf(p) != languageID || isTestFile(p) {
			continue
		}
		if fu, ok := m.usesOf(p, languageID); ok {
			out = append(out, dirFile{p, fu})
			bytes += fu.stamp.size
		}
	}
	return out
}

// firstUses keeps, by key, the first use seen of a name, but that one in
// a file its build may leave out yields to the first in a file it keeps:
// a server knows what is there.
type firstUses map[string]firstUse

type firstUse struct {
	id          ident
	constrained bool
}

// add records id, used in a constrained file or not, under key.
func (f firstUses) add(key string, id ident, constrained bool) {
	if prev, ok := f[key]; !ok || prev.constrained && !constrained {
		f[key] = firstUse{id, constrained}
	}
}

// idents returns the uses kept, by key.
func (f firstUses) idents() map[string]ident {
	out := make(map[string]ident, len(f))
	for k, u := range f {
		out[k] = u.id
	}
	return out
}

// useOf returns a use in the other files of the identifier id spells: of
// the same member of the same qualifier, or of a bare name.
func (e dirEntry) useOf(id ident) (ident, bool) {
	if id.qual != "" {
		u, ok := e.qualUses[id.spelled()]
		return u, ok
	}
	u, ok := e.uses[id.name]
	return u, ok
}

// ranked returns the identifiers of byKey in the order of their keys by
// cmp, at most limit.
func ranked(byKey map[string]ident, cmp func(a, b string) int, limit int) []ident {
	keys := make([]string, 0, len(byKey))
	for k := range byKey {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, cmp)
	out := make([]ident, 0, min(len(keys), limit))
	for _, k := range keys[:min(len(keys), limit)] {
		out = append(out, byKey[k])
	}
	return out
}

// qualifiers returns the names text writes right before a ".": packages,
// modules and variables whose members it uses.
func qualifiers(languageID, text string) map[string]bool {
	out := map[string]bool{}
	for _, id := range scanIdents(languageID, text, 0, len(text), -1) {
		if end := id.off + len(id.name); end < len(text) && text[end] == '.' {
			out[id.name] = true
		}
	}
	return out
}

// qualifierBefore returns the identifier right before a "." that ends
// just before off of text, if there is one.
func qualifierBefore(text string, off int) (string, bool) {
	if off < 2 || text[off-1] != '.' {
		return "", false
	}
	start := off - 1
	for start > 0 && isIdentByte(text[start-1]) {
		start--
	}
	if start == off-1 || !isIdentStart(text, start) {
		return "", false
	}
	return text[start : off-1], true
}

// usesOf returns what the file at path uses, read again only when its
// stamp on disk changed; false for a file that may not be read.
func (m *Manager) usesOf(path, languageID string) (fileUses, bool) {
	st, ok := diskStamp(path)
	if !ok || st.size > maxSiblingBytes {
		return fileUses{}, false
	}
	if fu, ok := m.fileUses.Get(path); ok && fu.stamp == st {
		return fu, true
	}
	text, ok := m.sibling(path)
	if !ok {
		return fileUses{}, false
	}
	fu := fileUses{stamp: st, count: map[string]int{}, first: map[string]ident{}, quals: map[string]ident{},
		constrained: constrained(languageID, path, text)}
	u := string(uri.File(path))
	found := scanIdents(languageID, text, 0, len(text), -1)
	fu.windows = windowsOf(text, found)
	for _, id := range found {
		fu.count[id.name]++
		prev, seen := fu.first[id.name]
		_, qualSeen := fu.quals[id.spelled()]
		bare := seen && prev.qual != "" && id.qual == ""
		member := id.qual != "" && !qualSeen
		if seen && !bare && !member {
			continue
		}
		id.at = &elsewhere{uri: u, utf8: utf8Position(text, id.off), utf16: utf16Position(text, id.off)}
		if !seen || bare {
			fu.first[id.name] = id
		}
		if member {
			fu.quals[id.spelled()] = id
		}
	}
	m.fileUses.Add(path, fu)
	return fu, true
}

// sibling reads a file of the directory, unless it is outside the
// workspace or private; usesOf bounds its size.
func (m *Manager) sibling(path string) (string, bool) {
	display, ok := m.scope.display(path)
	if !ok || m.cfg.Private.Excluded(display) || m.cfg.Private.Excluded(path) {
		return "", false
	}
	text, _, _, ok := m.read(path)
	return text, ok
}

// isTestFile reports a test file by its language's naming.
func isTestFile(path string) bool {
	ext := filepath.Ext(path)
	return lang.TestNamingFor(ext).IsTest(strings.TrimSuffix(filepath.Base(path), ext))
}

// utf8Position and utf16Position return the position of byte off of text.
func utf8Position(text string, off int) textdoc.Position {
	start := strings.LastIndexByte(text[:off], '\n') + 1
	return textdoc.Position{Line: strings.Count(text[:start], "\n"), Character: off - start}
}

func utf16Position(text string, off int) textdoc.Position {
	p := utf8Position(text, off)
	p.Character = utf16Len(text[off-p.Character : off])
	return p
}

// utf16Len returns the length of s in UTF-16 code units.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r >= 0x10000 && r <= utf8.MaxRune {
			n++
		}
	}
	return n
}
