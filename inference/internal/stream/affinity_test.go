package stream

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/lspilot/lspilot/inference"
)

func TestNewSetupRefusesAffinityHeader(t *testing.T) {
	tests := []struct {
		give    string
		wantErr string
	}{
		{give: "x-smg-routing-key"},
		{give: ""},
		{give: "Authorization", wantErr: "affinityHeader"},
		{give: "x key", wantErr: "not an HTTP header name"},
	}
	for _, tt := range tests {
		t.Run(tt.give, func(t *testing.T) {
			cfg := inference.BackendConfig{URL: "http://127.0.0.1:1", AffinityHeader: tt.give}
			_, err := NewSetup(cfg, inference.KindOpenAI, nil)
			if (err == nil) != (tt.wantErr == "") || err != nil && !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("NewSetup() error = %v, want %q", err, tt.wantErr)
			}
		})
	}
}

func TestSetAffinityHeader(t *testing.T) {
	tests := []struct {
		name   string
		header string
		preset http.Header
		want   http.Header
	}{
		{name: "set", header: "x-session-token", preset: http.Header{},
			want: http.Header{"X-Session-Token": {inference.AffinityKey("7-1")}}},
		{name: "none configured", preset: http.Header{}, want: http.Header{}},
		{name: "never overwrites", header: "X-Api-Version", preset: http.Header{"X-Api-Version": {"2"}},
			want: http.Header{"X-Api-Version": {"2"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := withAffinity(context.Background(), tt.header, "7-1")
			SetAffinityHeader(ctx, tt.preset)
			if got, want := tt.preset, tt.want; len(got) != len(want) || got.Get(tt.header) != want.Get(tt.header) {
				t.Errorf("header = %v, want %v", got, want)
			}
			if HasAffinity(ctx) != (tt.header != "") {
				t.Errorf("HasAffinity() = %v with header %q", HasAffinity(ctx), tt.header)
			}
		})
	}
}
