package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/lspilot/lspilot/lsp"
	"github.com/lspilot/lspilot/lsp/lsptest"
)

const goodToken = "k7Qp2vR9xW4mZ8sL1nB6tY3c"

const initializeBody = `{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"processId":null,"rootUri":null,"capabilities":{}}}`

// writeToken writes a token file with the given mode.
func writeToken(t *testing.T, token string, mode os.FileMode) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(path, []byte(token+"\n"), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestServeRefusesUnsafeListen starts listeners that would let others in,
// and token sources that others could read or write: each is refused at
// start with a message that says what is wrong.
func TestServeRefusesUnsafeListen(t *testing.T) {
	requireRoot(t) // one case gives the token file to another user
	tests := []struct {
		name string
		args func(t *testing.T) []string
		env  []string
		want string
	}{
		{"all IPv4 interfaces without token", fixed("serve", "--listen", "tcp://0.0.0.0:0"), nil, "needs a token"},
		{"all IPv6 interfaces without token", fixed("serve", "--listen", "tcp://[::]:0"), nil, "needs a token"},
		{"empty host without token", fixed("serve", "--listen", "tcp://:0"), nil, "needs a token"},
		{"loopback without token", fixed("serve", "--listen", "tcp://127.0.0.1:0"), nil, "every user of this machine"},
		{"token file readable by others", func(t *testing.T) []string {
			return []string{"serve", "--listen", "tcp://0.0.0.0:0", "--token-file", writeToken(t, goodToken, 0o644)}
		}, nil, "has mode 0644"},
		{"token file of another user", func(t *testing.T) []string {
			path := writeToken(t, goodToken, 0o600)
			if err := os.Chown(path, nobodyUID, nobodyUID); err != nil {
				t.Fatal(err)
			}
			return []string{"serve", "--listen", "tcp://127.0.0.1:0", "--token-file", path}
		}, nil, "belongs to uid 65534"},
		{"token file through a link", func(t *testing.T) []string {
			link := filepath.Join(t.TempDir(), "link")
			if err := os.Symlink(writeToken(t, goodToken, 0o600), link); err != nil {
				t.Fatal(err)
			}
			return []string{"serve", "--listen", "tcp://127.0.0.1:0", "--token-file", link}
		}, nil, "symbolic link"},
		{"short token", func(t *testing.T) []string {
			return []string{"serve", "--listen", "tcp://127.0.0.1:0", "--token-file", writeToken(t, "short", 0o600)}
		}, nil, "16 to 1024 characters"},
		{"token variable unset", fixed("serve", "--listen", "tcp://0.0.0.0:0", "--token-env", "LSPILOT_TEST_NO_SUCH"), nil, "unset or empty"},
		{"token on a unix socket", fixed("serve", "--listen", "unix:///tmp/x.sock", "--token-env", "T"), []string{"T=" + goodToken}, "apply to tcp://"},
		{"forwarder token variable unset", fixed("serve", "--remote", "tcp://127.0.0.1:1", "--token-env", "LSPILOT_TEST_NO_SUCH"), nil, "unset or empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := runBinary(t, tt.env, "", tt.args(t)...)
			if res.code != 1 || !strings.Contains(res.stderr, tt.want) {
				t.Errorf("exit %d, stderr %q: want exit 1 and %q", res.code, res.stderr, tt.want)
			}
		})
	}
}

func fixed(args ...string) func(*testing.T) []string {
	return func(*testing.T) []string { return args }
}

// freePort returns a TCP port free on all interfaces.
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", ":0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// TestTCPTokenAgainstOtherUser listens beyond loopback with a token. User
// nobody connects without the token, or with a wrong one, and gets nothing;
// an editor that presents it directly, and a forwarder given the token
// file, are served; a forwarder without it tells its editor.
func TestTCPTokenAgainstOtherUser(t *testing.T) {
	requireRoot(t)
	port := freePort(t)
	tokenFile := writeToken(t, goodToken, 0o600)
	logFile := filepath.Join(t.TempDir(), "daemon.log")
	daemon := exec.Command(binary, "serve", "--listen", fmt.Sprintf("tcp://0.0.0.0:%d", port),
		"--token-file", tokenFile, "--log-file", logFile)
	daemon.Stderr = testWriter{t}
	if err := daemon.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { daemon.Process.Kill(); daemon.Wait() })
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	lsptest.WaitFor(t, "the listener", func() bool {
		log, _ := os.ReadFile(logFile)
		return strings.Contains(string(log), "\tlistening\t")
	})

	session := lsptest.Frame(initializeBody) + lsptest.Frame(`{"jsonrpc":"2.0","id":1,"method":"shutdown"}`) +
		lsptest.Frame(`{"jsonrpc":"2.0","method":"exit"}`)
	attacks := []struct {
		name, send string
		served     bool
	}{
		{"no token", session, false},
		{"wrong token", string(lsp.AuthenticateFrame([]byte("k7Qp2vR9xW4mZ8sL1nB6tY3d"))) + session, false},
		// The control: with the token, the same probe reads the answers.
		{"the token", string(lsp.AuthenticateFrame([]byte(goodToken))) + session, true},
	}
	for _, a := range attacks {
		// bash's /dev/tcp connects; whatever the daemon sends is counted.
		script := fmt.Sprintf(`trap '' PIPE; exec 3<>/dev/tcp/127.0.0.1/%d; printf '%%s' "$MSG" >&3 2>/dev/null; timeout 20 cat <&3 2>/dev/null | wc -c`, port)
		got := strings.TrimSpace(asNobodyEnv(t, "MSG="+a.send, script))
		if (got != "0") != a.served {
			t.Errorf("%s: nobody read %s bytes; want some: %v", a.name, got, a.served)
		}
	}

	// An editor connecting directly presents the token in its first frame.
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	conn.Write(lsp.AuthenticateFrame([]byte(goodToken)))
	direct := connectProc(t, nil, conn)
	direct.initialize(t)

	fwd := startProc(t, nil, "serve", "--remote", "tcp://"+addr, "--token-file", tokenFile)
	fwd.initialize(t)
	if st := fwd.status(t); st.PID != daemon.Process.Pid || st.Sessions != 2 {
		t.Errorf("status through the forwarder = %+v, want daemon %d with 2 sessions", st, daemon.Process.Pid)
	}
	if code := fwd.shutdown(t); code != 0 {
		t.Errorf("forwarder exit code = %d, want 0", code)
	}

	var rec lsptest.Recorder
	stranger := startProcWith(t, &rec, nil, "serve", "--remote", "tcp://"+addr)
	ctx, cancel := context.WithTimeout(context.Background(), lsptest.Timeout)
	defer cancel()
	if _, err := stranger.server.Initialize(ctx, &protocol.InitializeParams{}); err == nil {
		t.Error("initialize without the token succeeded")
	}
	if code := stranger.wait(t); code != 1 {
		t.Errorf("forwarder without the token exit code = %d, want 1", code)
	}
	if msgs := rec.Messages(); len(msgs) != 1 || !strings.Contains(msgs[0].Message, "token") {
		t.Errorf("forwarder without the token showed %+v, want one message about the token", msgs)
	}

	log, _ := os.ReadFile(logFile)
	if n := strings.Count(string(log), "refused connection"); n != 3 {
		t.Errorf("%d refused connections logged, want 3 (two of nobody's, the forwarder without token)", n)
	}
	if !strings.Contains(string(log), "listening beyond loopback") {
		t.Error("no warning about listening beyond loopback")
	}
}

// asNobodyEnv runs script as nobody with one more environment variable.
func asNobodyEnv(t *testing.T, kv, script string) string {
	t.Helper()
	return asNobody(t, "export "+shellQuote(kv)+"; "+script)
}

// shellQuote quotes s for bash.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
