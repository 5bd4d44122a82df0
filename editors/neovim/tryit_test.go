package neovim_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/lspilot/lspilot/inference/ollamatest"
)

// TestTryIt follows the README's "Try it" steps with a real Ollama serving
// the generated model in place of `ollama pull`: install lspilot with `go
// install` into a fresh GOBIN on PATH, run `lspilot doctor` with no flags
// and no config, then start Neovim 0.7 with the README's init.lua, open a Go
// file and press <C-x><C-o>: the user is told which model lspilot found and
// the completion menu holds its suggestion.
func TestTryIt(t *testing.T) {
	snippet := readSnippet(t)
	srv := ollamatest.Start(t, ollamatest.WithoutLargeModel())
	home := t.TempDir()
	gobin := filepath.Join(home, "bin")
	env := append(os.Environ(), "GOBIN="+gobin, "PATH="+gobin+string(os.PathListSeparator)+os.Getenv("PATH"),
		"OLLAMA_HOST="+srv.Host, "LLAMA_ARG_HOST=127.0.0.1", "LLAMA_ARG_PORT="+deadPort(t),
		"HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, ".config"), "XDG_STATE_HOME="+home,
		"XDG_CACHE_HOME="+home, "XDG_DATA_HOME="+home)

	env = append(env, goEnv(t)...) // the Go caches of the test's user, not of the fresh HOME
	run(t, env, "../..", "go", "install", "./cmd/lspilot")
	doctor := run(t, env, home, "lspilot", "doctor")
	if !strings.Contains(doctor, "pick     "+srv.FIMModel) {
		t.Errorf("lspilot doctor does not name %s:\n%s", srv.FIMModel, doctor)
	}

	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	init := filepath.Join(home, ".config", "nvim", "init.lua")
	writeFile(t, init, strings.ReplaceAll(snippet, "/path/to/lspilot", root))
	file := filepath.Join(home, "fib.go")
	writeFile(t, file, "package fib\n\n// fib returns the n-th Fibonacci number.\n\n")
	out := filepath.Join(home, "result.json")
	driver, err := filepath.Abs("test/try_it.lua")
	if err != nil {
		t.Fatal(err)
	}
	run(t, append(env, "LSPILOT_OUT="+out, "LSPILOT_FILE="+file), home,
		"nvim", "--headless", "-i", "NONE", "-u", init, "-c", "luafile "+driver)

	var res struct {
		Messages []struct {
			Type    int    `json:"type"`
			Message string `json:"message"`
		} `json:"messages"`
		Omnifunc string   `json:"omnifunc"`
		Items    []string `json:"items"`
		Errors   []string `json:"errors"`
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("no result from Neovim: %v", err)
	}
	if err := json.Unmarshal(data, &res); err != nil {
		t.Fatalf("decode %s: %v", data, err)
	}
	for _, e := range res.Errors {
		t.Error(e)
	}
	if len(res.Messages) != 1 || res.Messages[0].Type != 3 || !strings.Contains(res.Messages[0].Message, srv.FIMModel) {
		t.Errorf("Neovim was shown %+v, want one information message naming %s", res.Messages, srv.FIMModel)
	}
	if res.Omnifunc != "v:lua.vim.lsp.omnifunc" {
		t.Errorf("omnifunc = %q, want the one the plugin sets", res.Omnifunc)
	}
	if len(res.Items) == 0 || res.Items[0] == "" {
		t.Errorf("completion menu %q, want the model's suggestion", res.Items)
	}
	t.Logf("suggestion: %q", res.Items)
}

// goEnv returns GOPATH, GOCACHE and GOMODCACHE as they are now.
func goEnv(t *testing.T) []string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOPATH", "GOCACHE", "GOMODCACHE").Output()
	if err != nil {
		t.Fatal(err)
	}
	v := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(v) != 3 {
		t.Fatalf("go env: %q", out)
	}
	return []string{"GOPATH=" + v[0], "GOCACHE=" + v[1], "GOMODCACHE=" + v[2]}
}

// markers finds the snippet in README.md.
var markers = regexp.MustCompile("(?s)<!-- try-it-neovim -->\\s*```lua\\n(.*?)```\\s*<!-- /try-it-neovim -->")

// readSnippet returns the Neovim snippet of README.md's "Try it" section,
// which the test runs verbatim.
func readSnippet(t *testing.T) string {
	t.Helper()
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := markers.FindSubmatch(readme)
	if m == nil {
		t.Fatal("README.md has no lua block between <!-- try-it-neovim --> and <!-- /try-it-neovim -->")
	}
	return string(m[1])
}

// run runs a command of the README in dir and returns its output.
func run(t *testing.T, env []string, dir, name string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	path, err := lookPath(env, name)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Env, cmd.Dir = env, dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	t.Logf("%s %s:\n%s", name, strings.Join(args, " "), out)
	return string(out)
}

// lookPath finds name on the last PATH of env, as a shell started with env
// would.
func lookPath(env []string, name string) (string, error) {
	for i := len(env) - 1; i >= 0; i-- {
		p, ok := strings.CutPrefix(env[i], "PATH=")
		if !ok {
			continue
		}
		for _, dir := range filepath.SplitList(p) {
			if st, err := os.Stat(filepath.Join(dir, name)); err == nil && !st.IsDir() && st.Mode()&0o111 != 0 {
				return filepath.Join(dir, name), nil
			}
		}
		break
	}
	return "", fmt.Errorf("%s not found on the PATH", name)
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// deadPort is a loopback port where nothing listens.
func deadPort(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return strings.TrimPrefix(ln.Addr().String(), "127.0.0.1:")
}
