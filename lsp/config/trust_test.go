package config

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// applyLayers sets the TOML file layer, then each JSON client layer in turn,
// and returns the effective configuration and every reported key.
func applyLayers(t *testing.T, file string, clients ...string) (*Store, []*KeyError) {
	t.Helper()
	s := NewStore()
	var all []*KeyError
	if file != "" {
		l, err := parseTOML([]byte(file))
		if err != nil {
			t.Fatal(err)
		}
		_, errs := s.Set(FromFile, l)
		all = append(all, errs...)
	}
	for i, raw := range clients {
		l, err := ParseSettings([]byte(raw))
		if err != nil {
			t.Fatal(err)
		}
		_, errs := s.Set([]Source{FromInit, FromClient}[i], l)
		all = append(all, errs...)
	}
	return s, all
}

const keyedFile = `
[[backends]]
name = "main"
url = "http://127.0.0.1:8000/v1"
model = "m"
kind = "openai"
apiKeyEnv = "OPENAI_API_KEY"
`

// TestClientCannotChooseWhereKeysGo: key sources from a client are refused
// key by key with the backends in force kept; a client's own backends list
// carries no key; the config file's key stays with its URL.
func TestClientCannotChooseWhereKeysGo(t *testing.T) {
	tests := []struct {
		name        string
		file        string
		client      string
		wantURL     string
		wantKeyEnv  string
		wantKeyFile string
		wantKeys    []string
	}{
		{
			name: "file key kept", file: keyedFile,
			wantURL: "http://127.0.0.1:8000/v1", wantKeyEnv: "OPENAI_API_KEY",
		},
		{
			name: "client apiKeyEnv refused", file: keyedFile,
			client:  `{"backends":[{"url":"http://evil.example/v1","model":"m","kind":"openai","apiKeyEnv":"HOME"}]}`,
			wantURL: "http://127.0.0.1:8000/v1", wantKeyEnv: "OPENAI_API_KEY",
			wantKeys: []string{"backends[0].apiKeyEnv"},
		},
		{
			name:     "client apiKeyFile refused without a file backend",
			client:   `{"lspilot":{"backends":[{"url":"http://evil.example","model":"m","kind":"ollama","apiKeyFile":"/etc/hostname"}]}}`,
			wantKeys: []string{"backends[0].apiKeyFile"},
		},
		{
			name: "client literal key refused", file: keyedFile,
			client:  `{"backends":[{"url":"http://evil.example/v1","model":"m","kind":"openai","apiKey":"sk-0123456789abcdef"}]}`,
			wantURL: "http://127.0.0.1:8000/v1", wantKeyEnv: "OPENAI_API_KEY",
			wantKeys: []string{"backends[0].apiKey"},
		},
		{
			name: "key source in any case refused", file: keyedFile,
			client:  `{"backends":[{"url":"http://evil.example/v1","model":"m","APIKEYENV":"HOME"}]}`,
			wantURL: "http://127.0.0.1:8000/v1", wantKeyEnv: "OPENAI_API_KEY",
			wantKeys: []string{"backends[0].APIKEYENV"},
		},
		{
			name: "client URL for the keyed backend goes without the key", file: keyedFile,
			client:  `{"backends":[{"name":"main","url":"http://evil.example/v1","model":"m","kind":"openai"}]}`,
			wantURL: "http://evil.example/v1",
		},
		{
			name: "client replicas for the keyed backend go without the key", file: keyedFile,
			client:  `{"backends":[{"name":"main","url":"http://127.0.0.1:8000/v1","replicas":["http://evil.example/v1"],"model":"m","kind":"openai"}]}`,
			wantURL: "http://127.0.0.1:8000/v1",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var clients []string
			if tt.client != "" {
				clients = append(clients, tt.client)
			}
			s, errs := applyLayers(t, tt.file, clients...)
			var keys []string
			for _, e := range errs {
				keys = append(keys, e.Key)
				if strings.Contains(e.Error(), "/etc/hostname") || strings.Contains(e.Error(), "HOME") {
					t.Errorf("message %q repeats what the client named", e)
				}
			}
			if diff := cmp.Diff(tt.wantKeys, keys); diff != "" {
				t.Errorf("reported keys (-want +got):\n%s", diff)
			}
			bs := s.Get().Backends
			if tt.wantURL == "" {
				if len(bs) != 0 {
					t.Errorf("backends = %+v, want none", bs)
				}
				return
			}
			if len(bs) != 1 {
				t.Fatalf("backends = %+v, want one", bs)
			}
			b := bs[0]
			if b.URL != tt.wantURL || b.APIKeyEnv != tt.wantKeyEnv || b.APIKeyFile != tt.wantKeyFile {
				t.Errorf("backend url %q env %q file %q, want %q %q %q", b.URL, b.APIKeyEnv, b.APIKeyFile, tt.wantURL, tt.wantKeyEnv, tt.wantKeyFile)
			}
		})
	}
}

// TestKeyBinding: whatever the merge, an effective backend whose key source
// is not paired with the same URL and replicas in the config file is
// refused.
func TestKeyBinding(t *testing.T) {
	file, err := parseTOML([]byte(keyedFile))
	if err != nil {
		t.Fatal(err)
	}
	own := Backend{Name: "main", URL: "http://127.0.0.1:8000/v1", Model: "m", Kind: "openai", APIKeyEnv: "OPENAI_API_KEY"}
	moved, extra, other := own, own, own
	moved.URL = "http://evil.example/v1"
	extra.Replicas = []string{"http://evil.example/v1"}
	other.APIKeyEnv = "HOME"
	tests := []struct {
		name string
		file layer
		give []Backend
		want []string
	}{
		{"same target", file, []Backend{own}, nil},
		{"no key", file, []Backend{{URL: "http://x"}}, nil},
		{"moved URL", file, []Backend{moved}, []string{"backends[0].url"}},
		{"added replica", file, []Backend{own, extra}, []string{"backends[1].url"}},
		{"other source", file, []Backend{other}, []string{"backends[0].url"}},
		{"no file", nil, []Backend{own}, []string{"backends[0].url"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var keys []string
			for _, e := range keyBinding(tt.file, tt.give) {
				keys = append(keys, e.Key)
			}
			if diff := cmp.Diff(tt.want, keys); diff != "" {
				t.Errorf("keys (-want +got):\n%s", diff)
			}
		})
	}
}

// TestPrivacyExcludeAddsUp: exclusion lists of every layer add up, a client
// cannot drop the file's, and a bad pattern is refused with the rest kept.
func TestPrivacyExcludeAddsUp(t *testing.T) {
	s, errs := applyLayers(t, "[privacy]\nexclude = [\"settings.py\"]\n",
		`{"privacy":{"exclude":["notes/*.md"]}}`, `{"privacy":{"exclude":["[bad"]}}`)
	if len(errs) != 1 || errs[0].Key != "privacy.exclude" {
		t.Errorf("errors = %v, want one for privacy.exclude", errs)
	}
	for _, tt := range []struct {
		path string
		want bool
	}{
		{"app/settings.py", true}, {"notes/todo.md", true}, {".env", true}, {"main.py", false},
	} {
		if got := s.Excluded(tt.path); got != tt.want {
			t.Errorf("excluded(%q) = %v, want %v", tt.path, got, tt.want)
		}
	}
	if got := s.Get().Privacy.Exclude; len(got) != 2 {
		t.Errorf("effective privacy.exclude = %q, want the file's and the client's", got)
	}
	s, _ = applyLayers(t, "[privacy]\nexclude = [\"settings.py\"]\n", `{"privacy":{"exclude":[]}}`)
	if !s.Excluded("settings.py") {
		t.Error("an empty client list removed the file's pattern")
	}
}
