package neovim_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// runScript builds lspilot, runs the Lua script in a headless Neovim with the
// plugin on its runtime path, and returns what the script wrote to
// $LSPILOT_OUT. The script finds the binary in $LSPILOT_BIN; env adds to its
// environment.
func runScript(t *testing.T, script string, env ...string) []byte {
	t.Helper()
	nvim, err := exec.LookPath("nvim")
	if err != nil {
		t.Fatal("nvim not found: install Neovim (apt-get install neovim)")
	}
	dir := t.TempDir()
	bin := filepath.Join(t.TempDir(), "lspilot")
	if out, err := exec.Command("go", "build", "-o", bin, "../../cmd/lspilot").CombinedOutput(); err != nil {
		t.Fatalf("build lspilot: %v\n%s", err, out)
	}
	plugin, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "result.json")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, nvim, "--headless", "-u", "NONE", "-i", "NONE", "-c", "luafile "+script)
	cmd.Env = append(os.Environ(), "LSPILOT_BIN="+bin, "LSPILOT_OUT="+out, "LSPILOT_PLUGIN="+plugin,
		"XDG_STATE_HOME="+dir, "XDG_CACHE_HOME="+dir, "XDG_DATA_HOME="+dir, "XDG_CONFIG_HOME="+dir)
	cmd.Env = append(cmd.Env, env...)
	output, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("nvim: %v\n%s", err, output)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("no result from the Neovim script: %v\n%s", err, output)
	}
	return data
}
