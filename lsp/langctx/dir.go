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
// in it, at most maxSiblings of at most maxSiblingBytes each, counted again
// at most every dirTTL.
const (
	maxSiblings     = 64
	maxSiblingBytes = 256 << 10
	dirTTL          = 30 * time.Second
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

// dirEntry is what the files of a directory use most, as last counted.
type dirEntry struct {
	at   time.Time
	used []ident // each with where it is used
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
	dir, now := filepath.Dir(path), m.cfg.Now()
	m.mu.Lock()
	e, ok := m.dirs[dir]
	m.mu.Unlock()
	if ok && now.Sub(e.at) < dirTTL {
		return
	}
	used := m.dirIdents(dir, path, req.Language)
	m.mu.Lock()
	m.dirs[dir] = dirEntry{at: now, used: used}
	m.mu.Unlock()
}

// dirUsed returns what the other files of the document's directory use
// most, as last counted.
func (m *Manager) dirUsed(docURI string) []ident {
	path := uriPath(docURI)
	if path == "" {
		return nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.dirs[filepath.Dir(path)].used
}

// dirIdents returns the identifiers used by the files of dir in
// languageID other than self and its tests, those used by the most files
// first (then the most often), each at its first use, at most
// candidates times Config.MaxIdents/2.
func (m *Manager) dirIdents(dir, self, languageID string) []ident {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	files := map[string]int{} // by name: files using it
	uses := map[string]int{}
	at := map[string]ident{}
	read := 0
	for _, de := range entries {
		p := filepath.Join(dir, de.Name())
		if read == maxSiblings {
			break
		}
		if de.IsDir() || p == self || languageOf(p) != languageID || isTestFile(p) {
			continue
		}
		text, ok := m.sibling(p)
		if !ok {
			continue
		}
		read++
		seen := map[string]bool{}
		for _, id := range scanIdents(languageID, text, 0, len(text), -1) {
			uses[id.name]++
			if !seen[id.name] {
				seen[id.name] = true
				files[id.name]++
			}
			if _, ok := at[id.name]; !ok {
				id.at = &elsewhere{uri: string(uri.File(p)), utf8: utf8Position(text, id.off), utf16: utf16Position(text, id.off)}
				at[id.name] = id
			}
		}
	}
	out := make([]ident, 0, len(at))
	for _, id := range at {
		out = append(out, id)
	}
	slices.SortFunc(out, func(a, b ident) int {
		return cmp.Or(files[b.name]-files[a.name], uses[b.name]-uses[a.name], strings.Compare(a.name, b.name))
	})
	return out[:min(len(out), candidates*m.cfg.MaxIdents/2)]
}

// sibling reads a file of the directory, unless it is outside the
// workspace, private, or too large.
func (m *Manager) sibling(path string) (string, bool) {
	display, ok := m.scope.display(path)
	if !ok || m.cfg.Private.Excluded(display) || m.cfg.Private.Excluded(path) {
		return "", false
	}
	if st, ok := diskStamp(path); !ok || st.size > maxSiblingBytes {
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
	n := 0
	for _, r := range text[off-p.Character : off] {
		n++
		if r >= 0x10000 && r <= utf8.MaxRune {
			n++
		}
	}
	p.Character = n
	return p
}
