package neovim_test

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestNeovimStatus attaches the plugin in a real Neovim, without a backend
// and with one, and checks the statusline function and :Lspilot status.
func TestNeovimStatus(t *testing.T) {
	srv := scriptedServer(t)
	tests := []struct {
		name, args  string
		wantStatus  string
		wantPrinted []string
	}{
		{"no backend", "", "lspilot: no backend", []string{"no backend configured", "state: no backend", "lspilot devel"}},
		{"backend", "--backend " + srv.URL + " --model scripted --backend-kind openai", "lspilot: ready",
			[]string{"state: ready", "backend: " + srv.URL, "model: scripted"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := runScript(t, "test/status.lua", "LSPILOT_WORK="+t.TempDir(), "LSPILOT_ARGS="+tt.args)
			var res struct {
				Before, Status, Printed string
				Errors                  []string
			}
			if err := json.Unmarshal(data, &res); err != nil {
				t.Fatalf("decode %s: %v", data, err)
			}
			t.Logf(":Lspilot status:\n%s", res.Printed)
			for _, e := range res.Errors {
				t.Error(e)
			}
			if res.Before != "" {
				t.Errorf("status before lspilot runs = %q, want \"\"", res.Before)
			}
			if res.Status != tt.wantStatus {
				t.Errorf("status() = %q, want %q", res.Status, tt.wantStatus)
			}
			for _, w := range tt.wantPrinted {
				if !strings.Contains(res.Printed, w) {
					t.Errorf(":Lspilot status lacks %q:\n%s", w, res.Printed)
				}
			}
		})
	}
}
