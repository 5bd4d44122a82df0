package lsp

import (
	"slices"

	"go.uber.org/zap"

	"github.com/lspilot/lspilot/lsp/config"
	"github.com/lspilot/lspilot/lsp/langctx"
)

// startDefinitions gives each workspace root a langctx.Manager, which asks
// the language's own server for the definitions near the cursor, when the
// process has a Registry and context.definitions is on. The settings in
// force at initialize decide for the session; a server starts only when a
// document of its language opens.
func (s *server) startDefinitions() {
	cfg := s.config.Get()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.definitions == nil || !cfg.Context.Definitions {
		return
	}
	s.defsOn = true
	s.addDefinitionsLocked(cfg)
}

// addDefinitionsLocked gives each root without a Manager one. A removed
// root keeps its Manager until the session ends. s.mu is held.
func (s *server) addDefinitionsLocked(cfg config.Config) {
	private, _ := cfg.Privacy.Matcher() // validated with the configuration
	for _, root := range s.roots {
		if slices.ContainsFunc(s.defs, func(m *langctx.Manager) bool { return m.Root() == root }) {
			continue
		}
		s.defs = append(s.defs, langctx.New(langctx.Config{
			Root: root, Servers: cfg.Context.Servers(), Private: private, MaxBytes: cfg.Context.MaxBytes,
			Logger: s.logger.Named("langctx"),
		}))
		s.logger.Debug("definitions from language servers", zap.String("root", root))
	}
	s.definitions.Set(s.session, slices.Clone(s.defs))
}

// defsFor returns the Manager whose root holds uri, nil for none.
func (s *server) defsFor(uri string) *langctx.Manager {
	s.mu.Lock()
	defer s.mu.Unlock()
	return langctx.For(s.defs, uri)
}

// closeDefinitions stops the session's language servers and waits for them.
func (s *server) closeDefinitions() {
	s.mu.Lock()
	defs := s.defs
	s.defs = nil
	s.mu.Unlock()
	if s.definitions != nil {
		s.definitions.Set(s.session, nil)
	}
	for _, m := range defs {
		m.Shutdown()
	}
}

// languageServers reports the session's language servers for lspilot.status.
func (s *server) languageServers() []langctx.ServerStatus {
	s.mu.Lock()
	defs := slices.Clone(s.defs)
	s.mu.Unlock()
	out := []langctx.ServerStatus{}
	for _, m := range defs {
		out = append(out, m.Status()...)
	}
	return out
}
