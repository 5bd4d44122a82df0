package langctx

import (
	"sync"

	"github.com/lspilot/lspilot/inference/complete"
	"github.com/lspilot/lspilot/inference/prompt"
)

// Registry is the complete.Source of a process: it holds the Managers of
// every session, by session id, and passes each request to the Manager of
// its session whose root holds the document. Engines may be shared by
// sessions; the Managers are each session's own.
type Registry struct {
	mu       sync.Mutex
	sessions map[string][]*Manager // guarded by mu
}

var _ complete.Source = (*Registry)(nil)

// NewRegistry returns an empty Registry.
func NewRegistry() *Registry {
	return &Registry{sessions: map[string][]*Manager{}}
}

// Set makes ms the Managers of session, replacing any before.
func (r *Registry) Set(session string, ms []*Manager) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(ms) == 0 {
		delete(r.sessions, session)
		return
	}
	r.sessions[session] = ms
}

// Snippets implements complete.Source.
func (r *Registry) Snippets(req complete.Request) []prompt.File {
	if r == nil {
		return nil
	}
	r.mu.Lock()
	ms := r.sessions[req.Session]
	r.mu.Unlock()
	if m := For(ms, req.URI); m != nil {
		return m.Snippets(req)
	}
	return nil
}

// For returns the Manager whose root holds the file at uri, the deepest
// root first; nil when none does.
func For(ms []*Manager, uri string) *Manager {
	path := uriPath(uri)
	var best *Manager
	for _, m := range ms {
		if _, ok := under(m.scope.root, path); ok && path != "" {
			if best == nil || len(m.scope.root) > len(best.scope.root) {
				best = m
			}
		}
	}
	return best
}
