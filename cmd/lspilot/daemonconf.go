package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/lspilot/lspilot/lsp/config"
)

// daemonFiles are the socket, lock and log of one shared daemon.
type daemonFiles struct {
	sock, lock, log string
}

// filesOf returns the files of the daemon listening on sock, a socket of
// the per-user directory.
func filesOf(sock string) daemonFiles {
	base := strings.TrimSuffix(sock, ".sock")
	return daemonFiles{sock: sock, lock: base + ".lock", log: base + ".log"}
}

// daemonFilesFor returns the files in dir of the daemon that serves a
// configuration: one daemon per configuration, named by a short hash of
// the flags that define it, the config file they resolve to, and the
// environment the daemon reads (see daemonEnv), so that editors started
// with different flags, or in projects with different keys or servers,
// never share a daemon. The hash is one-way: no key can be read from it.
func daemonFilesFor(dir string, args []string, configPath string) daemonFiles {
	h := sha256.New()
	for _, a := range slices.Concat(args, []string{configPath}, daemonEnv(configPath, os.Getenv)) {
		h.Write([]byte(a))
		h.Write([]byte{0})
	}
	return filesOf(filepath.Join(dir, "daemon-"+hex.EncodeToString(h.Sum(nil))[:12]+".sock"))
}

// daemonEnv returns NAME=value for each environment variable that changes
// what a daemon does: where backend discovery looks, and the API keys the
// config file names (apiKeyEnv). A file that does not load adds nothing:
// the daemon reports it.
func daemonEnv(configPath string, getenv func(string) string) []string {
	names := []string{"OLLAMA_HOST", "LLAMA_ARG_HOST", "LLAMA_ARG_PORT"}
	if configPath != "" {
		if file, err := config.LoadFile(configPath); err == nil {
			names = append(names, keyEnvNames(file["backends"])...)
		}
	}
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = n + "=" + getenv(n)
	}
	return out
}

// daemonArgs returns the flags a forwarder started with --remote=auto
// passes on to the daemon it starts: every flag of f that changes what the
// daemon does (the token flags do not apply to it). A relative --config is
// made absolute. It also returns the config file the daemon reads: the
// --config one or the default.
func daemonArgs(f *serveFlags) (args []string, configPath string, err error) {
	add := func(name, value string) {
		if value != "" {
			args = append(args, "--"+name, value)
		}
	}
	configPath = defaultConfigPath()
	if f.config != "" {
		if configPath, err = filepath.Abs(f.config); err != nil {
			return nil, "", fmt.Errorf("config path: %w", err)
		}
		add("config", configPath)
	}
	add("backend", f.backend.url)
	add("model", f.backend.model)
	add("backend-kind", f.backend.kind)
	add("log-level", f.logLevel)
	idle := daemonIdle
	if f.idleTimeout > 0 {
		idle = f.idleTimeout
	}
	add("idle-timeout", idle.String())
	return args, configPath, nil
}

// keyEnvNames returns the apiKeyEnv names of a config file's backends list,
// as TOML (tables) or JSON (objects) decodes it.
func keyEnvNames(backends any) []string {
	var entries []map[string]any
	switch list := backends.(type) {
	case []map[string]any:
		entries = list
	case []any:
		for _, b := range list {
			if e, ok := b.(map[string]any); ok {
				entries = append(entries, e)
			}
		}
	}
	var names []string
	for _, e := range entries {
		if name, ok := e["apiKeyEnv"].(string); ok && name != "" {
			names = append(names, name)
		}
	}
	return names
}
