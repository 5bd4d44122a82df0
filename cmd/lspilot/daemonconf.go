package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"strings"
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
// the flags that define it and of the config file they resolve to, so
// that editors started with different flags never share a daemon.
func daemonFilesFor(dir string, args []string, configPath string) daemonFiles {
	h := sha256.New()
	for _, a := range append(args[:len(args):len(args)], configPath) {
		h.Write([]byte(a))
		h.Write([]byte{0})
	}
	return filesOf(filepath.Join(dir, "daemon-"+hex.EncodeToString(h.Sum(nil))[:12]+".sock"))
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
