package langctx

import (
	"context"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	lru "github.com/hashicorp/golang-lru/v2"
	"go.uber.org/zap"
)

// Manager asks the language servers of one workspace root for the
// definitions near the cursor. It is safe for concurrent use; its methods
// never wait on a server, except Resolve and Shutdown.
type Manager struct {
	cfg   Config
	cache *cache
	scope *scope
	ctx   context.Context
	stop  context.CancelFunc
	wg    sync.WaitGroup // the servers' and resolutions' goroutines

	mu      sync.Mutex
	closed  bool                    // guarded by mu
	gen     uint64                  // guarded by mu; the last generation given a document
	docs    map[string]*document    // guarded by mu; open documents by URI
	byPath  map[string]*document    // guarded by mu; open documents by file path
	servers map[string]*server      // guarded by mu; by command line
	byLang  map[string]*server      // guarded by mu; by language id, nil when none is found
	missing map[string][]string     // guarded by mu; commands looked for, by language id not found
	runs    map[string]*resolution  // guarded by mu; resolution in progress, by URI
	symbols map[string]symbolsEntry // guarded by mu; the latest symbols, by URI
	// workspace is, by language id, what the workspace's files use of the
	// packages they import; walking, the languages whose walk is under way.
	workspace map[string]workspaceUses     // guarded by mu
	walking   map[string]bool              // guarded by mu
	dirs      *lru.Cache[string, dirEntry] // what the directory around a document uses, by its path
	fileUses  *lru.Cache[string, fileUses] // what files of those directories use, by path
	// fileDecls holds, by path, what Go files declare at their top level,
	// and goMods, by directory, the Go module around it.
	fileDecls *lru.Cache[string, fileDecls]
	goMods    *lru.Cache[string, goModAt]
	// windows indexes, by directory, the windows of its files by the
	// names used in them.
	windows *lru.Cache[string, *windowIndex]
}

// document is an open document as the Manager mirrors it. Its generation
// is the version the servers see: it grows with every change.
type document struct {
	lang, text, path string
	gen              uint64
}

// New returns a Manager for cfg.Root. It starts nothing until a document
// of a language with a server is opened.
func New(cfg Config) *Manager {
	cfg = cfg.withDefaults()
	dirs, _ := lru.New[string, dirEntry](maxDirEntries) // the sizes are positive
	fileUses, _ := lru.New[string, fileUses](maxFileUses)
	windows, _ := lru.New[string, *windowIndex](maxWindowDirs)
	fileDecls, _ := lru.New[string, fileDecls](maxFileUses)
	goMods, _ := lru.New[string, goModAt](maxDirEntries)
	ctx, stop := context.WithCancel(context.Background())
	return &Manager{
		cfg: cfg, cache: newCache(cfg.CacheSize), scope: &scope{root: filepath.Clean(cfg.Root)},
		ctx: ctx, stop: stop,
		docs: map[string]*document{}, byPath: map[string]*document{}, servers: map[string]*server{}, byLang: map[string]*server{},
		missing: map[string][]string{}, runs: map[string]*resolution{}, symbols: map[string]symbolsEntry{},
		workspace: map[string]workspaceUses{}, walking: map[string]bool{},
		dirs: dirs, fileUses: fileUses, windows: windows, fileDecls: fileDecls, goMods: goMods,
	}
}

// Root returns the workspace root the Manager serves.
func (m *Manager) Root() string { return m.cfg.Root }

// Open mirrors a document the editor opened. The servers see versions of
// the Manager's own numbering, which grows with every change whatever the
// editor's version says.
func (m *Manager) Open(uri, languageID string, version int32, text string) {
	m.set(uri, languageID, text)
}

// Change mirrors a full-text change of an open document.
func (m *Manager) Change(uri string, version int32, text string) {
	m.mu.Lock()
	d := m.docs[uri]
	m.mu.Unlock()
	if d != nil {
		m.set(uri, d.lang, text)
	}
}

// set records a document's text and wakes its server.
func (m *Manager) set(uri, languageID, text string) {
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return
	}
	m.gen++
	d := &document{lang: languageID, text: text, path: uriPath(uri), gen: m.gen}
	m.docs[uri] = d
	if d.path != "" {
		m.byPath[d.path] = d
	}
	s := m.serverLocked(languageID)
	m.mu.Unlock()
	if s != nil {
		s.poke()
	}
}

// Close stops mirroring a document the editor closed; its definitions are
// read from disk again.
func (m *Manager) Close(uri string) {
	m.mu.Lock()
	d := m.docs[uri]
	delete(m.docs, uri)
	delete(m.symbols, uri)
	var s *server
	if d != nil {
		s = m.byLang[d.lang]
		if m.byPath[d.path] == d {
			delete(m.byPath, d.path)
		}
	}
	m.mu.Unlock()
	if s != nil {
		s.poke()
	}
}

// serverLocked returns the server of languageID, starting it at first
// use; nil when the language has none on PATH or the Manager is shut
// down. m.mu is held.
func (m *Manager) serverLocked(languageID string) *server {
	if m.closed {
		return nil
	}
	if s, ok := m.byLang[languageID]; ok {
		return s
	}
	cmd, want, ok := Command(languageID, m.cfg.Servers, m.cfg.LookPath)
	if !ok {
		m.byLang[languageID] = nil
		if len(want) > 0 {
			m.missing[languageID] = want
		}
		return nil
	}
	key := strings.Join(cmd, "\x00")
	s := m.servers[key]
	if s == nil {
		s = newServer(m, languageID, cmd)
		m.servers[key] = s
		m.wg.Add(1)
		go func() {
			defer m.wg.Done()
			s.run(m.ctx)
		}()
		m.cfg.Logger.Debug("start language server", zap.String("language", languageID), zap.Strings("command", cmd))
	} else {
		s.addLang(languageID)
	}
	m.byLang[languageID] = s
	return s
}

// addLang records one more language a server serves.
func (s *server) addLang(languageID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.langs += "," + languageID
	s.st.Language = s.langs
}

// docsFor returns a copy of the open documents that s serves.
func (m *Manager) docsFor(s *server) map[string]document {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := map[string]document{}
	for uri, d := range m.docs {
		if m.byLang[d.lang] == s {
			out[uri] = *d
		}
	}
	return out
}

// openByPath returns the open document at an absolute path.
func (m *Manager) openByPath(path string) (document, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if d, ok := m.byPath[path]; ok {
		return *d, true
	}
	return document{}, false
}

// Status reports every language server the Manager started or looked for.
func (m *Manager) Status() []ServerStatus {
	m.mu.Lock()
	var out []ServerStatus
	for _, s := range m.servers {
		out = append(out, s.status())
	}
	for lang, want := range m.missing {
		out = append(out, ServerStatus{Language: lang, Command: want, State: StateNotFound})
	}
	m.mu.Unlock()
	slices.SortFunc(out, func(a, b ServerStatus) int { return strings.Compare(a.Language, b.Language) })
	return out
}

// Shutdown shuts every server down and waits for them and for the
// resolutions in progress. (Close is the document's: the editor's names.)
func (m *Manager) Shutdown() {
	m.mu.Lock()
	m.closed = true
	m.mu.Unlock()
	m.stop()
	m.wg.Wait()
}

// uriPath returns the file path of a file URI, "" for other schemes.
func uriPath(uri string) string {
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != "file" {
		return ""
	}
	return filepath.Clean(u.Path)
}
