package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/lspilot/lspilot/lsp/config"
)

// DidChangeConfiguration implements protocol.Server.
func (s *server) DidChangeConfiguration(ctx context.Context, params *protocol.DidChangeConfigurationParams) error {
	s.applySettings(ctx, config.FromClient, params.Settings)
	return nil
}

// applySettings replaces the configuration layer from source i with raw JSON
// settings.
// Invalid keys are reported to the user, naming the key; their previous
// values stay in force.
func (s *server) applySettings(ctx context.Context, i config.Source, raw []byte) {
	s.settingsMu.Lock()
	defer s.settingsMu.Unlock()
	l, err := config.ParseSettings(raw)
	if err != nil {
		s.showMessage(ctx, protocol.MessageTypeError, "lspilot: invalid settings: "+err.Error())
		return
	}
	cfg, errs := s.config.Set(i, l)
	s.maxBytes.Store(cfg.Server.MaxMessageBytes)
	s.refreshFeatures(ctx, cfg)
	s.publishStatus(ctx)
	if len(errs) == 0 {
		return
	}
	msgs := make([]string, len(errs))
	for j, e := range errs {
		msgs[j] = e.Error()
		s.logger.Warn("invalid setting", zap.String("key", e.Key), zap.Error(e.Err))
	}
	s.showMessage(ctx, protocol.MessageTypeError,
		fmt.Sprintf("lspilot: ignored invalid settings (previous values kept): %s", strings.Join(msgs, "; ")))
}

// showMessage sends window/showMessage; a failure is only logged.
func (s *server) showMessage(ctx context.Context, typ protocol.MessageType, msg string) {
	msg = userText(msg)
	if err := s.client.ShowMessage(context.WithoutCancel(ctx), &protocol.ShowMessageParams{Type: typ, Message: msg}); err != nil {
		s.logger.Debug("showMessage", zap.Error(err))
	}
}

// logMessage sends window/logMessage; a failure is only logged.
func (s *server) logMessage(ctx context.Context, typ protocol.MessageType, msg string) {
	msg = userText(msg)
	if err := s.client.LogMessage(context.WithoutCancel(ctx), &protocol.LogMessageParams{Type: typ, Message: msg}); err != nil {
		s.logger.Debug("logMessage", zap.Error(err))
	}
}

// featureKey identifies the settings features are built from.
func featureKey(cfg config.Config) string {
	b, _ := json.Marshal(struct {
		B []config.Backend
		C config.Completion
		F config.FIM
		H config.Hover
		A config.Actions
		N config.NextEdit
		S config.Scheduler
		P config.Privacy
		D bool // context.definitions: the engine's sources
	}{cfg.Backends, cfg.Completion, cfg.FIM, cfg.Hover, cfg.Actions, cfg.NextEdit, cfg.Scheduler, cfg.Privacy, cfg.Context.Definitions})
	return string(b)
}

// refreshFeatures rebuilds the session's features when cfg changes what they
// were built from. On failure the user is told and the old ones stay.
func (s *server) refreshFeatures(ctx context.Context, cfg config.Config) {
	key := featureKey(cfg)
	s.mu.Lock()
	same := key == s.built
	s.mu.Unlock()
	if same || s.rebuild == nil {
		return
	}
	f, closeF, err := s.rebuild(ctx, cfg)
	if err != nil {
		s.logger.Warn("rebuild features", zap.Error(err))
		s.showMessage(ctx, protocol.MessageTypeError, "lspilot: settings not applied: "+err.Error())
		return
	}
	s.setFeatures(f)
	s.builtFrom(key, closeF)
	s.logger.Info("features rebuilt for this session's settings")
}

// builtFrom records that the features in force were built from the
// settings key, closing the ones this session built before; closeF closes
// the new ones when the session built them itself, nil when shared.
func (s *server) builtFrom(key string, closeF func()) {
	s.mu.Lock()
	old := s.ownClose
	s.built, s.ownClose = key, closeF
	s.mu.Unlock()
	if old != nil {
		old()
	}
}

// closeOwnFeatures closes the features this session built, if any.
func (s *server) closeOwnFeatures() {
	s.mu.Lock()
	closeF := s.ownClose
	s.ownClose = nil
	s.mu.Unlock()
	if closeF != nil {
		closeF()
	}
}
