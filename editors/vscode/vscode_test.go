// Package vscode_test type-checks and packages the lspilot VS Code extension,
// runs its Node tests, which speak to the real lspilot binary the way the
// extension's language client does, checks its settings schema against the
// server's configuration, and runs VS Code itself (code-server, from npm, in
// the Debian unstable chroot) in a browser with the packaged extension.
package vscode_test

import (
	"archive/zip"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/lspilot/lspilot/editors/editortest"
)

// TestExtension installs the extension's npm dependencies (when
// node_modules is missing or older than package-lock.json), type-checks it, packages it into a .vsix and runs
// `npm test` against a freshly built lspilot.
func TestExtension(t *testing.T) {
	for _, tool := range []string{"node", "npm"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s not found: install Node.js 20 or later and npm", tool)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()

	dir := t.TempDir()
	bin := filepath.Join(dir, "lspilot")
	if out, err := exec.CommandContext(ctx, "go", "build", "-o", bin, "../../cmd/lspilot").CombinedOutput(); err != nil {
		t.Fatalf("build lspilot: %v\n%s", err, out)
	}
	npmReady(ctx, t)

	t.Run("typecheck", func(t *testing.T) {
		npm(ctx, t, nil, "run", "check")
	})
	t.Run("package", func(t *testing.T) {
		vsix := filepath.Join(dir, "lspilot.vsix")
		npm(ctx, t, nil, "run", "package", "--", "--out", vsix)
		checkVSIX(t, vsix)
	})
	t.Run("exchange", func(t *testing.T) {
		out := npm(ctx, t, []string{"LSPILOT_BIN=" + bin}, "test")
		// node's test runner closes with "# pass N" and "# fail N".
		if m := regexp.MustCompile(`(?m)^# pass (\d+)$`).FindStringSubmatch(out); m == nil || m[1] == "0" {
			t.Errorf("npm test ran no test:\n%s", out)
		}
	})
}

// npmReady installs the extension's npm dependencies when node_modules is
// missing or older than package-lock.json.
func npmReady(ctx context.Context, t *testing.T) {
	t.Helper()
	if stale("node_modules/.package-lock.json", "package-lock.json") {
		npm(ctx, t, nil, "ci", "--no-audit", "--no-fund")
	}
}

// TestMain removes the lspilot binary that the tests built.
func TestMain(m *testing.M) {
	editortest.Main(m)
}

// stale reports whether installed, the record npm keeps of what it
// installed, is missing or older than the lock file.
func stale(installed, lock string) bool {
	i, err := os.Stat(installed)
	if err != nil {
		return true
	}
	l, err := os.Stat(lock)
	return err != nil || l.ModTime().After(i.ModTime())
}

// npm runs npm with args in the extension's folder and returns its output;
// a failure fails t with that output.
func npm(ctx context.Context, t *testing.T, env []string, args ...string) string {
	t.Helper()
	cmd := exec.CommandContext(ctx, "npm", args...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Env = append(cmd.Env, "npm_config_update_notifier=false")
	start := time.Now()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("npm %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	t.Logf("npm %s: %v", strings.Join(args, " "), time.Since(start).Round(time.Millisecond))
	return string(out)
}

// checkVSIX checks that the package holds the compiled extension and its
// runtime dependencies, none of the sources or tests, and no proposed API.
func checkVSIX(t *testing.T, path string) {
	t.Helper()
	r, err := zip.OpenReader(path)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	defer r.Close()
	files := map[string]bool{}
	for _, f := range r.File {
		files[f.Name] = true
	}
	tests := []struct {
		give string
		want bool
	}{
		{give: "extension.vsixmanifest", want: true},
		{give: "extension/package.json", want: true},
		{give: "extension/readme.md", want: true},
		{give: "extension/LICENSE.txt", want: true},
		{give: "extension/out/src/extension.js", want: true},
		{give: "extension/out/src/inlineCompletion.js", want: true},
		{give: "extension/out/src/statusModel.js", want: true},
		{give: "extension/out/src/streamView.js", want: true},
		{give: "extension/out/src/nextEdit.js", want: true},
		{give: "extension/out/src/nextEditModel.js", want: true},
		{give: "extension/out/test/e2e/ghostText.js", want: false},
		{give: "extension/out/test/e2e/nextEdit.js", want: false},
		{give: "extension/media/ghost-text.png", want: false},
		{give: "extension/media/next-edit.png", want: false},
		{give: "extension/node_modules/playwright-core/package.json", want: false},
		{give: "extension/node_modules/vscode-languageclient/package.json", want: true},
		{give: "extension/node_modules/vscode-languageserver-protocol/package.json", want: true},
		{give: "extension/src/extension.ts", want: false},
		{give: "extension/out/test/exchange.test.js", want: false},
		{give: "extension/vscode_test.go", want: false},
		{give: "extension/node_modules/typescript/package.json", want: false},
		{give: "extension/node_modules/@vscode/vsce/package.json", want: false},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, files[tt.give]); diff != "" {
			t.Errorf("%s in the .vsix (-want +got):\n%s", tt.give, diff)
		}
	}
	for _, f := range r.File {
		if f.Name != "extension/package.json" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		// The Marketplace refuses extensions that need a proposed API.
		if strings.Contains(string(data), "enabledApiProposals") {
			t.Error("the packaged package.json asks for a proposed API (enabledApiProposals)")
		}
	}
}
