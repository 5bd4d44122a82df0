package vscode_test

import (
	"context"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/lspilot/lspilot/inference/chroottest"
	"github.com/lspilot/lspilot/inference/proctest"
)

// codeServerVersion is the code-server that the browser test runs: VS Code
// served to a browser, from npm, for Node.js 24 (the chroot's).
const codeServerVersion = "4.139.1"

// codeServerDir is where code-server is installed inside the chroot, under
// its root user's cache, so that it is built once per chroot.
const codeServerDir = "/root/.cache/lspilot/code-server-" + codeServerVersion

// codeServerEntry is code-server's program, run with the chroot's node.
const codeServerEntry = codeServerDir + "/node_modules/code-server/out/node/entry.js"

// codeServerNative are the native modules of VS Code's server that
// code-server needs on Linux. Its own install script builds every module,
// Kerberos among them, whose headers (libkrb5-dev) the chroot lacks; proxy
// authentication is the only user of Kerberos, so it is left unbuilt.
var codeServerNative = []string{
	"@parcel/watcher", "@vscode/spdlog", "node-pty", "@vscode/native-watchdog",
	"@vscode/deviceid", "@vscode/fs-copyfile", "@vscode/sqlite3",
}

// ensureCodeServer installs code-server into the chroot unless a complete
// install is there, waiting for an install that another test binary runs.
// It returns the chroot path of code-server's program.
func ensureCodeServer(ctx context.Context, t *testing.T, r *chroottest.Root) string {
	t.Helper()
	done := r.Path(codeServerDir + "/.complete")
	if _, err := os.Stat(done); err == nil {
		return codeServerEntry
	}
	if err := os.MkdirAll(r.Path(codeServerDir), 0o755); err != nil {
		t.Fatal(err)
	}
	unlock, err := proctest.Lock(ctx, r.Path(codeServerDir)+".lock")
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	if _, err := os.Stat(done); err == nil {
		return codeServerEntry
	}
	start := time.Now()
	env := npmEnv(t, r)
	vscode := codeServerDir + "/node_modules/code-server/lib/vscode"
	steps := []struct {
		dir  string
		args []string
	}{
		// Install scripts run only where named below: code-server's own
		// would build Kerberos.
		{codeServerDir, []string{"install", "--ignore-scripts", "code-server@" + codeServerVersion}},
		{codeServerDir, []string{"rebuild", "argon2"}},
		{vscode, []string{"install", "--omit=dev", "--ignore-scripts"}},
		{vscode, append([]string{"rebuild"}, codeServerNative...)},
		{vscode + "/extensions", []string{"install", "--omit=dev", "--ignore-scripts"}},
	}
	if err := os.WriteFile(r.Path(codeServerDir+"/package.json"), []byte(`{"private": true}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, s := range steps {
		cmd := r.CommandIn(ctx, s.dir, "npm", s.args...)
		cmd.Env = append(cmd.Env, env...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("install code-server: npm %s in %s: %v\n%s", strings.Join(s.args, " "), s.dir, err, tail(out, 8<<10))
		}
	}
	if err := os.WriteFile(done, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("installed code-server %s in the chroot in %v", codeServerVersion, time.Since(start).Round(time.Second))
	return codeServerEntry
}

// npmEnv is the environment of npm in the chroot: the chroot's Node.js
// headers for node-gyp, the install scripts allowed (npm 12 runs none
// unless told), and the host's certificate authorities, so that npm
// reaches the registry through whatever the host trusts.
func npmEnv(t *testing.T, r *chroottest.Root) []string {
	t.Helper()
	env := []string{
		"npm_config_nodedir=/usr", "npm_config_update_notifier=false", "npm_config_audit=false", "npm_config_fund=false",
		"npm_config_dangerously_allow_all_scripts=true",
	}
	hostCA := os.Getenv("SSL_CERT_FILE")
	if hostCA == "" {
		hostCA = "/etc/ssl/certs/ca-certificates.crt"
	}
	data, err := os.ReadFile(hostCA)
	if err != nil {
		return env
	}
	const inside = codeServerDir + "/host-ca.crt"
	if err := os.WriteFile(r.Path(inside), data, 0o644); err != nil {
		t.Fatal(err)
	}
	return append(env, "npm_config_cafile="+inside, "NODE_EXTRA_CA_CERTS="+inside)
}

// codeServer is a running code-server.
type codeServer struct {
	url  string
	data string // user data directory, inside the chroot
	exts string // extensions directory, inside the chroot
	log  *syncBuffer
}

// syncBuffer is a buffer that a command's output goroutines write while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder // guarded by mu
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// codeServerArgs are the flags of every code-server run of the test: its
// own profile, and nothing that reaches outside.
func codeServerArgs(dir string) []string {
	return []string{
		"--user-data-dir", path.Join(dir, "data"), "--extensions-dir", path.Join(dir, "extensions"),
		"--disable-telemetry", "--disable-update-check", "--disable-workspace-trust", "--disable-getting-started-override",
	}
}

// runCodeServer runs code-server with args in the chroot and returns its output.
func runCodeServer(ctx context.Context, t *testing.T, r *chroottest.Root, entry, dir string, args ...string) string {
	t.Helper()
	cmd := r.Command(ctx, "node", append(append([]string{entry}, codeServerArgs(dir)...), args...)...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("code-server %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// startCodeServer serves VS Code for folder on a loopback port until the
// test ends.
func startCodeServer(ctx context.Context, t *testing.T, r *chroottest.Root, entry, dir, folder string) *codeServer {
	t.Helper()
	host, err := proctest.FreeHost()
	if err != nil {
		t.Fatal(err)
	}
	args := append([]string{entry, "--auth", "none", "--bind-addr", host}, codeServerArgs(dir)...)
	cmd := r.Command(ctx, "node", append(args, folder)...)
	cs := &codeServer{url: "http://" + host, data: path.Join(dir, "data"), exts: path.Join(dir, "extensions"), log: &syncBuffer{}}
	cmd.Stdout, cmd.Stderr = cs.log, cs.log
	if err := cmd.Start(); err != nil {
		t.Fatalf("start code-server: %v", err)
	}
	t.Cleanup(func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) // code-server, its extension host and lspilot
		cmd.Wait()
		if t.Failed() {
			t.Logf("code-server log:\n%s", tail([]byte(cs.log.String()), 8<<10))
			logs, _ := filepath.Glob(r.Path(cs.data + "/logs/*/exthost*/lspilot.lspilot/*.log"))
			for _, f := range logs {
				data, _ := os.ReadFile(f)
				t.Logf("%s:\n%s", filepath.Base(f), tail(data, 8<<10))
			}
		}
	})
	deadline := time.Now().Add(time.Minute)
	for !strings.Contains(cs.log.String(), "HTTP server listening") {
		if time.Now().After(deadline) {
			t.Fatalf("code-server did not start:\n%s", cs.log.String())
		}
		select {
		case <-ctx.Done():
			t.Fatal(ctx.Err())
		case <-time.After(100 * time.Millisecond):
		}
	}
	return cs
}

// tail returns the last n bytes of b.
func tail(b []byte, n int) string {
	return string(b[max(0, len(b)-n):])
}

// node runs a compiled script of the extension's tests with env on the host
// and returns its stdout.
func node(ctx context.Context, t *testing.T, env []string, script string) string {
	t.Helper()
	cmd := exec.CommandContext(ctx, "node", script)
	cmd.Env = append(os.Environ(), env...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node %s: %v\n%s", filepath.Base(script), err, stderr.String())
	}
	return string(out)
}
