package config

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestContextKeys(t *testing.T) {
	tests := []struct {
		name     string
		file     string
		client   string
		want     Context
		wantKeys []string
	}{
		{name: "on by default", want: Context{Definitions: true}},
		{name: "one key turns it off", client: `{"context":{"definitions":false}}`, want: Context{}},
		{name: "file sets a command",
			file: "[context.languageServers.go]\ncommand = [\"gopls\", \"-remote=auto\"]\n",
			want: Context{Definitions: true, LanguageServers: map[string]LanguageServer{"go": {Command: []string{"gopls", "-remote=auto"}}}}},
		{name: "client may not set a command",
			client: `{"context":{"maxBytes":100,"languageServers":{"go":{"command":["sh","-c","evil"]}}}}`,
			want:   Context{Definitions: true, MaxBytes: 100}, wantKeys: []string{"context.languageServers"}},
		{name: "client echoes an empty map", client: `{"context":{"languageServers":{}}}`, want: Context{Definitions: true, LanguageServers: map[string]LanguageServer{}}},
		{name: "negative budget refused", file: "[context]\nmaxBytes = -1\n", want: Context{Definitions: true}, wantKeys: []string{"context.maxBytes"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewStore()
			var keys []string
			if tt.file != "" {
				l, err := parseTOML([]byte(tt.file))
				if err != nil {
					t.Fatal(err)
				}
				_, errs := s.Set(FromFile, l)
				for _, e := range errs {
					keys = append(keys, e.Key)
				}
			}
			if tt.client != "" {
				l, err := ParseSettings([]byte(tt.client))
				if err != nil {
					t.Fatal(err)
				}
				_, errs := s.Set(FromClient, l)
				for _, e := range errs {
					keys = append(keys, e.Key)
				}
			}
			if diff := cmp.Diff(tt.want, s.Get().Context); diff != "" {
				t.Errorf("Context (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantKeys, keys); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}
