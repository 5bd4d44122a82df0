package helix_test

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/ollama/ollama/api"

	"github.com/lspilot/lspilot/editors/editortest"
	"github.com/lspilot/lspilot/inference/chroottest"
	"github.com/lspilot/lspilot/inference/ollamatest"
	"github.com/lspilot/lspilot/inference/ollamatest/tinymodel"
)

var update = flag.Bool("update", false, "rewrite the screen captures under testdata/screens")

func TestMain(m *testing.M) { editortest.Main(m) }

// The README snippet's backend, which the tests point at their own Ollama.
const (
	snippetURL   = "http://127.0.0.1:11434"
	snippetModel = "qwen2.5-coder:1.5b-base"
)

// fibDoc is the file the user edits: a doc comment, then an empty line.
const fibDoc = "package fib\n\n// fib returns the n-th Fibonacci number.\n\n"

// helix is Helix 25.07 running in a terminal inside the chroot, with the
// README's languages.toml and lspilot on its PATH.
type helix struct {
	*editortest.Terminal
	t   *testing.T
	r   *chroottest.Root
	env []string // the environment Helix and lspilot run with
	dir string   // the test's directory, inside the chroot
}

// startOllama starts Ollama and loads its FIM model, which can take longer
// on a busy machine than lspilot gives one generation.
func startOllama(t *testing.T) *ollamatest.Server {
	t.Helper()
	srv := ollamatest.Start(t, ollamatest.WithoutLargeModel())
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	req := &api.GenerateRequest{Model: srv.FIMModel, Prompt: "package fib\n", Options: map[string]any{"num_predict": 1}}
	if err := srv.Client.Generate(ctx, req, func(api.GenerateResponse) error { return nil }); err != nil {
		t.Fatalf("load %s: %v", srv.FIMModel, err)
	}
	return srv
}

// startHelix opens file, holding text, in Helix, with the README's snippet
// as the user's languages.toml and its backend pointed at srv.
func startHelix(t *testing.T, r *chroottest.Root, srv *ollamatest.Server, file, text string) *helix {
	t.Helper()
	snippet := editortest.Snippet(t, "setup-helix")
	if !strings.Contains(snippet, snippetURL) || !strings.Contains(snippet, snippetModel) {
		t.Fatalf("the README's Helix snippet no longer names %s and %s, which the test replaces", snippetURL, snippetModel)
	}
	languages := strings.NewReplacer(snippetURL, srv.URL, snippetModel, srv.FIMModel).Replace(snippet)

	h := &helix{t: t, r: r, dir: r.TempDir(t)}
	home, bin := h.dir+"/home", h.dir+"/bin"
	for _, d := range []string{home + "/.config/helix", bin, h.dir + "/work", h.dir + "/run"} {
		if err := os.MkdirAll(r.Path(d), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	lspilot := editortest.CopyBinary(t, r.Path(bin))
	t.Cleanup(func() { stopProcesses(t, lspilot) }) // the shared daemon outlives Helix
	writeFile(t, r.Path(home+"/.config/helix/languages.toml"), languages)
	// A busy test machine generates slowly; lspilot's time budget would end
	// suggestions at the first line end after 2 s. The config file sets what
	// the snippet leaves out.
	if err := os.MkdirAll(r.Path(home+"/.config/lspilot"), 0o700); err != nil {
		t.Fatal(err)
	}
	writeFile(t, r.Path(home+"/.config/lspilot/config.toml"), "[completion]\ntimeBudgetMs = 120000\n")
	writeFile(t, r.Path(h.dir+"/work/"+file), text)
	h.env = []string{"HOME=" + home, "XDG_CONFIG_HOME=" + home + "/.config", "XDG_CACHE_HOME=" + home + "/.cache",
		"XDG_STATE_HOME=" + home + "/.local/state", "XDG_DATA_HOME=" + home + "/.local/share", "XDG_RUNTIME_DIR=" + h.dir + "/run",
		"PATH=" + bin + ":/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}

	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	// -v logs the LSP traffic to helix.log, where the tests read the answers
	// to the commands Helix runs; Helix acts the same.
	cmd := r.CommandIn(ctx, h.dir+"/work", "hx", "-v", file)
	cmd.Env = setEnv(cmd.Env, h.env...)
	h.Terminal = editortest.StartTerminal(t, editortest.Size{Width: 90, Height: 20}, cmd)
	t.Cleanup(func() {
		if t.Failed() {
			if log, err := os.ReadFile(r.Path(home + "/.cache/helix/helix.log")); err == nil {
				t.Logf("helix.log:\n%s", log)
			}
		}
	})
	h.WaitForText(30*time.Second, "NOR")
	return h
}

// ask runs act once lspilot is ready, and again whenever lspilot answers
// with an empty list (on a busy machine a generation may time out), until
// text is on the screen; it returns the screen.
func (h *helix) ask(timeout time.Duration, text string, act func()) string {
	h.WaitFor(timeout, "lspilot ready", func(string) bool {
		for _, m := range h.received(h.t) {
			if m.Method == "didChangeStatus" && strings.Contains(string(m.Params), "lspilot: ready") {
				return true
			}
		}
		return false
	})
	empty := h.emptyLists()
	act()
	return h.WaitFor(timeout, fmt.Sprintf("%q on screen", text), func(s string) bool {
		if strings.Contains(s, text) {
			return true
		}
		if n := h.emptyLists(); n > empty {
			empty = n
			act()
		}
		return false
	})
}

// emptyLists counts the empty completion lists lspilot sent.
func (h *helix) emptyLists() int {
	n := 0
	for _, m := range h.received(h.t) {
		if strings.Contains(string(m.Result), `"items":[]`) {
			n++
		}
	}
	return n
}

// normal leaves insert mode. It waits for Helix to show it before the next
// key, which would otherwise arrive as Alt and that key.
func (h *helix) normal() {
	h.SendKeys("Escape")
	h.WaitForText(10*time.Second, "NOR ")
}

// file returns the text of a file of the working directory.
func (h *helix) file(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(h.r.Path(h.dir + "/work/" + name))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// capture writes the screen to testdata/screens/name with -update, for
// the README; otherwise it checks that the file holds the line the test
// looked for (the model's answers may end at another line from run to run).
func capture(t *testing.T, name, screen, line string) {
	t.Helper()
	path := filepath.Join("testdata", "screens", name)
	if *update {
		writeFile(t, path, screen+"\n")
		return
	}
	saved, err := os.ReadFile(path)
	if err != nil || !strings.Contains(string(saved), line) {
		t.Errorf("%s lacks %q (run with -update to write it): %v", path, line, err)
	}
}

// TestHelixCompletion opens an empty line after a doc comment in Helix and
// asks for completion (Ctrl-x): the menu holds lspilot's item, the function
// the model writes (tinymodel.CycleText). Typing its start keeps it on top;
// Tab then Enter insert it, every line and tab intact, as :w shows. lspilot
// counts the acceptance from the edit Helix sends, since Helix runs no item
// command.
func TestHelixCompletion(t *testing.T) {
	r := chroottest.Require(t)
	srv := startOllama(t)
	hx := startHelix(t, r, srv, "fib.go", fibDoc)
	label, _, _ := strings.Cut(tinymodel.CycleText, "\n") // func fib(n int) int {

	hx.SendKeys("g", "e", "i") // insert mode on the last line, empty
	menu := label + " … text"
	capture(t, "menu.txt", hx.ask(3*time.Minute, menu, func() { hx.SendKeys("C-x") }), menu)
	hx.Type("func f")
	menu = strings.TrimPrefix(label, "func ") + " … text" // the item for the word "f"
	capture(t, "typing.txt", hx.WaitFor(30*time.Second, "the item after typing", func(s string) bool {
		return strings.Contains(s, "func f\n") && strings.Contains(s, menu)
	}), menu)
	hx.SendKeys("Tab")
	hx.WaitForText(10*time.Second, "4  "+label) // the item, shown in the buffer
	hx.SendKeys("Enter")
	hx.WaitFor(10*time.Second, "the menu to close", func(s string) bool { return !strings.Contains(s, " text") })
	hx.normal()
	hx.Type(":w")
	hx.SendKeys("Enter")
	capture(t, "accepted.txt", hx.WaitForText(10*time.Second, "written"), "4  "+label)

	// The item accepted is the last lspilot offered, for "func f".
	item := hx.lastItem(t)
	if !strings.HasPrefix(strings.Repeat(tinymodel.CycleText, 4), "func "+item) || !strings.Contains(item, "\n}") {
		t.Fatalf("lspilot's last item %q is not a function of tinymodel.CycleText", item)
	}
	if got, want := hx.file(t, "fib.go"), strings.TrimSuffix(fibDoc, "\n")+"func "+item+"\n"; got != want {
		t.Errorf("fib.go after accepting:\n%q\nwant\n%q", got, want)
	}
	st := hx.status(t).Completion
	if want := utf8.RuneCountInString(item) - len("f"); st.Accepted != 1 || st.AcceptedChars != want {
		t.Errorf("lspilot counted %d accepted suggestions of %d characters, want 1 of %d", st.Accepted, st.AcceptedChars, want)
	}
	for _, m := range hx.logged(t, "lspilot -> ") {
		if m.Method == "workspace/executeCommand" && strings.Contains(string(m.Params), "lspilot.acceptCompletion") {
			t.Errorf("Helix ran the item's command (%s): the edit need not be watched", m.Params)
		}
	}
}

// lastItem returns the new text of the first item of the last completion
// list with items that lspilot sent Helix.
func (h *helix) lastItem(t *testing.T) string {
	t.Helper()
	var text string
	for _, m := range h.received(t) {
		var list struct {
			Items []struct {
				TextEdit struct {
					NewText string `json:"newText"`
				} `json:"textEdit"`
			} `json:"items"`
		}
		if json.Unmarshal(m.Result, &list) == nil && len(list.Items) > 0 {
			text = list.Items[0].TextEdit.NewText
		}
	}
	return text
}

// TestHelixTriggerCharacter types one letter and a dot on an empty line:
// Helix would wait for two letters of a word, so only lspilot's trigger
// character opens the menu, with lspilot's item (the only server running).
func TestHelixTriggerCharacter(t *testing.T) {
	r := chroottest.Require(t)
	srv := startOllama(t)
	hx := startHelix(t, r, srv, "fib.go", fibDoc)

	hx.SendKeys("g", "e", "i")
	hx.ask(3*time.Minute, " text", func() { hx.SendKeys("C-x") }) // lspilot is ready, the model loaded
	hx.normal()
	hx.SendKeys("i") // on the empty line again, nothing asked
	typed := false
	screen := hx.ask(3*time.Minute, " text", func() {
		if typed {
			hx.SendKeys("BSpace", "BSpace")
		}
		hx.Type("x.")
		typed = true
	})
	capture(t, "trigger.txt", screen, "4  x.")
	var asked bool
	for _, m := range hx.logged(t, "lspilot -> ") {
		asked = asked || m.Method == "textDocument/completion" && strings.Contains(string(m.Params), `"triggerCharacter":"."`)
	}
	if !asked {
		t.Error("Helix sent no completion request for the trigger character")
	}
}

// status runs lspilot.status in Helix (:lsp-workspace-command) and returns
// lspilot's answer, which Helix logs with -v.
func (h *helix) status(t *testing.T) statusResult {
	t.Helper()
	h.Type(":lsp-workspace-command lspilot.status")
	h.SendKeys("Enter")
	var st statusResult
	h.WaitFor(30*time.Second, "lspilot.status in helix.log", func(string) bool {
		for _, m := range h.received(t) {
			if err := json.Unmarshal(m.Result, &st); err == nil && st.Completion != nil {
				return true
			}
		}
		return false
	})
	return st
}

// received returns the messages Helix logged as received from lspilot.
func (h *helix) received(t *testing.T) []message {
	return h.logged(t, "lspilot <- ")
}

// logged returns the messages helix.log shows after marker.
func (h *helix) logged(t *testing.T, marker string) []message {
	t.Helper()
	data, err := os.ReadFile(h.r.Path(h.dir + "/home/.cache/helix/helix.log"))
	if err != nil {
		return nil
	}
	var out []message
	for _, line := range strings.Split(string(data), "\n") {
		_, msg, ok := strings.Cut(line, marker)
		var m message
		if ok && json.Unmarshal([]byte(msg), &m) == nil {
			out = append(out, m)
		}
	}
	return out
}

// statusResult is the part of lspilot.status the tests read.
type statusResult struct {
	Completion *struct {
		Accepted      int `json:"accepted"`
		AcceptedChars int `json:"acceptedChars"`
	} `json:"completion"`
}

// setEnv returns env with each KEY=VALUE of kv set, replacing the key's
// earlier value.
func setEnv(env []string, kv ...string) []string {
	set := map[string]bool{}
	for _, e := range kv {
		k, _, _ := strings.Cut(e, "=")
		set[k] = true
	}
	var out []string
	for _, e := range env {
		if k, _, _ := strings.Cut(e, "="); !set[k] {
			out = append(out, e)
		}
	}
	return append(out, kv...)
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// stopProcesses kills the processes running the executable at path (a
// host path), such as the shared daemon that Helix's lspilot started.
func stopProcesses(t *testing.T, path string) {
	t.Helper()
	entries, err := os.ReadDir("/proc")
	if err != nil {
		t.Error(err)
		return
	}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if exe, err := os.Readlink("/proc/" + e.Name() + "/exe"); err == nil && exe == path {
			if p, err := os.FindProcess(pid); err == nil {
				p.Kill()
			}
		}
	}
}
