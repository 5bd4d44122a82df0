package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/lspilot/lspilot/lsp/lsptest"
)

// autoFiles returns the files of the daemon that "lspilot serve args"
// with --remote=auto uses in the runtime directory run.
func autoFiles(t *testing.T, run string, args ...string) daemonFiles {
	t.Helper()
	f, err := parseServeFlags(args, stdio{})
	if err != nil {
		t.Fatal(err)
	}
	dargs, configPath, err := daemonArgs(f)
	if err != nil {
		t.Fatal(err)
	}
	return daemonFilesFor(filepath.Join(run, "lspilot"), dargs, configPath)
}

// TestDaemonCommands drives lspilot daemon status, restart and stop
// against a daemon an editor started, and with none running.
func TestDaemonCommands(t *testing.T) {
	run := t.TempDir()
	env := []string{"XDG_RUNTIME_DIR=" + run}
	daemon := func(want int, args ...string) string {
		t.Helper()
		res := runBinary(t, env, "", append([]string{"daemon"}, args...)...)
		if res.code != want {
			t.Fatalf("lspilot daemon %s: exit %d, want %d\n%s%s", strings.Join(args, " "), res.code, want, res.stdout, res.stderr)
		}
		return res.stdout
	}
	for _, action := range []string{"status", "stop", "restart"} {
		if out := daemon(0, action); !strings.Contains(out, "no shared daemon is running") {
			t.Errorf("daemon %s with none running said %q", action, out)
		}
		if out := daemon(0, action, "--help"); !strings.Contains(out, "Usage: lspilot daemon "+action) {
			t.Errorf("daemon %s --help said %q", action, out)
		}
	}
	daemon(1, "frobnicate")

	fa := newFakeOpenAI(t, "sumPair", "return a + b")
	serveArgs := []string{"--remote=auto", "--backend", fa.URL, "--backend-kind", "openai", "--model", fakeModel, "--idle-timeout=1m"}
	var rec lsptest.Recorder
	p := startProcWith(t, &rec, env, append([]string{"serve"}, serveArgs...)...)
	p.initialize(t)
	first := p.status(t).PID
	files := autoFiles(t, run, serveArgs...)

	out := daemon(0, "status")
	for _, want := range []string{"daemon pid " + strconv.Itoa(first), "1 session(s) open", files.sock, files.log,
		"backend " + fa.URL, "model " + fakeModel, "idle timeout 1m0s"} {
		if !strings.Contains(out, want) {
			t.Errorf("status %q lacks %q", out, want)
		}
	}

	out = daemon(0, "restart")
	m := regexp.MustCompile(`restarted daemon pid (\d+) as pid (\d+)`).FindStringSubmatch(out)
	if m == nil || m[1] != strconv.Itoa(first) || m[2] == m[1] {
		t.Fatalf("restart said %q, want pid %d replaced", out, first)
	}
	if code := p.wait(t); code != 1 {
		t.Errorf("the editor's forwarder exit code = %d, want 1", code)
	}
	waitMessage(t, &rec, protocol.MessageTypeError, "closed the connection")
	second, _ := strconv.Atoi(m[2])
	if out := daemon(0, "status"); !strings.Contains(out, "daemon pid "+m[2]) || !strings.Contains(out, "0 session(s) open") ||
		!strings.Contains(out, "backend "+fa.URL) {
		t.Errorf("status after restart = %q, want pid %s with the same flags and no session", out, m[2])
	}
	daemon(0, "stop", "--pid", strconv.Itoa(first)) // gone already: nothing to stop
	if out := daemon(0, "stop"); !strings.Contains(out, "stopped daemon pid "+m[2]) {
		t.Errorf("stop said %q", out)
	}
	if !processGone(second) {
		t.Errorf("daemon pid %d still runs after stop", second)
	}
	if out := daemon(0, "status"); !strings.Contains(out, "no shared daemon is running") {
		t.Errorf("status after stop = %q", out)
	}
}

// TestDaemonStopVerifies puts the socket of a listener that is not a
// shared daemon where a shared daemon's socket would be: stop refuses to
// signal it, says why, exits 1, and the process lives on.
func TestDaemonStopVerifies(t *testing.T) {
	run := t.TempDir()
	dir := filepath.Join(run, "lspilot")
	mkdirMode(t, dir, 0o700)
	other := filepath.Join(dir, "other.sock")
	cmd := exec.Command(binary, "serve", "--listen", "unix://"+other)
	cmd.Stderr = testWriter{t}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	lsptest.WaitFor(t, "the listener", func() bool { _, err := os.Stat(other); return err == nil })
	planted := filepath.Join(dir, "daemon-000000000000.sock")
	if err := os.Rename(other, planted); err != nil {
		t.Fatal(err)
	}
	res := runBinary(t, []string{"XDG_RUNTIME_DIR=" + run}, "", "daemon", "stop")
	if res.code != 1 || !strings.Contains(res.stderr, "not touching it") {
		t.Errorf("stop: exit %d, stderr %q: want exit 1 and a refusal", res.code, res.stderr)
	}
	if processGone(cmd.Process.Pid) {
		t.Errorf("the listener pid %d was stopped", cmd.Process.Pid)
	}
}

// TestDaemonEnv checks what environment names a daemon: the variables
// discovery reads and the API keys the config file names, so that a
// project with another key or server gets a daemon of its own.
func TestDaemonEnv(t *testing.T) {
	config := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(config, []byte("[[backends]]\nurl = \"http://127.0.0.1:8000/v1\"\nmodel = \"m\"\napiKeyEnv = \"PROJECT_KEY\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"OLLAMA_HOST": "127.0.0.1:11434", "PROJECT_KEY": "k1"}
	a := daemonEnv(config, func(n string) string { return env[n] })
	want := []string{"OLLAMA_HOST=127.0.0.1:11434", "LLAMA_ARG_HOST=", "LLAMA_ARG_PORT=", "PROJECT_KEY=k1"}
	if !slices.Equal(a, want) {
		t.Errorf("daemonEnv = %q, want %q", a, want)
	}
	env["PROJECT_KEY"] = "k2"
	if b := daemonEnv(config, func(n string) string { return env[n] }); slices.Equal(a, b) {
		t.Error("another key names the same daemon")
	}
	if got := daemonEnv(filepath.Join(t.TempDir(), "none.toml"), func(string) string { return "" }); len(got) != 3 {
		t.Errorf("without a config file: %q, want the three discovery variables", got)
	}
}
