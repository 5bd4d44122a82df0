package lsp

import (
	"context"
	"path/filepath"
	"strings"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// setRoots records the workspace roots named at initialize.
func (s *server) setRoots(params *protocol.InitializeParams) {
	var roots []string
	folders, _ := params.WorkspaceFolders.Get()
	for _, f := range folders {
		if p := filePath(string(f.URI)); p != "" {
			roots = append(roots, p)
		}
	}
	if len(roots) == 0 && params.RootURI != nil {
		if p := filePath(string(*params.RootURI)); p != "" {
			roots = append(roots, p)
		}
	}
	s.mu.Lock()
	s.roots = roots
	s.mu.Unlock()
}

// DidChangeWorkspaceFolders implements protocol.Server.
func (s *server) DidChangeWorkspaceFolders(_ context.Context, params *protocol.DidChangeWorkspaceFoldersParams) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range params.Event.Removed {
		p := filePath(string(f.URI))
		for i, r := range s.roots {
			if r == p {
				s.roots = append(s.roots[:i], s.roots[i+1:]...)
				break
			}
		}
	}
	for _, f := range params.Event.Added {
		if p := filePath(string(f.URI)); p != "" {
			s.roots = append(s.roots, p)
		}
	}
	if s.defsOn {
		s.addDefinitionsLocked(s.config.Get())
	}
	return nil
}

// relPath returns a document's path relative to the workspace root that
// holds it, else its absolute path, else the URI itself.
func (s *server) relPath(u string) string {
	p := filePath(u)
	if p == "" {
		return u
	}
	if root, ok := s.rootOf(p); ok {
		rel, _ := filepath.Rel(root, p)
		return filepath.ToSlash(rel)
	}
	return p
}

// rootOf returns the workspace root that holds path, if one does.
func (s *server) rootOf(path string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, root := range s.roots {
		if within(root, path) {
			return root, true
		}
	}
	return "", false
}

// filePath returns the path of a file URI, or "" for other schemes.
func filePath(u string) string {
	v := uri.URI(u)
	if !strings.HasPrefix(u, "file:") || !v.IsFile() {
		return ""
	}
	return filepath.Clean(v.FsPath())
}
