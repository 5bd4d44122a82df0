package lsp

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/lspilot/lspilot/lsp/config"
)

// FileLayer is the config file layer that every session of a process starts
// from, with the features built from it. Reload replaces it in the open
// sessions and in those to come, so that an edited config file applies
// without a restart.
type FileLayer struct {
	logger  *zap.Logger
	rebuild func(context.Context, config.Config) (Features, func(), error)
	reload  sync.Mutex // serializes Reload and Close

	mu       sync.Mutex
	file     map[string]any       // guarded by mu
	features Features             // guarded by mu; built from file
	key      string               // guarded by mu; featureKey of what features were built from
	close    func()               // guarded by mu; closes features
	sessions map[*server]struct{} // guarded by mu
}

// NewFileLayer returns the layer of a config file, whose features were built
// from it by rebuild, which close releases. rebuild builds them again when a
// reload changes what they depend on; nil keeps them.
func NewFileLayer(file map[string]any, features Features, close func(),
	rebuild func(context.Context, config.Config) (Features, func(), error), logger *zap.Logger) *FileLayer {
	if logger == nil {
		logger = zap.NewNop()
	}
	cfg, _ := config.Resolve(file) // the caller resolved it before building features
	return &FileLayer{
		logger: logger, rebuild: rebuild, file: file, features: features,
		key: featureKey(cfg), close: close, sessions: map[*server]struct{}{},
	}
}

// InvalidFileError lists the invalid keys of a config file a reload refused.
type InvalidFileError struct {
	Keys []*config.KeyError
}

func (e *InvalidFileError) Error() string {
	msgs := make([]string, len(e.Keys))
	for i, k := range e.Keys {
		msgs[i] = k.Error()
	}
	return strings.Join(msgs, "; ")
}

// Reload makes file the config file layer. A file with an invalid key is
// refused as a whole with an *InvalidFileError, and features that cannot be
// built with the build error: the sessions keep the previous layer. Otherwise
// every open session applies it and is told which top-level keys changed;
// Reload returns them, sorted (none when the file changed nothing).
func (l *FileLayer) Reload(ctx context.Context, file map[string]any) ([]string, error) {
	l.reload.Lock()
	defer l.reload.Unlock()
	store := config.NewStore()
	cfg, errs := store.Set(config.FromFile, file)
	if len(errs) > 0 {
		return nil, &InvalidFileError{Keys: errs}
	}
	l.mu.Lock()
	changed := config.ChangedKeys(l.file, file)
	features, key := l.features, l.key
	l.mu.Unlock()
	if len(changed) == 0 {
		return nil, nil
	}
	var closeNew func()
	if newKey := featureKey(cfg); newKey != key && l.rebuild != nil {
		f, c, err := l.rebuild(ctx, cfg)
		if err != nil {
			return nil, fmt.Errorf("build features: %w", err)
		}
		features, key, closeNew = f, newKey, c
	}
	// Sessions that attach from now on get the new layer. Those open apply
	// it outside mu, so that a session stuck writing to its editor holds up
	// no other; one that detaches meanwhile ignores it (see fileReloaded).
	l.mu.Lock()
	old := l.close
	l.file, l.features, l.key = file, features, key
	if closeNew != nil {
		l.close = closeNew
	}
	sessions := slices.Collect(maps.Keys(l.sessions))
	l.mu.Unlock()
	for _, s := range sessions {
		s.fileReloaded(ctx, file, features, key)
	}
	if closeNew != nil && old != nil {
		old()
	}
	note := "lspilot: config file reloaded; changed: " + strings.Join(changed, ", ")
	for _, s := range sessions {
		s.showMessage(ctx, protocol.MessageTypeInfo, note)
	}
	return changed, nil
}

// Refuse tells every open session that a new config file was not applied,
// and why; they keep the previous configuration.
func (l *FileLayer) Refuse(ctx context.Context, why string) {
	l.mu.Lock()
	sessions := slices.Collect(maps.Keys(l.sessions))
	l.mu.Unlock()
	for _, s := range sessions {
		s.showMessage(ctx, protocol.MessageTypeError, why)
	}
}

// Close releases the features built from the current file.
func (l *FileLayer) Close() {
	l.reload.Lock()
	defer l.reload.Unlock()
	l.mu.Lock()
	closeF := l.close
	l.close = nil
	l.mu.Unlock()
	if closeF != nil {
		closeF()
	}
}

// attach gives session s the current layer and its features, and keeps it
// up to date until detach is called.
func (l *FileLayer) attach(s *server) (detach func()) {
	l.mu.Lock()
	defer l.mu.Unlock()
	s.useFile(l.file, l.features, l.key)
	l.sessions[s] = struct{}{}
	return func() {
		l.mu.Lock()
		delete(l.sessions, s)
		l.mu.Unlock()
		s.settingsMu.Lock()
		s.fileDetached = true
		s.settingsMu.Unlock()
	}
}

// useFile sets the file layer of a session that has not started serving,
// with the shared features built from it.
func (s *server) useFile(file map[string]any, f Features, key string) {
	cfg, errs := s.config.Set(config.FromFile, file)
	for _, e := range errs {
		s.logger.Warn("invalid config file value", zap.String("key", e.Key), zap.Error(e.Err))
	}
	s.maxBytes.Store(cfg.Server.MaxMessageBytes)
	s.setFeatures(f)
	s.mu.Lock()
	s.built = key
	s.mu.Unlock()
}

// fileReloaded applies a new config file layer to a serving session. When
// the session's settings come to what the shared features were built from,
// it uses them, closing features of its own; otherwise it builds its own.
func (s *server) fileReloaded(ctx context.Context, file map[string]any, shared Features, key string) {
	if s.applyFile(ctx, file, shared, key) {
		s.publishStatus(ctx)
	}
}

// applyFile is fileReloaded under settingsMu; false when the session has
// detached from the layer (it is ending, and closes its own features).
func (s *server) applyFile(ctx context.Context, file map[string]any, shared Features, key string) bool {
	s.settingsMu.Lock()
	defer s.settingsMu.Unlock()
	if s.fileDetached {
		return false
	}
	cfg, errs := s.config.Set(config.FromFile, file)
	s.maxBytes.Store(cfg.Server.MaxMessageBytes)
	if len(errs) > 0 {
		s.logger.Warn("config file values refused with this session's settings", zap.Error(errors.Join(keyErrors(errs)...)))
	}
	if featureKey(cfg) != key {
		s.refreshFeatures(ctx, cfg)
		return true
	}
	s.setFeatures(shared)
	s.builtFrom(key, nil)
	return true
}

// keyErrors converts key errors for errors.Join.
func keyErrors(errs []*config.KeyError) []error {
	out := make([]error, len(errs))
	for i, e := range errs {
		out[i] = e
	}
	return out
}
