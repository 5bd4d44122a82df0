package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/lspilot/lspilot/lsp/config"
)

// defaultConfigPath is $XDG_CONFIG_HOME/lspilot/config.toml.
func defaultConfigPath() string {
	dir, err := os.UserConfigDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "lspilot", "config.toml")
}

// loadConfig reads the config file: the one named by --config, which must
// exist, or the default one, which may be absent.
func loadConfig(explicit string) (map[string]any, error) {
	path := explicit
	if path == "" {
		path = defaultConfigPath()
		if path == "" {
			return nil, nil
		}
	}
	cfg, err := config.LoadFile(path)
	if explicit == "" && errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return cfg, err
}
