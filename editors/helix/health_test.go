package helix_test

import (
	"context"
	"maps"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/lspilot/lspilot/inference/chroottest"
)

// TestHelixDefaults runs the health check of the real Helix 25.07 for each
// language of helixDefaults: with no user configuration it lists Helix's
// own servers, which helixDefaults must match; with languages.toml as the
// user's file it lists them and lspilot last, so Helix reads the file as
// TestLanguages does.
func TestHelixDefaults(t *testing.T) {
	r := chroottest.Require(t)
	dir := r.TempDir(t)
	bare, user := dir+"/bare", dir+"/user"
	for _, d := range []string{bare, user + "/.config/helix"} {
		if err := os.MkdirAll(r.Path(d), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile(configFile)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, r.Path(user+"/.config/helix/languages.toml"), string(data))
	for _, name := range slices.Sorted(maps.Keys(helixDefaults)) {
		if diff := cmp.Diff(helixDefaults[name], healthServers(t, r, bare, name)); diff != "" {
			t.Errorf("Helix's default servers for %s (-helixDefaults +hx --health):\n%s", name, diff)
		}
		want := append(slices.Clone(helixDefaults[name]), "lspilot")
		if diff := cmp.Diff(want, healthServers(t, r, user, name)); diff != "" {
			t.Errorf("servers for %s with %s (-want +hx --health):\n%s", name, configFile, diff)
		}
	}
}

// ansi matches the colour escapes of Helix's health check.
var ansi = regexp.MustCompile("\x1b\\[[0-9;]*m")

// healthServers returns the language servers `hx --health lang` lists for
// a user whose home is home (inside the chroot).
func healthServers(t *testing.T, r *chroottest.Root, home, lang string) []string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := r.Command(ctx, "hx", "--health", lang)
	cmd.Env = setEnv(cmd.Env, "HOME="+home, "XDG_CONFIG_HOME="+home+"/.config", "XDG_CACHE_HOME="+home+"/.cache")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("hx --health %s: %v", lang, err)
	}
	var names []string
	_, list, _ := strings.Cut(ansi.ReplaceAllString(string(out), ""), "Configured language servers:\n")
	for _, line := range strings.Split(list, "\n") {
		if !strings.HasPrefix(line, "  ") {
			break
		}
		// "  ✘ gopls: 'gopls' not found in $PATH"
		_, entry, _ := strings.Cut(strings.TrimSpace(line), " ")
		name, _, _ := strings.Cut(entry, ":")
		names = append(names, name)
	}
	return names
}
