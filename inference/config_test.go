package inference_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/lspilot/lspilot/inference"
)

func TestValidateBackends(t *testing.T) {
	good := inference.BackendConfig{Name: "local", Kind: inference.KindOllama, URL: "http://127.0.0.1:11434", Model: "qwen"}
	tests := []struct {
		name string
		give []inference.BackendConfig
		want []string
	}{
		{name: "valid", give: []inference.BackendConfig{good, {Name: "gpu", URL: "https://gpu:8000/v1"}}},
		{name: "missing url and model", give: []inference.BackendConfig{{Kind: inference.KindOpenAI}},
			want: []string{"backends[0].model: required for kind openai", "backends[0].url: required"}},
		{name: "bad kind and scheme", give: []inference.BackendConfig{good, {Kind: "vllm", URL: "ftp://x"}},
			want: []string{
				`backends[1].kind: unknown kind "vllm" (want one of ollama, openai, llamacpp, or empty to detect)`,
				`backends[1].url: "ftp://x" must start with http:// or https://`,
			}},
		{name: "bad replica, both key sources, empty language",
			give: []inference.BackendConfig{{URL: "http://a", Replicas: []string{"http://b", "b:1"}, APIKeyEnv: "K", APIKeyFile: "f", Languages: []string{"go", " "}}},
			want: []string{
				"backends[0].apiKeyFile: set either apiKeyEnv or apiKeyFile, not both",
				"backends[0].languages[1]: empty language id",
				`backends[0].replicas[1]: "b:1" must start with http:// or https://`,
			}},
		{name: "duplicate names", give: []inference.BackendConfig{good, good},
			want: []string{`backends[1].name: "local" is also the name of backends[0]`}},
		{name: "affinity header", give: []inference.BackendConfig{{URL: "http://a", AffinityHeader: "x-smg-routing-key"}}},
		{name: "credential and malformed affinity headers",
			give: []inference.BackendConfig{{URL: "http://a", AffinityHeader: "Authorization"}, {URL: "http://b", AffinityHeader: "x key"}},
			want: []string{
				`backends[0].affinityHeader: "Authorization" is a header lspilot or the HTTP client sets, or one that carries credentials`,
				`backends[1].affinityHeader: "x key" is not an HTTP header name`,
			}},
		{name: "negative limits", give: []inference.BackendConfig{{URL: "http://a", MaxLineBytes: -1, Timeout: -1}},
			want: []string{"backends[0].maxLineBytes: must not be negative", "backends[0].timeoutMs: must not be negative"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := inference.ValidateBackends(tt.give)
			var got []string
			if err != nil {
				got = strings.Split(err.Error(), "\n")
				var ce *inference.ConfigError
				if !errors.As(err, &ce) {
					t.Errorf("error %v holds no *ConfigError", err)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

func TestWithDefaults(t *testing.T) {
	got := inference.BackendConfig{
		Name: "gpu", Kind: inference.KindOpenAI, URL: "http://127.0.0.1:8000/v1", Model: "qwen-coder",
		Replicas: []string{"http://127.0.0.1:8001/v1"}, IdleTimeout: 5 * time.Second, Retries: -1,
	}
	if err := got.Validate(); err != nil {
		t.Fatal(err)
	}
	got = got.WithDefaults()
	if got.IdleTimeout != 5*time.Second || got.MaxLineBytes != inference.DefaultMaxLine {
		t.Errorf("WithDefaults() = %+v", got)
	}
	if diff := cmp.Diff([]string{"http://127.0.0.1:8000/v1", "http://127.0.0.1:8001/v1"}, got.URLs()); diff != "" {
		t.Errorf("URLs() (-want +got):\n%s", diff)
	}
}

func TestAPIKey(t *testing.T) {
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "key")
	if err := os.WriteFile(keyFile, []byte("sk-file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	emptyFile := filepath.Join(dir, "empty")
	if err := os.WriteFile(emptyFile, []byte("\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("LSPILOT_TEST_KEY", "sk-env")
	t.Setenv("LSPILOT_TEST_EMPTY", "")
	tests := []struct {
		name       string
		give       inference.BackendConfig
		wantKey    string
		wantSource string
		wantErr    string
	}{
		{name: "none", give: inference.BackendConfig{}},
		{name: "env", give: inference.BackendConfig{APIKeyEnv: "LSPILOT_TEST_KEY"}, wantKey: "sk-env", wantSource: "environment variable LSPILOT_TEST_KEY"},
		{name: "file", give: inference.BackendConfig{APIKeyFile: keyFile}, wantKey: "sk-file", wantSource: "file " + keyFile},
		{name: "empty env", give: inference.BackendConfig{APIKeyEnv: "LSPILOT_TEST_EMPTY"}, wantSource: "environment variable LSPILOT_TEST_EMPTY",
			wantErr: "apiKeyEnv: environment variable LSPILOT_TEST_EMPTY is empty or unset"},
		{name: "missing file", give: inference.BackendConfig{APIKeyFile: filepath.Join(dir, "nope")}, wantSource: "file " + filepath.Join(dir, "nope"),
			wantErr: "apiKeyFile: cannot read the key file: no such file or directory"},
		{name: "directory", give: inference.BackendConfig{APIKeyFile: dir}, wantSource: "file " + dir,
			wantErr: "apiKeyFile: cannot read the key file: is a directory"},
		{name: "empty file", give: inference.BackendConfig{APIKeyFile: emptyFile}, wantSource: "file " + emptyFile,
			wantErr: "apiKeyFile: the key file is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			key, source, err := tt.give.APIKey()
			gotErr := ""
			if err != nil {
				gotErr = err.Error()
			}
			if key != tt.wantKey || source != tt.wantSource || gotErr != tt.wantErr {
				t.Errorf("APIKey() = %q, %q, %q; want %q, %q, %q", key, source, gotErr, tt.wantKey, tt.wantSource, tt.wantErr)
			}
		})
	}
}
