package stream_test

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"syscall"
	"testing"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/internal/stream"
)

func TestErrorMessage(t *testing.T) {
	tests := []struct{ give, want string }{
		{`{"error":"model 'x' not found"}`, "model 'x' not found"},
		{`{"error":{"code":503,"message":"Loading model","type":"unavailable_error"}}`, "Loading model (unavailable_error)"},
		{`{"error":{"message":"bad","type":"invalid_request_error","code":null}}`, "bad (invalid_request_error)"},
		{`{"object":"error","message":"The model does not exist.","type":"NotFoundError","code":404}`, "The model does not exist."},
		{`{"detail":"Not Found"}`, "Not Found"},
		{"<html>502 Bad Gateway</html>", "<html>502 Bad Gateway</html>"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := stream.ErrorMessage([]byte(tt.give)); got != tt.want {
			t.Errorf("ErrorMessage(%q) = %q, want %q", tt.give, got, tt.want)
		}
	}
}

// TestOriginRedactsEchoedKey: a server that echoes the key in its error
// answer, even past the bound on messages, yields errors that hold no part
// of it, with the kind still classified from the raw answer.
func TestOriginRedactsEchoedKey(t *testing.T) {
	const key = "ZZ-local-key-9f8e7d6c5b4a"
	o := inference.Origin{Backend: "b", URL: "http://h", KeySource: "environment variable K"}.WithSecret(key)
	long := strings.Repeat("x", 500) + key
	for _, body := range []string{
		`{"error":{"message":"Invalid API key: ` + key + `","type":"invalid_request_error"}}`,
		`{"error":"bad token Bearer ` + key + `"}`,
		long,
	} {
		err := o.HTTPError(http.StatusUnauthorized, http.Header{}, stream.ErrorMessage([]byte(body)))
		if !errors.Is(err, inference.ErrUnauthorized) {
			t.Errorf("kind = %v, want unauthorized", err.Kind)
		}
		for _, part := range []string{key, key[:12], key[len(key)-12:]} {
			if strings.Contains(err.Error(), part) {
				t.Errorf("error %q holds %q of the key", err, part)
			}
		}
	}
	se := o.StreamError("upstream said key=" + key)
	if strings.Contains(se.Error(), key) {
		t.Errorf("stream error %q holds the key", se)
	}
	te := o.TransportError(fmt.Errorf("proxy rejected %s: %w", key, syscall.ECONNREFUSED))
	if strings.Contains(te.Error(), key) || !errors.Is(te, syscall.ECONNREFUSED) {
		t.Errorf("transport error %q holds the key or lost its cause", te)
	}
}
