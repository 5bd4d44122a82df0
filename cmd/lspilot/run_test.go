package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"

	"github.com/lspilot/lspilot/lsp/lsptest"
)

// runResult is how a finished lspilot process ended.
type runResult struct {
	code           int
	stdout, stderr string
}

// runBinary runs lspilot with args to its end, feeding it stdin, in an
// environment without XDG_RUNTIME_DIR plus env.
func runBinary(t *testing.T, env []string, stdin string, args ...string) runResult {
	t.Helper()
	return runProgram(t, binary, env, stdin, args...)
}

// runProgram is runBinary for the lspilot binary bin.
func runProgram(t *testing.T, bin string, env []string, stdin string, args ...string) runResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), lsptest.Timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append(cleanEnv(), env...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("lspilot %s did not end: %s", strings.Join(args, " "), errb.String())
	}
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		t.Fatal(err)
	}
	t.Logf("lspilot %s: exit %d\n%s", strings.Join(args, " "), cmd.ProcessState.ExitCode(), errb.String())
	return runResult{cmd.ProcessState.ExitCode(), out.String(), errb.String()}
}

// cleanEnv is the test's environment without XDG_RUNTIME_DIR and TMPDIR,
// which the tests of the per-user directory set themselves.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "XDG_RUNTIME_DIR=") && !strings.HasPrefix(kv, "TMPDIR=") {
			env = append(env, kv)
		}
	}
	return env
}

// requireRoot fails a test that switches to a second user when it cannot.
func requireRoot(t *testing.T) {
	t.Helper()
	if os.Getuid() != 0 {
		t.Fatalf("this test plays a second local user (nobody, uid 65534) and must run as root: " +
			"run it as root (sudo -E go test -race ./cmd/lspilot/), as CI does")
	}
}

// nobodyUID is the second local user of the tests.
const nobodyUID = 65534

// asNobody runs a shell script as user nobody and returns its output.
func asNobody(t *testing.T, script string) string {
	t.Helper()
	requireRoot(t)
	out, err := exec.Command("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
		"--", "bash", "-c", script).CombinedOutput()
	if err != nil {
		t.Fatalf("as nobody: %s: %v\n%s", script, err, out)
	}
	return string(out)
}

// syncBuffer is a bytes.Buffer safe for a process's writes and the test's
// reads, which also copies what it gets to the test log.
type syncBuffer struct {
	t  testing.TB
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.t.Log(strings.TrimRight(string(p), "\n"))
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// sharedTemp makes a directory like /tmp that every user may create
// entries in (mode 1777), to stand for the shared temp directory.
func sharedTemp(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "lspilot-shared")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o1777); err != nil {
		t.Fatal(err)
	}
	return dir
}
