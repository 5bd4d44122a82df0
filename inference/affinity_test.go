package inference_test

import (
	"strings"
	"testing"

	"github.com/lspilot/lspilot/inference"
)

func TestAffinityKey(t *testing.T) {
	sessions := []string{"", "4242-1", "4242-2", "/home/alice/src 4242-1"}
	seen := map[string]string{}
	for _, s := range sessions {
		k := inference.AffinityKey(s)
		if k != inference.AffinityKey(s) {
			t.Errorf("AffinityKey(%q) changes between calls", s)
		}
		if len(k) != 32 || strings.Trim(k, "0123456789abcdef") != "" {
			t.Errorf("AffinityKey(%q) = %q, want 32 hex digits", s, k)
		}
		if s != "" && strings.Contains(k, s) {
			t.Errorf("AffinityKey(%q) = %q shows the session", s, k)
		}
		if other, dup := seen[k]; dup {
			t.Errorf("sessions %q and %q share the key %s", other, s, k)
		}
		seen[k] = s
	}
}

func TestCheckAffinityHeader(t *testing.T) {
	tests := []struct {
		give string
		ok   bool
	}{
		{give: "", ok: true},
		{give: "x-session-token", ok: true},
		{give: "X-User-Id", ok: true},
		{give: "x-smg-routing-key", ok: true},
		{give: "x_routing.key~1", ok: true},
		{give: "Authorization"},
		{give: "proxy-authorization"},
		{give: "COOKIE"},
		{give: "X-Api-Key"},
		{give: "Host"},
		{give: "Connection"},
		{give: "Transfer-Encoding"},
		{give: "Content-Length"},
		{give: "X-Forwarded-For"},
		{give: "x-request-id"},
		{give: "x session"},
		{give: "x-key:"},
		{give: ":authority"},
		{give: "x-clé"},
		{give: "x-key\r\nEvil: 1"},
	}
	for _, tt := range tests {
		t.Run(tt.give, func(t *testing.T) {
			msg := inference.CheckAffinityHeader(tt.give)
			if (msg == "") != tt.ok {
				t.Errorf("CheckAffinityHeader(%q) = %q, want ok %v", tt.give, msg, tt.ok)
			}
		})
	}
}
