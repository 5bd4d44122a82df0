package emacs_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lspilot/lspilot/editors/editortest"
	"github.com/lspilot/lspilot/inference/chroottest"
	"github.com/lspilot/lspilot/inference/proctest"
)

// flavor is one Emacs the tests run: this machine's (Emacs 28 with
// Debian 12's Eglot 1.9 and go-mode) or the chroot's (Emacs 30 with Eglot
// and go-ts-mode built in).
type flavor struct {
	name   string
	chroot bool
}

var emacsen = []flavor{{name: "emacs28"}, {name: "emacs30", chroot: true}}

// config is lspilot's config.toml in a sandbox.
const config = "[completion]\ntimeBudgetMs = 60000\nmaxTokensMultiline = 19\n"

// sandbox is a directory an Emacs of one flavor works in: lspilot/ holds a
// copy of editors/emacs (as in the repository), bin/ the lspilot binary,
// home/ the HOME (with lspilot's config.toml), run/
// the XDG_RUNTIME_DIR of lspilot's shared daemon, work/ the files edited.
type sandbox struct {
	flavor
	root *chroottest.Root // nil on this machine
	dir  string           // the directory as Emacs sees it
}

// newSandbox makes a sandbox for f that goes when the test ends, after
// stopping any shared daemon started in it.
func newSandbox(t *testing.T, f flavor) *sandbox {
	t.Helper()
	box := &sandbox{flavor: f}
	if f.chroot {
		box.root = chroottest.Require(t)
		box.dir = box.root.TempDir(t)
	} else {
		if _, err := exec.LookPath("emacs"); err != nil {
			t.Fatal("emacs not found: install Emacs 28 and Eglot (apt-get install emacs-nox elpa-eglot elpa-go-mode)")
		}
		// A short path: the daemon's socket path must fit in 107 bytes.
		dir, err := os.MkdirTemp("", "emacs-")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.RemoveAll(dir) })
		box.dir = dir
	}
	for _, d := range []string{"lspilot/editors/emacs/test", "bin", "home/.config/lspilot", "run", "work"} {
		if err := os.MkdirAll(box.path(d), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	// Whole suggestions however busy the machine: no cut by time, and one
	// period of the model's text (tinymodel.Cycle has 19 tokens).
	if err := os.WriteFile(box.path("home/.config/lspilot/config.toml"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	editortest.CopyBinary(t, box.path("bin"))
	src := filepath.Join(editortest.RepoRoot(t), "editors", "emacs")
	for _, name := range []string{"lspilot.el", "lspilot-conn.el", "lspilot-ghost.el", "lspilot-nextedit.el", "lspilot-eglot.el",
		"test/setup.el", "test/sync.el"} {
		data, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(box.path("lspilot/editors/emacs/"+name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() { box.stopDaemons(t) })
	return box
}

// path returns the host path of rel, a path inside the sandbox.
func (box *sandbox) path(rel string) string {
	if box.root != nil {
		return box.root.Path(box.in(rel))
	}
	return box.in(rel)
}

// in returns rel as Emacs sees it.
func (box *sandbox) in(rel string) string { return filepath.Join(box.dir, rel) }

// env is the environment of everything run in the sandbox, plus extra.
func (box *sandbox) env(extra []string) []string {
	env := []string{
		"PATH=" + box.in("bin") + ":/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
		"HOME=" + box.in("home"), "XDG_RUNTIME_DIR=" + box.in("run"),
		"XDG_CONFIG_HOME=" + box.in("home/.config"), "XDG_CACHE_HOME=" + box.in("home/.cache"),
		"LANG=C.UTF-8",
	}
	return append(env, extra...)
}

// command returns name with args run in the sandbox's work directory.
func (box *sandbox) command(ctx context.Context, extra []string, name string, args ...string) *exec.Cmd {
	var cmd *exec.Cmd
	if box.root != nil {
		cmd = box.root.CommandIn(ctx, box.in("work"), name, args...)
	} else {
		cmd = exec.CommandContext(ctx, name, args...)
		cmd.Dir = box.in("work")
	}
	cmd.Env = box.env(extra)
	return cmd
}

// emacs returns Emacs run with args.
func (box *sandbox) emacs(ctx context.Context, extra []string, args ...string) *exec.Cmd {
	return box.command(ctx, extra, "emacs", args...)
}

// stopDaemons stops the shared daemons that lspilot serve --remote=auto
// started in the sandbox.
func (box *sandbox) stopDaemons(t *testing.T) {
	entries, _ := os.ReadDir(box.path("run/lspilot"))
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".sock") {
			out, err := box.command(context.Background(), nil, box.in("bin/lspilot"), "daemon", "stop").CombinedOutput()
			if err != nil {
				t.Errorf("lspilot daemon stop: %v\n%s", err, out)
			}
			return
		}
	}
}

// backendEnv points lspilot's discovery at srvHost (an Ollama) and at
// nothing else.
func backendEnv(t *testing.T, srvHost string) []string {
	t.Helper()
	dead, err := proctest.FreeHost()
	if err != nil {
		t.Fatal(err)
	}
	_, port, _ := strings.Cut(dead, ":")
	return []string{"OLLAMA_HOST=" + srvHost, "LLAMA_ARG_HOST=127.0.0.1", "LLAMA_ARG_PORT=" + port}
}
