package ollamatest

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/lspilot/lspilot/inference/proctest"
)

func TestCheckHeaders(t *testing.T) {
	full := t.TempDir()
	for h := range requiredHeaders {
		path := filepath.Join(full, h)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name string
		give []string
		want *MissingHeadersError
	}{
		{name: "all present", give: []string{t.TempDir(), full}},
		{name: "none present", give: []string{t.TempDir()}, want: &MissingHeadersError{
			Headers:  []string{"nlohmann/json.hpp", "nlohmann/json_fwd.hpp", "stb/stb_image.h"},
			Packages: []string{"libstb-dev", "nlohmann-json3-dev"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			saved := headerDirs
			headerDirs = tt.give
			defer func() { headerDirs = saved }()
			err := checkHeaders()
			var got *MissingHeadersError
			errors.As(err, &got)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("checkHeaders() (-want +got):\n%s", diff)
			}
			if tt.want != nil && !errors.Is(err, ErrMissingHeaders) {
				t.Errorf("checkHeaders() = %v, want ErrMissingHeaders", err)
			}
		})
	}
}

func TestMissingHeadersErrorNamesPackages(t *testing.T) {
	err := &MissingHeadersError{Headers: []string{"stb/stb_image.h"}, Packages: []string{"libstb-dev"}}
	want := "apt-get install -y libstb-dev"
	if !strings.Contains(err.Error(), want) {
		t.Errorf("Error() = %q, want it to contain %q", err.Error(), want)
	}
}

func TestCacheDir(t *testing.T) {
	root := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", root)
	got, err := CacheDir("v0.17.4")
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(root, "lspilot", "ollama", "v0.17.4"); got != want {
		t.Errorf("CacheDir() = %q, want %q", got, want)
	}
}

func TestServerEnv(t *testing.T) {
	t.Setenv("OLLAMA_HOST", "0.0.0.0:1")
	t.Setenv("OLLAMA_KEEP_ALIVE", "-1")
	t.Setenv("HOME", "/nowhere")
	env := serverEnv(map[string]string{"HOME": "/tmp/h", "OLLAMA_HOST": "127.0.0.1:2"})
	var got []string
	for _, kv := range env {
		if strings.HasPrefix(kv, "OLLAMA_") || strings.HasPrefix(kv, "HOME=") {
			got = append(got, kv)
		}
	}
	want := []string{"HOME=/tmp/h", "OLLAMA_HOST=127.0.0.1:2"}
	if diff := cmp.Diff(want, got, cmpSorted); diff != "" {
		t.Errorf("server env (-want +got):\n%s", diff)
	}
}

func TestBinaryIsCached(t *testing.T) {
	bin, err := Binary(t.Context(), nil)
	if err != nil {
		t.Fatalf("Binary: %v", err)
	}
	if !proctest.IsExecutable(bin) || filepath.Base(bin) != "ollama" {
		t.Errorf("Binary() = %q, want an executable named ollama", bin)
	}
}
