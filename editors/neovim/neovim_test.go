// Package neovim_test runs the lspilot Neovim plugin in a real, headless
// Neovim against the real lspilot binary.
package neovim_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestNeovimSync edits buffers in Neovim through the plugin and checks the
// server's copy of each document matches Neovim's buffer byte for byte.
func TestNeovimSync(t *testing.T) {
	nvim, err := exec.LookPath("nvim")
	if err != nil {
		t.Fatal("nvim not found: install Neovim (apt-get install neovim)")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "lspilot")
	if out, err := exec.Command("go", "build", "-o", bin, "../../cmd/lspilot").CombinedOutput(); err != nil {
		t.Fatalf("build lspilot: %v\n%s", err, out)
	}
	plugin, _ := filepath.Abs(".")
	work := t.TempDir()
	out := filepath.Join(dir, "result.json")

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, nvim, "--headless", "-u", "NONE", "-i", "NONE", "-c", "luafile test/sync.lua")
	cmd.Env = append(os.Environ(), "LSPILOT_BIN="+bin, "LSPILOT_OUT="+out, "LSPILOT_WORK="+work,
		"LSPILOT_PLUGIN="+plugin, "XDG_STATE_HOME="+dir, "XDG_CACHE_HOME="+dir, "XDG_DATA_HOME="+dir)
	output, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("nvim: %v\n%s", err, output)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("no result from the Neovim script: %v\n%s", err, output)
	}
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
