package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestConfigErrorsProcess runs serve and doctor on bad config files: they
// exit 1 and the message names the file, line, column and key.
func TestConfigErrorsProcess(t *testing.T) {
	tests := []struct {
		name, file, want string
	}{
		{"syntax", "[hover\n", `:1:7: expected '.' or ']' to end table name`},
		{"type", "[completion]\n\ntemperature = \"warm\"\n", `:3:1: completion.temperature: want a number, found a string ("warm")`},
		{"unknown", "[codeActions]\ntimeoutMS = 1000\n", `:2:1: codeActions.timeoutMS: unknown key`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "config.toml")
			if err := os.WriteFile(path, []byte(tt.file), 0o600); err != nil {
				t.Fatal(err)
			}
			for _, cmd := range []string{"serve", "doctor"} {
				r := runBinary(t, nil, "", cmd, "--config", path)
				if r.code != 1 || !strings.Contains(r.stderr, "lspilot: "+path+tt.want) {
					t.Errorf("%s: exit %d, stderr %q; want 1 and %q", cmd, r.code, r.stderr, path+tt.want)
				}
			}
		})
	}
}
