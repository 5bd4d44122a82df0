package langctx

import (
	"cmp"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"go.lsp.dev/uri"

	"github.com/lspilot/lspilot/lsp/textdoc"
)

// What is read of the workspace to learn which members of a package its
// files use most: files of the language, walked in lexical order, at most
// maxWorkspaceFiles of at most maxSiblingBytes each and maxWorkspaceBytes
// together, among at most maxWorkspaceEntries files and directories,
// walked again at most every workspaceTTL. Per package, workspaceMembers
// members are kept.
const (
	maxWorkspaceEntries = 200_000
	maxWorkspaceFiles   = 8192
	maxWorkspaceBytes   = 96 << 20
	workspaceTTL        = 10 * time.Minute
	workspaceMembers    = 8
)

// skippedDirs are directories the walk does not enter: generated,
// vendored or fixture code, whose uses are not the workspace's own.
var skippedDirs = map[string]bool{
	"node_modules": true, "vendor": true, "testdata": true, "__pycache__": true,
	"site-packages": true, "dist": true, "build": true, "out": true, "target": true,
}

// workspaceUses is what the files of the workspace in one language use of
// the packages and modules they import.
type workspaceUses struct {
	at time.Time
	// members are, by import path, the members of the package the most
	// files use first, each at its first use, with how many files use it.
	members map[string][]member
	// words indexes, by import path, every member the files use, by the
	// words it is spelled with.
	words map[string]*wordIndex
}

// member is a member of a package the workspace's files use: where one
// of them uses it first, and how many of them do.
type member struct {
	id    ident
	files int
}

// refreshWorkspace walks the workspace for languageID in the background
// unless that was done within workspaceTTL or is under way. Until the
// walk ends, the last one serves. A root that is the file system's is not
// walked.
func (m *Manager) refreshWorkspace(languageID string) {
	if filepath.Dir(m.scope.root) == m.scope.root {
		return
	}
	now := m.cfg.Now()
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed || m.walking[languageID] {
		return
	}
	if w, ok := m.workspace[languageID]; ok && now.Sub(w.at) < workspaceTTL {
		return
	}
	m.walking[languageID] = true
	m.wg.Add(1)
	go func() {
		defer m.wg.Done()
		w := m.walkWorkspace(languageID)
		w.at = now
		m.mu.Lock()
		defer m.mu.Unlock()
		delete(m.walking, languageID)
		if m.ctx.Err() == nil {
			m.workspace[languageID] = w
		}
	}()
}

// walkWorkspace counts, in every file of languageID under the root but
// tests, the members used of each package the file imports.
func (m *Manager) walkWorkspace(languageID string) workspaceUses {
	files := map[string]map[string]int{} // by import path, by member name
	first := map[string]firstUses{}
	entries, read, bytes := 0, 0, int64(0)
	_ = filepath.WalkDir(m.scope.root, func(p string, d fs.DirEntry, err error) error {
		entries++
		switch {
		case m.ctx.Err() != nil || entries > maxWorkspaceEntries || read == maxWorkspaceFiles || bytes >= maxWorkspaceBytes:
			return filepath.SkipAll
		case err != nil:
			return nil
		case d.IsDir():
			if p != m.scope.root && (strings.HasPrefix(d.Name(), ".") || skippedDirs[d.Name()]) {
				return filepath.SkipDir
			}
			return nil
		case !d.Type().IsRegular() || languageOf(p) != languageID || isTestFile(p):
			return nil
		}
		info, err := d.Info()
		if err != nil || info.Size() > maxSiblingBytes {
			return nil
		}
		text, ok := m.sibling(p)
		if !ok {
			return nil
		}
		read, bytes = read+1, bytes+int64(len(text))
		countImportUses(languageID, p, text, files, first)
		return nil
	})
	w := workspaceUses{members: make(map[string][]member, len(files)), words: make(map[string]*wordIndex, len(files))}
	for path, byName := range files {
		names := make([]string, 0, len(byName))
		for name := range byName {
			names = append(names, name)
		}
		slices.SortFunc(names, func(a, b string) int { return cmp.Or(byName[b]-byName[a], strings.Compare(a, b)) })
		all := make([]ident, len(names))
		for i, name := range names {
			all[i] = first[path][name].id
		}
		kept := make([]member, 0, min(len(names), workspaceMembers))
		for _, id := range all[:min(len(all), workspaceMembers)] {
			kept = append(kept, member{id: id, files: byName[id.name]})
		}
		w.members[path], w.words[path] = kept, newWordIndex(all)
	}
	return w
}

// countImportUses adds to files, by import path and member, the file at
// path when text uses the member after the name it imports the package
// with, and records in first the first such use seen (see firstUses).
func countImportUses(languageID, path, text string, files map[string]map[string]int, first map[string]firstUses) {
	paths := map[string]string{} // by the name the file gives it
	for _, im := range imported(languageID, text) {
		if im.name != "_" {
			paths[im.name] = im.path
		}
	}
	if len(paths) == 0 {
		return
	}
	u := string(uri.File(path))
	cons := constrained(languageID, path, text)
	seen := map[string]bool{}
	var lines lineCounter
	for _, id := range scanIdents(languageID, text, 0, len(text), -1) {
		ip, ok := paths[id.qual]
		if !ok || seen[ip+"\x00"+id.name] {
			continue
		}
		seen[ip+"\x00"+id.name] = true
		if files[ip] == nil {
			files[ip], first[ip] = map[string]int{}, firstUses{}
		}
		files[ip][id.name]++
		if prev, ok := first[ip][id.name]; !ok || prev.constrained && !cons {
			id.at, id.guessed = lines.at(u, text, id.off), true
			first[ip].add(id.name, id, cons)
		}
	}
}

// importedMembers returns the members the workspace's files use most of
// the packages the document imports, at most limit, the most used
// first, each at a use in another file.
func (m *Manager) importedMembers(languageID string, imports []anImport, limit int) []ident {
	m.mu.Lock()
	w := m.workspace[languageID]
	m.mu.Unlock()
	var all []member
	for _, im := range imports {
		if im.name != "_" {
			all = append(all, w.members[im.path]...)
		}
	}
	slices.SortStableFunc(all, func(a, b member) int { return b.files - a.files })
	out := make([]ident, 0, min(len(all), limit))
	for _, mb := range all[:min(len(all), limit)] {
		out = append(out, mb.id)
	}
	return out
}

// relatedMembers returns up to limit of the members the workspace's
// files use of the packages the document imports that the words spell the
// most of (see related).
func (m *Manager) relatedMembers(languageID string, imports []anImport, words map[string]bool, limit int) []ident {
	m.mu.Lock()
	w := m.workspace[languageID]
	m.mu.Unlock()
	var indexes []*wordIndex
	for _, im := range imports {
		if im.name != "_" {
			indexes = append(indexes, w.words[im.path])
		}
	}
	return relatedIn(indexes, words, limit)
}

// lineCounter gives the positions of increasing offsets of one text,
// counting its lines once.
type lineCounter struct{ off, line, lineStart int }

// at returns the use at off of the file at u whose text is text; off may
// not be less than the last one asked.
func (c *lineCounter) at(u, text string, off int) *elsewhere {
	seg := text[c.off:off]
	if n := strings.Count(seg, "\n"); n > 0 {
		c.line += n
		c.lineStart = c.off + strings.LastIndexByte(seg, '\n') + 1
	}
	c.off = off
	p8 := textdoc.Position{Line: c.line, Character: off - c.lineStart}
	p16 := p8
	p16.Character = utf16Len(text[c.lineStart:off])
	return &elsewhere{uri: u, utf8: p8, utf16: p16}
}
