package config

import "testing"

// TestCopilotNextEditSettings checks that the settings GitHub Copilot's
// clients send for next edits configure nextEdit.enabled.
func TestCopilotNextEditSettings(t *testing.T) {
	tests := []struct {
		name, raw string
		want      bool
	}{
		{name: "copilot's key turns next edits off", raw: `{"nextEditSuggestions":{"enabled":false}}`, want: false},
		{name: "copilot's key turns them on", raw: `{"nextEditSuggestions":{"enabled":true},"nextEdit":{"format":"chat"}}`, want: true},
		{name: "lspilot's own key wins", raw: `{"nextEditSuggestions":{"enabled":true},"nextEdit":{"enabled":false}}`, want: false},
		{name: "without enabled nothing changes", raw: `{"nextEditSuggestions":{}}`, want: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := ParseSettings([]byte(tt.raw))
			if err != nil {
				t.Fatal(err)
			}
			s := NewStore()
			cfg, errs := s.Set(FromClient, l)
			if len(errs) > 0 {
				t.Fatalf("errors: %v", errs)
			}
			if cfg.NextEdit.Enabled != tt.want {
				t.Errorf("nextEdit.enabled = %v, want %v", cfg.NextEdit.Enabled, tt.want)
			}
		})
	}
}
