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
	"syscall"
	"time"
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
	root, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("find cache dir: %w", err)
	}
	return filepath.Join(root, "lspilot", "ollama", version), nil
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
	if isExecutable(bin) {
		return bin, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("create cache dir: %w", err)
	}
	unlock, err := lockFile(ctx, filepath.Join(dir, "build.lock"))
	if err != nil {
		return "", err
	}
	defer unlock()
	if isExecutable(bin) { // another process built it while we waited
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

// lockFile takes an exclusive flock on path, waiting while another build holds it.
func lockFile(ctx context.Context, path string) (unlock func(), err error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open build lock: %w", err)
	}
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			break
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) {
			f.Close()
			return nil, fmt.Errorf("lock build: %w", err)
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, fmt.Errorf("wait for another ollama build: %w", ctx.Err())
		case <-time.After(250 * time.Millisecond):
		}
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}

func isExecutable(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0
}

// commandError folds the stderr of a failed command into its error.
func commandError(err error) error {
	var ee *exec.ExitError
	if errors.As(err, &ee) && len(ee.Stderr) > 0 {
		return fmt.Errorf("%w: %s", err, bytes.TrimSpace(ee.Stderr))
	}
	return err
}
