// Package neovim_test runs the lspilot Neovim plugin in a real, headless
// Neovim against the real lspilot binary.
package neovim_test

import (
	"encoding/json"
	"testing"
)

// TestNeovimSync edits buffers in Neovim through the plugin and checks the
// server's copy of each document matches Neovim's buffer byte for byte.
func TestNeovimSync(t *testing.T) {
	data := runScript(t, "test/sync.lua", "LSPILOT_WORK="+t.TempDir())
	var res struct {
		Cases []struct {
			Name   string `json:"name"`
			Server struct {
				SHA256  string `json:"sha256"`
				Bytes   int    `json:"bytes"`
				Version int    `json:"version"`
			} `json:"server"`
			NvimSHA256 string `json:"nvim_sha256"`
			NvimBytes  int    `json:"nvim_bytes"`
		} `json:"cases"`
		Errors []string `json:"errors"`
	}
	if err := json.Unmarshal(data, &res); err != nil {
		t.Fatalf("decode %s: %v", data, err)
	}
	for _, e := range res.Errors {
		t.Error(e)
	}
	if len(res.Cases) != 3 {
		t.Fatalf("got %d cases, want 3: %s", len(res.Cases), data)
	}
	for _, c := range res.Cases {
		if c.Server.SHA256 != c.NvimSHA256 {
			t.Errorf("%s: server has %d bytes (v%d), Neovim %d bytes: texts differ", c.Name, c.Server.Bytes, c.Server.Version, c.NvimBytes)
		}
		if c.Server.Version < 2 {
			t.Errorf("%s: server version %d: edits were not sent", c.Name, c.Server.Version)
		}
	}
}
