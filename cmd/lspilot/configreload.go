package main

import (
	"context"
	"errors"
	"fmt"
	"os"
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
// applied: the file, and the line and key of each invalid value.
func refusal(path string, err error) string {
	why := err.Error()
	var invalid *lsp.InvalidFileError
	if errors.As(err, &invalid) {
		data, _ := os.ReadFile(path)
		msgs := make([]string, len(invalid.Keys))
		for i, k := range invalid.Keys {
			msgs[i] = k.Error()
			if line := keyLine(data, k.Key); line > 0 {
				msgs[i] = fmt.Sprintf("line %d: %s", line, msgs[i])
			}
		}
		why = strings.Join(msgs, "; ")
	}
	return fmt.Sprintf("lspilot: config file %s not applied, the previous configuration stays: %s", path, why)
}

// keyLine returns the line of a TOML file that sets a dotted key such as
// completion.maxTokens or backends[0].url, or the line of the closest
// enclosing key it finds; 0 when there is none. Array indexes are ignored:
// the first entry that sets the key is named.
func keyLine(data []byte, key string) int {
	key = stripIndexes(key)
	table, best, bestLen := "", 0, 0
	for i, raw := range strings.Split(string(data), "\n") {
		line := strings.TrimSpace(raw)
		if strings.HasPrefix(line, "[") {
			table = normalizeKey(strings.Trim(strings.SplitN(line, "#", 2)[0], "[] \t"))
			continue
		}
		lhs, _, ok := strings.Cut(line, "=")
		if !ok || strings.HasPrefix(line, "#") {
			continue
		}
		full := normalizeKey(lhs)
		if table != "" {
			full = table + "." + full
		}
		switch {
		case full == key:
			return i + 1
		case strings.HasPrefix(key, full+".") && len(full) > bestLen:
			best, bestLen = i+1, len(full)
		}
	}
	return best
}

// normalizeKey writes a TOML key without quotes and spaces around dots.
func normalizeKey(k string) string {
	parts := strings.Split(k, ".")
	for i, p := range parts {
		parts[i] = strings.Trim(strings.TrimSpace(p), `"'`)
	}
	return strings.Join(parts, ".")
}

// stripIndexes removes array indexes from a dotted key: backends[0].url is
// backends.url.
func stripIndexes(key string) string {
	var b strings.Builder
	depth := 0
	for _, c := range key {
		switch {
		case c == '[':
			depth++
		case c == ']':
			depth--
		case depth == 0:
			b.WriteRune(c)
		}
	}
	return b.String()
}
