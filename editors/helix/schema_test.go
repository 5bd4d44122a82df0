package helix_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// The shape of Helix's languages.toml (helix-core's syntax configuration):
// only the keys a user's file may set for language servers and the language
// entries that name them. Unknown keys are errors, as Helix's
// deny_unknown_fields makes them for [[language]].

// config is a languages.toml file.
type config struct {
	Language       []language                `toml:"language"`
	LanguageServer map[string]languageServer `toml:"language-server"`
}

// languageServer is one [language-server.NAME] table.
type languageServer struct {
	Command              string            `toml:"command"`
	Args                 []string          `toml:"args"`
	Environment          map[string]string `toml:"environment"`
	Config               map[string]any    `toml:"config"`
	Timeout              *int64            `toml:"timeout"` // seconds, an unsigned integer
	RequiredRootPatterns []string          `toml:"required-root-patterns"`
}

// language is one [[language]] entry of a user's file, which Helix merges by
// name into its built-in entry.
type language struct {
	Name            string      `toml:"name"`
	LanguageServers []serverRef `toml:"language-servers"`
}

// serverRef is an entry of language-servers: a server's name, or a table
// naming it with the features to use or leave out.
type serverRef struct {
	Name   string
	Only   []string
	Except []string
}

// UnmarshalTOML implements toml.Unmarshaler.
func (r *serverRef) UnmarshalTOML(v any) error {
	switch v := v.(type) {
	case string:
		r.Name = v
		return nil
	case map[string]any:
		for key, val := range v {
			var err error
			switch key {
			case "name":
				name, ok := val.(string)
				if !ok {
					return fmt.Errorf("language-servers: name must be a string, not %T", val)
				}
				r.Name = name
			case "only-features":
				r.Only, err = features(key, val)
			case "except-features":
				r.Except, err = features(key, val)
			default:
				return fmt.Errorf("language-servers: unknown key %q", key)
			}
			if err != nil {
				return err
			}
		}
		if r.Name == "" {
			return fmt.Errorf("language-servers: a table needs a name")
		}
		return nil
	}
	return fmt.Errorf("language-servers: want a string or a table, not %T", v)
}

// features reads a list of Helix feature names.
func features(key string, v any) ([]string, error) {
	list, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("language-servers: %s must be a list, not %T", key, v)
	}
	out := make([]string, len(list))
	for i, f := range list {
		name, ok := f.(string)
		if !ok || !helixFeatures[name] {
			return nil, fmt.Errorf("language-servers: %s: %v is not a Helix feature", key, f)
		}
		out[i] = name
	}
	return out, nil
}

// helixFeatures are the names Helix accepts in only-features and except-features.
var helixFeatures = map[string]bool{
	"format": true, "goto-declaration": true, "goto-definition": true, "goto-type-definition": true,
	"goto-reference": true, "goto-implementation": true, "signature-help": true, "hover": true,
	"document-highlight": true, "completion": true, "code-action": true, "workspace-command": true,
	"document-symbols": true, "workspace-symbols": true, "diagnostics": true, "rename-symbol": true,
	"inlay-hints": true,
}

// load decodes path strictly: a key outside the schema is an error.
func load(path string) (config, error) {
	var c config
	data, err := os.ReadFile(path)
	if err != nil {
		return c, err
	}
	md, err := toml.Decode(string(data), &c)
	if err != nil {
		return c, fmt.Errorf("parse %s: %w", path, err)
	}
	var unknown []string
	for _, key := range md.Undecoded() {
		if !under(key, "language-server", "*", "config") {
			unknown = append(unknown, key.String())
		}
	}
	if len(unknown) > 0 {
		return c, fmt.Errorf("%s: keys outside Helix's schema: %s", path, strings.Join(unknown, ", "))
	}
	return c, nil
}

// under reports whether key lies below the path prefix, where * matches any
// one part. Everything under a server's config is the server's own business.
func under(key toml.Key, prefix ...string) bool {
	if len(key) <= len(prefix) {
		return false
	}
	for i, p := range prefix {
		if p != "*" && key[i] != p {
			return false
		}
	}
	return true
}

// TestLoad checks that load holds files to Helix's schema.
func TestLoad(t *testing.T) {
	tests := []struct {
		name    string
		give    string
		wantErr string // empty: no error
	}{
		{
			name: "server config is free-form",
			give: "[language-server.x]\ncommand = \"x\"\n[language-server.x.config]\nanything.nested = [1, 2]\n",
		},
		{
			name: "feature lists",
			give: "[[language]]\nname = \"go\"\nlanguage-servers = [\"gopls\", { name = \"x\", only-features = [\"completion\"] }]\n",
		},
		{
			name:    "misspelt language key",
			give:    "[[language]]\nname = \"go\"\nlanguage-server = [\"x\"]\n",
			wantErr: "language.language-server",
		},
		{
			name:    "misspelt server key",
			give:    "[language-server.x]\ncommand = \"x\"\nargz = []\n",
			wantErr: "language-server.x.argz",
		},
		{
			name:    "unknown feature",
			give:    "[[language]]\nname = \"go\"\nlanguage-servers = [{ name = \"x\", only-features = [\"ghost-text\"] }]\n",
			wantErr: "not a Helix feature",
		},
		{
			name:    "table without a name",
			give:    "[[language]]\nname = \"go\"\nlanguage-servers = [{ except-features = [\"hover\"] }]\n",
			wantErr: "needs a name",
		},
		{
			name:    "timeout is a number",
			give:    "[language-server.x]\ncommand = \"x\"\ntimeout = \"30s\"\n",
			wantErr: "timeout",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "languages.toml")
			if err := os.WriteFile(path, []byte(tt.give), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := load(path)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("load: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("load: got error %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}
