package main

import (
	"strings"
	"testing"
)

func TestBackendFlagsCheck(t *testing.T) {
	tests := []struct {
		give backendFlags
		want string // "" for no error
	}{
		{backendFlags{}, ""},
		{backendFlags{url: "http://127.0.0.1:11434", model: "m"}, ""},
		{backendFlags{url: "https://gpu.example/v1"}, ""},
		{backendFlags{model: "m"}, "--model m needs --backend"},
		{backendFlags{url: "localhost:11434"}, `"localhost:11434" has no scheme: did you mean http://localhost:11434?`},
		{backendFlags{url: "htp://localhost:11434"}, `unknown scheme "htp", did you mean http://localhost:11434?`},
		{backendFlags{url: "http://[::1"}, `"http://[::1" is not a URL: missing ']' in host`},
		{backendFlags{url: "http://:11434"}, "has no host"},
		{backendFlags{url: "http://localhost:0"}, "port 0 is out of range"},
	}
	for _, tt := range tests {
		t.Run(tt.give.url+" "+tt.give.model, func(t *testing.T) {
			err := tt.give.check()
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("check() = %v, want nil", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("check() = %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

// TestServeBackendFlags checks that serve refuses flags that cannot name a
// server, saying what it expected, before it speaks LSP.
func TestServeBackendFlags(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"model without backend", []string{"--model", "qwen2.5-coder:0.5b-base"}, "--model qwen2.5-coder:0.5b-base needs --backend"},
		{"no scheme", []string{"--backend", "localhost:11434", "--model", "m"}, "did you mean http://localhost:11434?"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runBinary(t, nil, "", append([]string{"serve"}, tt.args...)...)
			if r.code == 0 || !strings.Contains(r.stderr, tt.want) || r.stdout != "" {
				t.Errorf("exit %d, stderr %q, stdout %q; want a failure saying %q and nothing on stdout", r.code, r.stderr, r.stdout, tt.want)
			}
		})
	}
}
