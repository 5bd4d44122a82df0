package langctx

import (
	"context"
	"slices"
	"time"

	"github.com/lspilot/lspilot/inference/complete"
	"github.com/lspilot/lspilot/inference/prompt"
)

var _ complete.Source = (*Manager)(nil)

// resolveTimeout bounds a Resolve whose context has no deadline.
const resolveTimeout = time.Minute

// resolution is the background work for one document: one round runs at a
// time, and the latest request asked for meanwhile runs next.
type resolution struct {
	next     *complete.Request // guarded by Manager.mu; nil when nothing waits
	deadline time.Duration     // guarded by Manager.mu; of the next round
	done     chan struct{}     // guarded by Manager.mu; closed when the next round ends
}

// Snippets implements complete.Source: the definitions already resolved
// for the identifiers near req's cursor and for the signature around it,
// in the order of their first use, within the byte budget. What is not
// resolved yet is resolved in the background, within Config.Deadline.
func (m *Manager) Snippets(req complete.Request) []prompt.File {
	files, pending := m.lookup(req)
	if pending && (m.serves(req.Language) || m.readsDecls(req.Language)) {
		m.schedule(req, m.cfg.Deadline)
	}
	return files
}

// resolveRounds bounds the rounds of one Resolve: each round may reveal
// identifiers with nothing to show, which make room for more.
const resolveRounds = 4

// Resolve resolves what Snippets would need for req, waits until that is
// done (over a few rounds, as the next keystrokes would) or ctx ends, and
// returns what Snippets returns then. It measures a cold resolution: the
// server is started if it is not.
func (m *Manager) Resolve(ctx context.Context, req complete.Request) []prompt.File {
	d := resolveTimeout
	if dl, ok := ctx.Deadline(); ok {
		d = time.Until(dl)
	}
	files, pending := m.lookup(req)
	for round := 0; pending && round < resolveRounds && ctx.Err() == nil; round++ {
		select {
		case <-m.schedule(req, d):
		case <-ctx.Done():
		}
		files, pending = m.lookup(req)
	}
	return files
}

// serves reports whether languageID has a server that has not failed for
// good, starting it at first use.
func (m *Manager) serves(languageID string) bool {
	m.mu.Lock()
	s := m.serverLocked(languageID)
	m.mu.Unlock()
	return s != nil && s.status().State != StateFailed
}

// readsDecls reports whether the declarations of languageID are read from
// its files even with no server (see ReadsDeclarations), unless its
// server was turned off.
func (m *Manager) readsDecls(languageID string) bool {
	cmd, set := m.cfg.Servers[languageID]
	return ReadsDeclarations(languageID) && (!set || len(cmd) > 0)
}

// ReadsDeclarations reports a language whose package-level declarations
// lspilot finds by reading its files, before its server answers and
// without one: Go.
func ReadsDeclarations(languageID string) bool { return languageID == "go" }

// schedule queues a round of resolution for req and returns a channel
// closed when it ends.
func (m *Manager) schedule(req complete.Request, deadline time.Duration) <-chan struct{} {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		ch := make(chan struct{})
		close(ch)
		return ch
	}
	r := m.runs[req.URI]
	if r == nil {
		r = &resolution{}
		m.runs[req.URI] = r
		m.wg.Add(1)
		go m.work(req.URI, r)
	}
	r.next = &req
	r.deadline = max(r.deadline, deadline)
	if r.done == nil {
		r.done = make(chan struct{})
	}
	return r.done
}

// work runs the rounds queued for uri until none waits.
func (m *Manager) work(uri string, r *resolution) {
	defer m.wg.Done()
	for {
		m.mu.Lock()
		if r.next == nil {
			delete(m.runs, uri)
			m.mu.Unlock()
			return
		}
		req, deadline, done := *r.next, r.deadline, r.done
		r.next, r.deadline, r.done = nil, 0, nil
		m.mu.Unlock()
		ctx, cancel := context.WithTimeout(m.ctx, deadline)
		m.resolveNow(ctx, req)
		cancel()
		close(done)
	}
}

// lookup assembles the snippets cached for req; pending reports
// identifiers not resolved yet, or whose definition's file changed.
func (m *Manager) lookup(req complete.Request) (files []prompt.File, pending bool) {
	now := m.cfg.Now()
	b := budget{limit: m.cfg.MaxBytes, fullLimit: m.cfg.MaxBytes / fullShare}
	seen := map[loc]bool{}
	for _, id := range m.wanted(req) {
		key := id.key(req.URI)
		a, ok := m.cache.answer(key, now)
		if !ok {
			pending = true
			continue
		}
		for _, l := range a.locs {
			if seen[l] {
				continue
			}
			seen[l] = true
			st, ok := m.stampOf(l.path, now)
			sn, fresh := m.cache.snippet(l, st)
			if !ok || !fresh {
				m.cache.answers.Remove(key) // the file changed: ask again
				pending = true
				continue
			}
			if id.guessed {
				b.addLine(sn.file.Path, sn.decl)
				continue
			}
			b.add(sn)
		}
	}
	return b.result(), pending
}

// stampOf returns the stamp of the file at path: its generation when it
// is open, else its stamp on disk, looked at within stampTTL of now.
func (m *Manager) stampOf(path string, now time.Time) (stamp, bool) {
	if d, ok := m.openByPath(path); ok {
		return stamp{gen: d.gen}, true
	}
	return m.cache.diskStampAt(path, now)
}

// fullShare is the part of the budget whole declarations may take, one
// over it: the rest shows declaring lines alone, several times as many.
// Recall on the Go standard library, with the declarations taken in the
// order of wanted, is 4 to 5 sites in 200 higher with a quarter than with
// half, and within a site of the declaring lines alone.
const fullShare = 4

// budget gathers snippets, deduplicated, within a byte limit, the most
// relevant first: whole declarations while they fit a share of it (see
// fullShare), then the declaring lines alone, grouped by file, so that
// many more fit.
type budget struct {
	limit, fullLimit int
	used, fullUsed   int
	full             []prompt.File
	lines            []prompt.File // one per file, its declaring lines
}

// add takes sn whole if it fits the declarations' share, else its
// declaring line if that fits; nothing when an earlier snippet holds it.
func (b *budget) add(sn snippet) {
	f := sn.file
	for _, g := range b.full {
		if g.Text == f.Text || g.Path == f.Path && contains(g.Text, f.Text) {
			return
		}
	}
	if n := len(f.Path) + len(f.Text); b.fullUsed+n <= b.fullLimit && b.used+n <= b.limit {
		b.used, b.fullUsed = b.used+n, b.fullUsed+n
		b.full = append(b.full, f)
		return
	}
	b.addLine(f.Path, sn.decl)
}

// addLine adds a declaring line to its file's group.
func (b *budget) addLine(path, line string) {
	if line == "" {
		return
	}
	for _, g := range b.full {
		if g.Path == path && contains(g.Text, line) {
			return
		}
	}
	i := slices.IndexFunc(b.lines, func(g prompt.File) bool { return g.Path == path })
	n := len(line) + 1
	if i < 0 {
		n += len(path)
	} else if contains(b.lines[i].Text, line+"\n") {
		return
	}
	if b.used+n > b.limit {
		return
	}
	b.used += n
	if i < 0 {
		b.lines = append(b.lines, prompt.File{Path: path})
		i = len(b.lines) - 1
	}
	b.lines[i].Text += line + "\n"
}

// result returns the snippets in the order the prompt takes them: the
// declaring lines first, then the whole declarations, the most relevant
// last, nearest the code being written.
func (b *budget) result() []prompt.File {
	out := slices.Clone(b.lines)
	for i := len(b.full) - 1; i >= 0; i-- {
		out = append(out, b.full[i])
	}
	return out
}
