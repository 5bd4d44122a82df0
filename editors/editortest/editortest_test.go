package editortest

import (
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

func TestMain(m *testing.M) { Main(m) }

func TestSnippet(t *testing.T) {
	tests := []struct {
		name, readme, want string
		wantErr            bool
	}{
		{name: "lua", readme: "x\n<!-- lua -->\ntext\n```lua\nrequire('x')\n```\n<!-- /lua -->\n", want: "require('x')\n"},
		{name: "first block", readme: "<!-- first block -->\n```sh\none\n```\n```sh\ntwo\n```\n<!-- /first block -->", want: "one\n"},
		{name: "missing", readme: "<!-- b -->```sh\nx\n```<!-- /b -->", wantErr: true},
		{name: "no block", readme: "<!-- no block -->text<!-- /no block -->", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := snippet([]byte(tt.readme), tt.name)
			if (err != nil) != tt.wantErr {
				t.Fatalf("snippet: err = %v, want error %v", err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("snippet = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestTerminal(t *testing.T) {
	cmd := exec.Command("sh", "-c", `printf 'ready\n'; read line; printf 'got <%s> in %s\n' "$line" "$GREETING"; sleep 60`)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "GREETING=it's here"}
	term := StartTerminal(t, Size{Width: 60, Height: 10}, cmd)
	term.WaitForText(10*time.Second, "ready")
	term.Type("a 'quoted' line")
	term.SendKeys("Enter")
	screen := term.WaitForText(10*time.Second, "got <")
	if want := "got <a 'quoted' line> in it's here"; !strings.Contains(screen, want) {
		t.Errorf("screen lacks %q:\n%s", want, screen)
	}
}

func TestBinary(t *testing.T) {
	dir := t.TempDir()
	bin := CopyBinary(t, dir)
	out, err := exec.Command(bin, "version").CombinedOutput()
	if err != nil {
		t.Fatalf("%s version: %v\n%s", bin, err, out)
	}
}
