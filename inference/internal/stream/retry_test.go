package stream_test

import (
	"testing"
	"time"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/internal/stream"
)

func TestRetryPolicyFor(t *testing.T) {
	tests := []struct {
		name string
		give int
		want int
	}{
		{name: "unset", give: 0, want: stream.DefaultRetryPolicy.Retries},
		{name: "disabled", give: -1, want: 0},
		{name: "set", give: 5, want: 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := inference.BackendConfig{
				Name: "gpu", Kind: inference.KindOpenAI, URL: "http://127.0.0.1:8000/v1", Model: "qwen-coder",
				IdleTimeout: 5 * time.Second, Retries: tt.give,
			}
			got := stream.RetryPolicyFor(cfg.WithDefaults())
			want := stream.DefaultRetryPolicy
			want.Retries = tt.want
			if got != want {
				t.Errorf("RetryPolicyFor(Retries: %d) = %+v, want %+v", tt.give, got, want)
			}
		})
	}
}
