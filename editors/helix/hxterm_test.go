package helix_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ollama/ollama/api"

	"github.com/lspilot/lspilot/editors/editortest"
	"github.com/lspilot/lspilot/inference/chroottest"
	"github.com/lspilot/lspilot/inference/ollamatest"
)

// The README snippet's backend, which the tests point at their own Ollama.
const (
	snippetURL   = "http://127.0.0.1:11434"
	snippetModel = "qwen2.5-coder:1.5b-base"
)

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
	NextEdit *struct {
		Accepted int `json:"accepted"`
	} `json:"nextEdit"`
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
