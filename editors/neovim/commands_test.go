package neovim_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lspilot/lspilot/editors/editortest"
	"github.com/lspilot/lspilot/inference/chroottest"
)

// runScriptIn runs the Lua script in a headless Neovim as runScript does,
// on the host (nv "0.7") or in the chroot (nv "0.12"), with a fresh
// $LSPILOT_WORK, and returns what the script wrote to $LSPILOT_OUT.
func runScriptIn(t *testing.T, nv, script string, env ...string) []byte {
	t.Helper()
	if nv == "0.7" {
		return runScript(t, script, append(env, "LSPILOT_WORK="+t.TempDir())...)
	}
	r := chroottest.Require(t)
	inside := r.TempDir(t)
	dir := r.Path(inside)
	copyDir(t, "lua", filepath.Join(dir, "plugin", "lua"))
	copyDir(t, filepath.Dir(script), filepath.Join(dir, "test"))
	for _, d := range []string{"work", "bin"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	editortest.CopyBinary(t, filepath.Join(dir, "bin"))
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := r.CommandIn(ctx, inside, "nvim", "--headless", "-u", "NONE", "-i", "NONE",
		"-c", "luafile "+inside+"/test/"+filepath.Base(script))
	cmd.Env = append(cmd.Env, "LSPILOT_BIN="+inside+"/bin/lspilot", "LSPILOT_OUT="+inside+"/result.json",
		"LSPILOT_PLUGIN="+inside+"/plugin", "LSPILOT_WORK="+inside+"/work", "XDG_STATE_HOME="+inside,
		"XDG_CACHE_HOME="+inside, "XDG_DATA_HOME="+inside, "XDG_CONFIG_HOME="+inside)
	cmd.Env = append(cmd.Env, env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("nvim %s: %v\n%s", nv, err, out)
	}
	data, err := os.ReadFile(filepath.Join(dir, "result.json"))
	if err != nil {
		t.Fatalf("no result from the Neovim script: %v", err)
	}
	return data
}

// TestNeovimCommands runs :Lspilot toggle, log, doctor and restart and
// :checkhealth lspilot in Neovim 0.7 and 0.12, and checks the hover key
// (before 0.10 the plugin maps K where nothing else has, never over a
// user's K; 0.10+ maps K itself) and that <Tab> without a suggestion does
// what the user's own mapping of it did.
func TestNeovimCommands(t *testing.T) {
	srv := scriptedServer(t)
	for _, nv := range []string{"0.7", "0.12"} {
		t.Run(nv, func(t *testing.T) {
			data := runScriptIn(t, nv, "test/commands.lua", "LSPILOT_BACKEND="+srv.URL+"/v1")
			var res struct {
				Hover      string   `json:"hover"`
				HoverUser  string   `json:"hover_user"`
				TabLine    string   `json:"tab_line"`
				Log        string   `json:"log"`
				WantLog    string   `json:"want_log"`
				Doctor     string   `json:"doctor"`
				Health     string   `json:"health"`
				ToggledOff bool     `json:"toggled_off"`
				ToggledOn  bool     `json:"toggled_on"`
				Restarted  bool     `json:"restarted"`
				Errors     []string `json:"errors"`
			}
			if err := json.Unmarshal(data, &res); err != nil {
				t.Fatalf("decode %s: %v", data, err)
			}
			for _, e := range res.Errors {
				t.Error(e)
			}
			t.Logf(":checkhealth lspilot:\n%s", res.Health)
			wantHover := map[string]string{"0.7": "lspilot: hover"}[nv]
			if res.Hover != wantHover && (wantHover != "" || res.Hover == "lspilot: hover") {
				t.Errorf("K in a text buffer = %q, want %q", res.Hover, wantHover)
			}
			if !strings.Contains(res.HoverUser, "mine") {
				t.Errorf("the user's K was replaced by %q", res.HoverUser)
			}
			if res.TabLine != "package main TAB" {
				t.Errorf("<Tab> without a suggestion made %q, want the user's mapping's %q", res.TabLine, "package main TAB")
			}
			if !res.ToggledOff || !res.ToggledOn {
				t.Errorf(":Lspilot toggle: off %v, then on %v", res.ToggledOff, res.ToggledOn)
			}
			if res.Log != res.WantLog {
				t.Errorf(":Lspilot log opened %q, want %q", res.Log, res.WantLog)
			}
			if !strings.Contains(res.Doctor, "lspilot doctor") || strings.Count(res.Doctor, "\n") < 2 {
				t.Errorf(":Lspilot doctor showed:\n%s", res.Doctor)
			}
			if !res.Restarted {
				t.Error(":Lspilot restart did not start a new client")
			}
			engine := map[string]string{"0.7": "lspilot's ghost text", "0.12": "Neovim's own inline completion"}[nv]
			for _, want := range []string{"binary: ", "version: lspilot devel", "server: ready, backend " + srv.URL, "model: scripted", engine} {
				if !strings.Contains(res.Health, want) {
					t.Errorf(":checkhealth lspilot lacks %q", want)
				}
			}
		})
	}
}
