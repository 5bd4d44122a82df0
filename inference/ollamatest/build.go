package ollamatest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
)

const (
	ollamaModule = "github.com/ollama/ollama"
	malgoModule  = "github.com/gen2brain/malgo@v0.11.24"
	cpuFlags     = "-O2 -march=x86-64-v3"
)

// AptPackages lists the Debian packages whose headers the Ollama build needs.
var AptPackages = []string{"nlohmann-json3-dev", "libstb-dev"}

// requiredHeaders maps each header the build includes to the package that ships it.
var requiredHeaders = map[string]string{
	"nlohmann/json.hpp":     "nlohmann-json3-dev",
	"nlohmann/json_fwd.hpp": "nlohmann-json3-dev",
	"stb/stb_image.h":       "libstb-dev",
}

// headerDirs are the system include directories searched for requiredHeaders.
var headerDirs = []string{"/usr/include", "/usr/local/include"}

// ErrMissingHeaders reports that system headers needed to build Ollama are absent.
var ErrMissingHeaders = errors.New("missing C++ headers for the ollama build")

// MissingHeadersError names the absent headers and the apt packages that provide them.
type MissingHeadersError struct {
	Headers  []string
	Packages []string
}

func (e *MissingHeadersError) Error() string {
	return fmt.Sprintf("%v: %s (install with: apt-get install -y %s)",
		ErrMissingHeaders, strings.Join(e.Headers, ", "), strings.Join(e.Packages, " "))
}

// Unwrap lets errors.Is match ErrMissingHeaders.
func (e *MissingHeadersError) Unwrap() error { return ErrMissingHeaders }

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
	unlock, err := lockFile(filepath.Join(dir, "build.lock"))
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

// lockFile takes an exclusive flock on path, blocking until it is free.
func lockFile(path string) (unlock func(), err error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open build lock: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, fmt.Errorf("lock build: %w", err)
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

// checkHeaders reports which required system headers are missing.
func checkHeaders() error {
	var missing, pkgs []string
	seen := map[string]bool{}
	for h, pkg := range requiredHeaders {
		if findHeader(h) {
			continue
		}
		missing = append(missing, h)
		if !seen[pkg] {
			seen[pkg] = true
			pkgs = append(pkgs, pkg)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	slices.Sort(missing)
	slices.Sort(pkgs)
	return &MissingHeadersError{Headers: missing, Packages: pkgs}
}

func findHeader(name string) bool {
	for _, d := range headerDirs {
		if _, err := os.Stat(filepath.Join(d, name)); err == nil {
			return true
		}
	}
	return false
}

// moduleDir downloads a module into the module cache and returns its directory.
func moduleDir(ctx context.Context, workdir, modVersion string) (string, error) {
	cmd := exec.CommandContext(ctx, "go", "mod", "download", "-json", modVersion)
	cmd.Dir = workdir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("download %s: %w", modVersion, commandError(err))
	}
	var m struct{ Dir, Error string }
	if err := json.Unmarshal(out, &m); err != nil {
		return "", fmt.Errorf("download %s: %w", modVersion, err)
	}
	if m.Error != "" || m.Dir == "" {
		return "", fmt.Errorf("download %s: %s", modVersion, m.Error)
	}
	return m.Dir, nil
}

// build compiles the Ollama server into dir/ollama. The caller holds the build lock.
func build(ctx context.Context, version, dir string, progress io.Writer) error {
	if err := checkHeaders(); err != nil {
		return err
	}
	work, err := os.MkdirTemp(dir, "build-")
	if err != nil {
		return fmt.Errorf("create build dir: %w", err)
	}
	defer os.RemoveAll(work)

	malgo, err := moduleDir(ctx, work, malgoModule)
	if err != nil {
		return err
	}
	inc := filepath.Join(dir, "include")
	if err := copyFile(filepath.Join(malgo, "miniaudio.h"), filepath.Join(inc, "miniaudio", "miniaudio.h")); err != nil {
		return err
	}

	gobin := filepath.Join(work, "bin")
	cmd := exec.CommandContext(ctx, "go", "install",
		"-ldflags", "-X "+ollamaModule+"/version.Version="+strings.TrimPrefix(version, "v"),
		ollamaModule+"@"+version)
	cmd.Dir = work
	cmd.Env = append(os.Environ(),
		"GOWORK=off",
		"GOFLAGS=-mod=mod",
		"GOBIN="+gobin,
		"CGO_ENABLED=1",
		"CGO_CPPFLAGS=-I"+inc,
		"CGO_CFLAGS="+cpuFlags,
		"CGO_CXXFLAGS="+cpuFlags,
	)
	cmd.Stdout = progress
	cmd.Stderr = progress
	fmt.Fprintf(progress, "building ollama %s into %s\n", version, dir)
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("build ollama %s: %w", version, err)
	}
	if err := os.Rename(filepath.Join(gobin, "ollama"), filepath.Join(dir, "ollama")); err != nil {
		return fmt.Errorf("install ollama binary: %w", err)
	}
	return nil
}

// copyFile copies src to dst atomically, creating dst's directory.
func copyFile(src, dst string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return fmt.Errorf("read %s: %w", filepath.Base(src), err)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return fmt.Errorf("create header dir: %w", err)
	}
	tmp := dst + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", filepath.Base(dst), err)
	}
	if err := os.Rename(tmp, dst); err != nil {
		return fmt.Errorf("write %s: %w", filepath.Base(dst), err)
	}
	return nil
}
