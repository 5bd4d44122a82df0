package inference_test

import (
	"errors"
	"fmt"
	"strings"
	"syscall"
	"testing"

	"github.com/lspilot/lspilot/inference"
)

func TestRedact(t *testing.T) {
	const key = "k3y-Of-The-User-0123456789"
	tests := []struct {
		name, give, want string
	}{
		{"exact key", "invalid key " + key + " given", "invalid key [redacted] given"},
		{"key twice", key + "/" + key, "[redacted]/[redacted]"},
		{"bearer header", "got Authorization: Bearer abc.def-ghi", "got Authorization: Bearer [redacted]"},
		{"sk key", "Incorrect API key provided: sk-proj-AbCdEf0123456789.", "Incorrect API key provided: [redacted]."},
		{"json pair", `{"api_key": "zzzzyyyy", "model": "m"}`, `{"api_key": "[redacted]", "model": "m"}`},
		{"query pair", "GET /v1?access_token=qwerty123&x=1", "GET /v1?access_token=[redacted]&x=1"},
		{"password pair", "password=hunter22", "password=[redacted]"},
		{"url password", "Post \"https://me:pa55word@proxy/v1\": EOF", "Post \"https://[redacted]@proxy/v1\": EOF"},
		{"ordinary text", "model 'qwen:7b' not found", "model 'qwen:7b' not found"},
		{"token counts", "maximum context length is 4096 tokens, max_tokens: 64", "maximum context length is 4096 tokens, max_tokens: 64"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := inference.Redact(tt.give, key); got != tt.want {
				t.Errorf("Redact(%q) = %q, want %q", tt.give, got, tt.want)
			}
		})
	}
}

func TestRedactErrorKeepsChain(t *testing.T) {
	const key = "secret-value-42"
	cause := fmt.Errorf("dial with %s: %w", key, syscall.ECONNREFUSED)
	err := inference.RedactError(cause, key)
	if strings.Contains(err.Error(), key) {
		t.Errorf("error text %q holds the key", err)
	}
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("redacted error lost its chain: %v", err)
	}
	plain := errors.New("nothing secret")
	if inference.RedactError(plain, key) != plain {
		t.Error("an error without secrets was replaced")
	}
}

func TestDisplayURL(t *testing.T) {
	tests := []struct{ give, want string }{
		{"http://127.0.0.1:11434", "http://127.0.0.1:11434"},
		{"http://alice:hunter2pass@gpu.example:8000/v1", "http://gpu.example:8000/v1"},
		{"https://gpu.example/v1?api_key=abcdef123#frag", "https://gpu.example/v1?api_key=" + inference.Redacted},
		{"not a url sk-abcdefghijkl", "not a url " + inference.Redacted},
	}
	for _, tt := range tests {
		if got := inference.DisplayURL(tt.give); got != tt.want {
			t.Errorf("DisplayURL(%q) = %q, want %q", tt.give, got, tt.want)
		}
	}
}
