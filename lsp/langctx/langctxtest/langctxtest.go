// Package langctxtest provides the real language servers that end-to-end
// tests of package langctx run: gopls built from the Go module proxy, and
// pyright and typescript-language-server installed from npm, each once per
// machine into ${XDG_CACHE_HOME:-$HOME/.cache}/lspilot under a file lock.
//
// It is test support: _test files import it, never product code. It
// imports only the standard library and inference/proctest.
package langctxtest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lspilot/lspilot/inference/proctest"
)

// Versions installed.
const (
	GoplsVersion    = "v0.23.0" // the last release that builds with this Go
	PyrightVersion  = "1.1.414"
	TSServerVersion = "5.1.2" // the last release that runs on Node 20
	TypeScript      = "5.9.3"
)

// installTimeout bounds one build or install.
const installTimeout = 15 * time.Minute

// Gopls returns the path of a gopls binary, building it once.
func Gopls(t testing.TB) string {
	t.Helper()
	dir := cacheDir(t, "gopls", GoplsVersion)
	bin := filepath.Join(dir, "gopls")
	once(t, dir, bin, func(ctx context.Context) error {
		cmd := exec.CommandContext(ctx, "go", "install", "golang.org/x/tools/gopls@"+GoplsVersion)
		cmd.Env = append(os.Environ(), "GOBIN="+dir, "GOFLAGS=-mod=mod")
		cmd.Dir = dir
		return run(cmd)
	})
	return bin
}

// NodeBin returns the bin directory of an npm prefix holding pyright and
// typescript-language-server, installing them once. Tests put it on PATH
// (or name its commands) to have the Manager find them.
func NodeBin(t testing.TB) string {
	t.Helper()
	if _, err := exec.LookPath("npm"); err != nil {
		t.Fatalf("npm is needed to install the language servers: %v", err)
	}
	dir := cacheDir(t, "npm", "pyright-"+PyrightVersion+"-tsls-"+TSServerVersion)
	bin := filepath.Join(dir, "node_modules", ".bin")
	once(t, dir, filepath.Join(bin, "typescript-language-server"), func(ctx context.Context) error {
		return run(exec.CommandContext(ctx, "npm", "install", "--prefix", dir, "--no-audit", "--no-fund",
			"pyright@"+PyrightVersion, "typescript-language-server@"+TSServerVersion, "typescript@"+TypeScript))
	})
	return bin
}

func cacheDir(t testing.TB, elem ...string) string {
	dir, err := proctest.CacheDir(elem...)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// once runs build under the directory's lock unless want already exists.
func once(t testing.TB, dir, want string, build func(context.Context) error) {
	t.Helper()
	if proctest.IsExecutable(want) {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), installTimeout)
	defer cancel()
	unlock, err := proctest.Lock(ctx, filepath.Join(dir, "build.lock"))
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	if proctest.IsExecutable(want) { // another process built it while we waited
		return
	}
	t.Logf("installing %s", want)
	if err := build(ctx); err != nil {
		t.Fatal(err)
	}
	if !proctest.IsExecutable(want) {
		t.Fatalf("install made no %s", want)
	}
}

func run(cmd *exec.Cmd) error {
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s: %w\n%s", strings.Join(cmd.Args, " "), err, out)
	}
	return nil
}
