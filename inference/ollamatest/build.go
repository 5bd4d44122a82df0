package ollamatest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/lspilot/lspilot/inference/proctest"
)

const (
	ollamaModule = "github.com/ollama/ollama"
	malgoModule  = "github.com/gen2brain/malgo@v0.11.24"
	cpuFlags     = "-O2 -march=x86-64-v3"
)

// Version returns the Ollama module version that the enclosing Go module requires, such as "v0.17.4".
// It must run inside the lspilot module tree.
func Version(ctx context.Context) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "list", "-m", "-f", "{{.Version}}", ollamaModule).Output()
	if err != nil {
		return "", fmt.Errorf("read ollama version: %w", commandError(err))
	}
	v := strings.TrimSpace(string(out))
	if !strings.HasPrefix(v, "v") {
		return "", fmt.Errorf("read ollama version: unexpected %q", v)
	}
	return v, nil
}

// CacheDir returns the directory that holds the binary built for version:
// ${XDG_CACHE_HOME:-$HOME/.cache}/lspilot/ollama/<version>.
func CacheDir(version string) (string, error) {
	return proctest.CacheDir("ollama", version)
}

// Binary returns the path of the Ollama server binary for the required version, building it
// once if no cached copy exists. Build progress goes to progress, which may be nil.
// Concurrent callers, in this process or others, wait for a single build.
func Binary(ctx context.Context, progress io.Writer) (string, error) {
	version, err := Version(ctx)
	if err != nil {
		return "", err
	}
	dir, err := CacheDir(version)
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "ollama")
	if proctest.IsExecutable(bin) {
		return bin, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("create cache dir: %w", err)
	}
	unlock, err := proctest.Lock(ctx, filepath.Join(dir, "build.lock"))
	if err != nil {
		return "", err
	}
	defer unlock()
	if proctest.IsExecutable(bin) { // another process built it while we waited
		return bin, nil
	}
	if progress == nil {
		progress = io.Discard
	}
	if err := build(ctx, version, dir, progress); err != nil {
		return "", err
	}
	return bin, nil
}

// commandError folds the stderr of a failed command into its error.
func commandError(err error) error {
	var ee *exec.ExitError
	if errors.As(err, &ee) && len(ee.Stderr) > 0 {
		return fmt.Errorf("%w: %s", err, bytes.TrimSpace(ee.Stderr))
	}
	return err
}
