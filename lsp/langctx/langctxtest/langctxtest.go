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
	bin, err := InstallGopls(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return bin
}

// NodeBin returns the bin directory of an npm prefix holding pyright and
// typescript-language-server, installing them once.
func NodeBin(t testing.TB) string {
	t.Helper()
	bin, err := InstallNode(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return bin
}

// InstallGopls builds gopls into the cache unless it is there, and returns
// its path.
func InstallGopls(ctx context.Context) (string, error) {
	dir, err := cacheDir("gopls", GoplsVersion)
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "gopls")
	return bin, once(ctx, dir, bin, func(ctx context.Context) error {
		cmd := exec.CommandContext(ctx, "go", "install", "golang.org/x/tools/gopls@"+GoplsVersion)
		cmd.Env = append(os.Environ(), "GOBIN="+dir, "GOFLAGS=-mod=mod")
		cmd.Dir = dir
		return run(cmd)
	})
}

// InstallNode installs pyright and typescript-language-server into an npm
// prefix in the cache unless they are there, and returns its bin directory.
func InstallNode(ctx context.Context) (string, error) {
	if _, err := exec.LookPath("npm"); err != nil {
		return "", fmt.Errorf("npm is needed to install the language servers: %w", err)
	}
	dir, err := cacheDir("npm", "pyright-"+PyrightVersion+"-tsls-"+TSServerVersion)
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "node_modules", ".bin")
	return bin, once(ctx, dir, filepath.Join(bin, "typescript-language-server"), func(ctx context.Context) error {
		return run(exec.CommandContext(ctx, "npm", "install", "--prefix", dir, "--no-audit", "--no-fund",
			"pyright@"+PyrightVersion, "typescript-language-server@"+TSServerVersion, "typescript@"+TypeScript))
	})
}

func cacheDir(elem ...string) (string, error) {
	dir, err := proctest.CacheDir(elem...)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("create cache dir: %w", err)
	}
	return dir, nil
}

// once runs build under the directory's lock unless want already exists.
func once(ctx context.Context, dir, want string, build func(context.Context) error) error {
	if proctest.IsExecutable(want) {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, installTimeout)
	defer cancel()
	unlock, err := proctest.Lock(ctx, filepath.Join(dir, "build.lock"))
	if err != nil {
		return err
	}
	defer unlock()
	if proctest.IsExecutable(want) { // another process built it while we waited
		return nil
	}
	if err := build(ctx); err != nil {
		return err
	}
	if !proctest.IsExecutable(want) {
		return fmt.Errorf("install made no %s", want)
	}
	return nil
}

func run(cmd *exec.Cmd) error {
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s: %w\n%s", strings.Join(cmd.Args, " "), err, out)
	}
	return nil
}
