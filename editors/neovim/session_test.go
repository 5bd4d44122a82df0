package neovim_test

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lspilot/lspilot/editors/editortest"
	"github.com/lspilot/lspilot/inference/chroottest"
	"github.com/lspilot/lspilot/inference/nextedit"
	"github.com/lspilot/lspilot/inference/ollamatest"
)

var update = flag.Bool("update", false, "rewrite the screen captures under testdata/screens")

// fibGo is the file the terminal tests edit; suggestions go on the empty
// line after the comment.
const fibGo = "package fib\n\n// fib returns the n-th Fibonacci number.\n\n"

// waitLong bounds each wait for the model on a busy machine.
const waitLong = 90 * time.Second

// probeState is what test/probe.lua reports.
type probeState struct {
	Seq      int      `json:"seq"`
	Lines    []string `json:"lines"`
	Cursor   [2]int   `json:"cursor"` // row from 1, byte column from 0
	Mode     string   `json:"mode"`
	Items    []string `json:"items"`
	Index    int      `json:"index"`
	Visible  bool     `json:"visible"`
	Shown    string   `json:"shown"`   // what accepting would insert
	Pending  bool     `json:"pending"` // a request is in flight
	Attached bool     `json:"attached"`
	Noticed  bool     `json:"noticed"` // lspilot's notice of the model it found was shown
	Omnifunc string   `json:"omnifunc"`
	Engine   string   `json:"engine"`
	// NextEdit holds lspilot's next-edit counters, Edit the next edit
	// shown and EditPending whether one is being asked for.
	NextEdit    nextedit.Stats `json:"nextEdit"`
	Edit        *shownEdit     `json:"edit"`
	EditPending bool           `json:"editPending"`
	// EditHighlights and EditLines are how the plugin draws the edit.
	EditHighlights []struct {
		Row, Col, EndRow, EndCol int
		HL                       string `json:"hl"`
	} `json:"editHighlights"`
	EditLines []struct {
		Row  int
		HL   string `json:"hl"`
		Text string
	} `json:"editLines"`
	Completion struct {
		Shown         int64 `json:"shown"`
		Accepted      int64 `json:"accepted"`
		Partial       int64 `json:"partiallyAccepted"`
		AcceptedChars int64 `json:"acceptedChars"`
	} `json:"completion"`
}

// shownEdit is the next edit the plugin shows.
type shownEdit struct {
	Range struct {
		Start struct{ Line, Character int } `json:"start"`
		End   struct{ Line, Character int } `json:"end"`
	} `json:"range"`
	Text string `json:"text"`
}

// editor is a Neovim running in tmux with test/probe.lua loaded.
type editor struct {
	t     *testing.T
	term  *editortest.Terminal
	probe string // host path of the probe's output
	home  string // host path of the home, which holds the file edited
	seq   int
}

// setup is what a terminal test gives Neovim: the user's init.lua, the file
// it edits (under the home), lspilot's config file and the Ollama lspilot
// finds.
type setup struct {
	init       string
	file, text string
	config     string
	ollamaHost string
}

// fibSetup edits fib.go with srv's Ollama as the only backend lspilot can
// find.
func fibSetup(init string, srv *ollamatest.Server) setup {
	// The model's answer ends with its function's closing brace; a busy
	// test machine must not cut it short at the first line end after the
	// default 2 s.
	return setup{init: init, file: "fib.go", text: fibGo, config: "[completion]\ntimeBudgetMs = 10000\n", ollamaHost: srv.Host}
}

// neovim describes where a Neovim runs: on the host (0.7) or in the
// chroot (0.12), and what it adds to the user's init.lua.
type neovim struct {
	name, init string
	// start runs Neovim in tmux in a fresh home as s says, replacing
	// /path/to/lspilot in its init.lua.
	start func(t *testing.T, s setup) *editor
}

var neovims = []neovim{
	{"0.7", "", startHost},
	{"0.12", "", startChroot},
	// The plugin's own ghost text, drawn inline as on 0.10 and 0.11.
	{"0.12-plugin", "require('lspilot').setup({ native = false })\n", startChroot},
}

// baseEnv is the environment both Neovims get: a private home and the
// Ollama at ollamaHost as the only backend lspilot finds.
func baseEnv(t *testing.T, home, ollamaHost string) []string {
	return []string{"PATH=" + home + "/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LSPILOT_PROBE=" + home + "/probe.json",
		"LLAMA_ARG_PORT=" + deadPort(t), "HOME=" + home, "XDG_CONFIG_HOME=" + home + "/.config", "XDG_STATE_HOME=" + home + "/state",
		"XDG_CACHE_HOME=" + home + "/cache", "XDG_DATA_HOME=" + home + "/data", "XDG_RUNTIME_DIR=" + home + "/run",
		"OLLAMA_HOST=" + ollamaHost, "LLAMA_ARG_HOST=127.0.0.1", "LANG=C.UTF-8"}
}

// prepareHome writes the file of s, init.lua, lspilot's config, the probe
// and lspilot under the host directory dir and returns the probe output's
// host path.
func prepareHome(t *testing.T, dir, init string, s setup) string {
	t.Helper()
	writeFile(t, filepath.Join(dir, s.file), s.text)
	writeFile(t, filepath.Join(dir, ".config", "nvim", "init.lua"), init)
	writeFile(t, filepath.Join(dir, ".config", "lspilot", "config.toml"), s.config)
	probe, err := os.ReadFile("test/probe.lua")
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "probe.lua"), string(probe))
	for _, d := range []string{"run", "bin"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	editortest.CopyBinary(t, filepath.Join(dir, "bin"))
	return filepath.Join(dir, "probe.json")
}

func nvimArgs(inside, file string) []string {
	return []string{"-i", "NONE", "-u", inside + "/.config/nvim/init.lua", "-c", "luafile " + inside + "/probe.lua", inside + "/" + file}
}

// startHost runs the host's Neovim 0.7 with the plugin of this checkout.
func startHost(t *testing.T, s setup) *editor {
	home := t.TempDir()
	init := strings.ReplaceAll(s.init, "/path/to/lspilot", editortest.RepoRoot(t))
	probe := prepareHome(t, home, init, s)
	nvim, err := exec.LookPath("nvim")
	if err != nil {
		t.Fatal("nvim not found: install Neovim (apt-get install neovim)")
	}
	env := baseEnv(t, home, s.ollamaHost)
	stopDaemons(t, home, exec.Command(filepath.Join(home, "bin", "lspilot"), "daemon", "stop"), env)
	cmd := exec.Command(nvim, nvimArgs(home, s.file)...)
	cmd.Env, cmd.Dir = env, home
	return &editor{t: t, term: editortest.StartTerminal(t, editortest.Size{Width: 90, Height: 24}, cmd), probe: probe, home: home}
}

// startChroot runs Neovim 0.12 in the Debian unstable chroot with a copy of
// the plugin of this checkout.
func startChroot(t *testing.T, s setup) *editor {
	r := chroottest.Require(t)
	inside := r.TempDir(t)
	dir := r.Path(inside)
	copyDir(t, "lua", filepath.Join(dir, "lspilot", "editors", "neovim", "lua"))
	init := strings.ReplaceAll(s.init, "/path/to/lspilot", inside+"/lspilot")
	probe := prepareHome(t, dir, init, s)
	env := baseEnv(t, inside, s.ollamaHost)
	stop := r.CommandIn(context.Background(), inside, inside+"/bin/lspilot", "daemon", "stop")
	stopDaemons(t, dir, stop, append(stop.Env, env...))
	cmd := r.CommandIn(context.Background(), inside, "nvim", nvimArgs(inside, s.file)...)
	cmd.Env = append(cmd.Env, env...)
	return &editor{t: t, term: editortest.StartTerminal(t, editortest.Size{Width: 90, Height: 24}, cmd), probe: probe, home: dir}
}

// stopDaemons stops, when the test ends, the shared daemon that serve
// --remote=auto started, after logging the daemons' logs under dir if the
// test failed.
func stopDaemons(t *testing.T, dir string, cmd *exec.Cmd, env []string) {
	t.Cleanup(func() {
		if t.Failed() {
			logs, _ := filepath.Glob(filepath.Join(dir, "run", "lspilot", "*.log"))
			logs = append(logs, filepath.Join(dir, "state", "nvim", "lsp.log"))
			for _, l := range logs {
				data, _ := os.ReadFile(l)
				t.Logf("%s:\n%s", l, data)
			}
		}
		cmd.Env = env
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Logf("lspilot daemon stop: %v\n%s", err, out)
		}
	})
}

// state presses <F12> and returns what the probe reports. A hit-enter
// prompt (lspilot's notice of the model it found fills more than a line)
// takes keys for itself: it is answered with <Enter> and <F12> pressed
// again.
func (e *editor) state() probeState {
	e.t.Helper()
	e.seq++
	var st probeState
	deadline := time.Now().Add(20 * time.Second)
	for {
		if strings.Contains(e.term.Screen(), "Press ENTER or type command to continue") {
			e.term.SendKeys("Enter")
		}
		e.term.SendKeys("F12")
		again := time.Now().Add(3 * time.Second)
		got := false
		e.term.WaitFor(20*time.Second, "the probe's report", func(string) bool {
			data, err := os.ReadFile(e.probe)
			var fresh probeState // a key the probe left out is zero, not the last report's
			got = err == nil && json.Unmarshal(data, &fresh) == nil && fresh.Seq >= e.seq
			if got {
				st = fresh
			}
			return got || time.Now().After(again)
		})
		if got {
			e.seq = st.Seq
			return st
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("no report from the probe in 20s; the screen:\n%s", e.term.Screen())
		}
	}
}

// waitState probes until ok accepts the state.
func (e *editor) waitState(what string, ok func(probeState) bool) probeState {
	e.t.Helper()
	deadline := time.Now().Add(waitLong)
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	for {
		st := e.state()
		if ok(st) {
			return st
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("waited %v for %s; last state %+v; the screen:\n%s", waitLong, what, st, e.term.Screen())
		}
		<-tick.C
	}
}

// until waits for the screen to satisfy ok, pressing keys again each 20 s
// it does not (the server drops a request it cannot serve in time on a
// busy machine).
func (e *editor) until(what string, ok func(string) bool, keys ...string) string {
	e.t.Helper()
	deadline := time.Now().Add(waitLong)
	for {
		e.term.SendKeys(keys...)
		again := time.Now().Add(20 * time.Second)
		var screen string
		done := false
		e.term.WaitFor(waitLong, what, func(s string) bool {
			screen, done = s, ok(s)
			return done || time.Now().After(again)
		})
		if done {
			return screen
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("waited %v for %s; the screen:\n%s", waitLong, what, screen)
		}
	}
}

// capture saves the screen as testdata/screens/name.txt with -update, and
// otherwise compares it loosely with the saved one: the rows that show the
// file (down to the first "~" row) must match, trailing blanks aside.
func (e *editor) capture(name string) string {
	e.t.Helper()
	screen := e.term.Screen()
	path := filepath.Join("testdata", "screens", name+".txt")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			e.t.Fatal(err)
		}
		e.term.Save(path)
		return screen
	}
	want, err := os.ReadFile(path)
	if err != nil {
		e.t.Fatalf("%v (run the test with -update to write it)", err)
	}
	if !looselyEqual(fileRows(screen), fileRows(string(want))) {
		e.t.Errorf("screen %s differs from %s (-update rewrites it):\n%s\nwant:\n%s", name, path, screen, want)
	}
	return screen
}

// looselyEqual reports whether two screens show the same file: the model
// may stop a suggestion sooner or later, so the rows they both have must
// match, and both must reach the first row of the suggestion (row 4).
func looselyEqual(a, b []string) bool {
	n := min(len(a), len(b))
	if n < 4 {
		return false
	}
	for i := range n {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// fileRows returns the rows of a screen that show the file, down to the
// first "~" row or the status line, trailing blanks removed.
func fileRows(screen string) []string {
	var rows []string
	for _, r := range strings.Split(screen, "\n") {
		if strings.HasPrefix(r, "~") || strings.Contains(r, "fib.go") {
			break
		}
		rows = append(rows, strings.TrimRight(r, " "))
	}
	for len(rows) > 0 && rows[len(rows)-1] == "" {
		rows = rows[:len(rows)-1]
	}
	return rows
}

// copyDir copies the files under src to dst.
func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dst, rel)), 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
