package discover_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/lspilot/lspilot/inference/discover"
)

func TestTargets(t *testing.T) {
	tests := []struct {
		name       string
		ollamaHost string
		llama      map[string]string
		want       []string
	}{
		{"defaults", "", nil, []string{"http://127.0.0.1:11434", "http://127.0.0.1:8080"}},
		{"host only", "10.0.0.5", nil, []string{"http://10.0.0.5:11434", "http://127.0.0.1:8080"}},
		{"host and port", "127.0.0.1:12345", nil, []string{"http://127.0.0.1:12345", "http://127.0.0.1:8080"}},
		{"wildcard", "0.0.0.0:11434", nil, []string{"http://127.0.0.1:11434", "http://127.0.0.1:8080"}},
		{"URL", "https://gpu.example:443", nil, []string{"https://gpu.example:443", "http://127.0.0.1:8080"}},
		{"llama-server variables", "", map[string]string{"LLAMA_ARG_HOST": "::", "LLAMA_ARG_PORT": "9090"},
			[]string{"http://127.0.0.1:11434", "http://[::1]:9090"}},
		{"llama-server bad port", "", map[string]string{"LLAMA_ARG_PORT": "x"},
			[]string{"http://127.0.0.1:11434", "http://127.0.0.1:8080"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("OLLAMA_HOST", tt.ollamaHost)
			var got []string
			for _, tg := range discover.Targets(func(k string) string { return tt.llama[k] }) {
				got = append(got, tg.URL)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("targets (-want +got):\n%s", diff)
			}
		})
	}
}
