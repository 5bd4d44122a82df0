package main

import (
	"context"
	"strings"
	"sync"

	"go.uber.org/zap"

	"github.com/lspilot/lspilot/lsp"
)

// watchConfig watches the config file that f names, or the default one,
// and applies each change to layer until the returned stop is called: the
// sessions are told what changed, or why the new file was refused while
// the previous configuration stays.
func watchConfig(ctx context.Context, f *serveFlags, layer *lsp.FileLayer, logger *zap.Logger) (stop func()) {
	r := &configReloader{path: f.config, flags: f, layer: layer, logger: logger}
	if r.path == "" {
		r.path = defaultConfigPath()
	}
	if r.path == "" {
		return func() {}
	}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { watchFile(ctx, r.path, configPoll, func() { r.reload(ctx) }) })
	logger.Debug("watching the config file", zap.String("file", r.path))
	return func() {
		cancel()
		wg.Wait()
	}
}

// configReloader applies a changed config file.
type configReloader struct {
	path   string
	flags  *serveFlags // the backend flags apply over the file, as at start
	layer  *lsp.FileLayer
	logger *zap.Logger
}

// reload reads the file and applies it, or tells the sessions why not.
func (r *configReloader) reload(ctx context.Context) {
	file, err := loadConfig(r.flags.config)
	if err == nil {
		var changed []string
		changed, err = r.layer.Reload(ctx, r.flags.backend.apply(file))
		if err == nil {
			lvl := zap.InfoLevel
			if len(changed) == 0 {
				lvl = zap.DebugLevel // saved without a change that applies
			}
			r.logger.Log(lvl, "config file reloaded", zap.String("file", r.path), zap.Strings("changed", changed))
			return
		}
	}
	r.logger.Warn("config file not applied; the previous configuration stays", zap.String("file", r.path), zap.Error(err))
	r.layer.Refuse(ctx, refusal(r.path, err))
}

// refusal is what the editor is told of a config file that was not
// applied. The errors of a file that does not load name its path, line,
// column and key already (config.LoadFile); others get the path.
func refusal(path string, err error) string {
	why := err.Error()
	if !strings.Contains(why, path) {
		why = path + ": " + why
	}
	return "lspilot: config file not applied, the previous configuration stays: " + why
}
