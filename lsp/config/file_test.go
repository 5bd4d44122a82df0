package config_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lspilot/lspilot/lsp/config"
)

// TestConfigFileErrors loads bad config files: every error names the file,
// the line and column, the key, and for a value of the wrong type what was
// wanted and what was found.
func TestConfigFileErrors(t *testing.T) {
	tests := []struct {
		name, file string
		want       []string // one line per error, after "FILE:"
	}{
		{"syntax", "[completion\nmaxTokens = 3\n",
			[]string{"1:12: expected '.' or ']' to end table name, but got '\\n' instead"}},
		{"escape at the end of the file", "a = 1\nb = \"\\",
			[]string{`2:6: invalid escape in string '\\x00'`}},
		{"string for an integer", "# lspilot\n[completion]\nmaxTokens = \"many\"\n",
			[]string{`3:1: completion.maxTokens: want an integer, found a string ("many")`}},
		{"string for a boolean", "[hover]\n  enabled = \"yes\" # on\n",
			[]string{`2:3: hover.enabled: want true or false, found a string ("yes")`}},
		{"number for a table", "hover = 3\n",
			[]string{`1:1: hover: want a table, found a number (3)`}},
		{"table for a string", "[fim.template]\nname = \"x\"\n",
			[]string{`1:1: fim.template: want a string, found a table`}},
		{"unknown key", "[completion]\nenabled = true\nmaxTokenz = 3\n",
			[]string{"3:1: completion.maxTokenz: unknown key"}},
		{"dotted key", "completion.maxTokens = true\n",
			[]string{"1:1: completion.maxTokens: want an integer, found a boolean (true)"}},
		{"quoted key", "[completion]\n\"maxTokens\" = 1.5\n",
			[]string{"2:1: completion.maxTokens: want an integer, found a number (1.5)"}},
		{"inline table", "completion = { maxTokens = \"x\" }\n",
			[]string{`1:1: completion.maxTokens: want an integer, found a string ("x")`}},
		{"array of tables", "[[backends]]\nurl = \"http://a\"\n\n[[backends]]\nurl = \"http://b\"\nslots = -1\n",
			[]string{"6:1: backends[1].slots: -1 is negative"}},
		{"unknown routing", "[[backends]]\nurl = \"http://a\"\nrouting = \"random\"\n",
			[]string{`3:1: backends[0].routing: "random" is not prefix or round-robin`}},
		{"unknown eagerness", "[completion]\neagerness = \"max\"\n",
			[]string{`2:1: completion.eagerness: "max" is not one of high, medium, low`}},
		{"unknown next-edit format", "[nextEdit]\nformat = \"zeta3\"\n",
			[]string{`2:1: nextEdit.format: "zeta3" is not one of auto, sweep, zeta, zeta2, instinct, chat`}},
		{"after a multi-line array", "[privacy]\nexclude = [\n  \"a\",\n  [\"b\"],\n]\n[completion]\nmaxTokens = \"x\"\n",
			[]string{`2:1: privacy.exclude[1]: want a string, found an array`, `7:1: completion.maxTokens: want an integer, found a string ("x")`}},
		{"two errors", "[completion]\nmaxTokens = -1\n[hover]\ndeadlineMs = -2\n",
			[]string{"2:1: completion.maxTokens: -1 is negative", "4:1: hover.deadlineMs: -2 is negative"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "config.toml")
			if err := os.WriteFile(path, []byte(tt.file), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := config.LoadFile(path)
			if err == nil {
				t.Fatal("no error")
			}
			var want []string
			for _, w := range tt.want {
				want = append(want, path+":"+w)
			}
			if got := err.Error(); got != strings.Join(want, "\n") {
				t.Errorf("error =\n%s\nwant\n%s", got, strings.Join(want, "\n"))
			}
			var fe *config.FileError
			if !errors.As(err, &fe) || fe.Path != path || fe.Line == 0 {
				t.Errorf("error %v is not a located *FileError", err)
			}
		})
	}
}

// TestConfigFileValid loads a valid file.
func TestConfigFileValid(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	text := "[completion]\nmaxTokens = 64\n\n[[backends]]\nurl = \"http://127.0.0.1:11434\"\nmodel = \"m\"\n"
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	l, err := config.LoadFile(path)
	if err != nil || l["completion"] == nil {
		t.Fatalf("LoadFile = %v, %v", l, err)
	}
}
