package ollamatest

import (
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
