package vscode_test

import (
	"context"
	"encoding/json"
	"flag"
	"image/png"
	"io"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/lspilot/lspilot/editors/editortest"
	"github.com/lspilot/lspilot/inference/chroottest"
	"github.com/lspilot/lspilot/inference/ollamatest"
	"github.com/lspilot/lspilot/inference/ollamatest/tinymodel"
	"github.com/lspilot/lspilot/inference/proctest"
)

var updateScreenshot = flag.Bool("screenshot", false, "write the screenshots to media/ (ghost-text.png, next-edit.png)")

// TestVSCodeGhostText runs VS Code itself: code-server in the chroot with
// the packaged extension installed as the README says, a real Ollama as the
// backend, and Chromium on the host driven through playwright-core. It
// opens a Go file, types a new line, waits for the ghost text the model is
// known to produce, shows the next alternative with Alt+] and the first
// again with Alt+[, takes its first word with Ctrl+Right and the rest with
// Tab, and saves: the file on disk must hold the suggestion, and the server
// must have been told of the partial and the whole acceptance. Then it runs
// an AI code action and reads its text streaming beside the editor, and
// snoozes suggestions and runs lspilot doctor from the status bar's menu.
func TestVSCodeGhostText(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	r := chroottest.Require(t)
	npmReady(ctx, t)
	entry := ensureCodeServer(ctx, t, r)
	npm(ctx, t, nil, "run", "package")
	npm(ctx, t, nil, "run", "compile")

	dir := r.TempDir(t)
	bin := editortest.CopyBinary(t, r.Path(dir))
	work := path.Join(dir, "work")
	if err := os.MkdirAll(r.Path(work), 0o755); err != nil {
		t.Fatal(err)
	}
	const initial = "package main\n\n"
	if err := os.WriteFile(r.Path(work+"/main.go"), []byte(initial), 0o644); err != nil {
		t.Fatal(err)
	}

	// Install the extension with the README's command, code being code-server.
	vsix := installLine(t, editortest.Snippet(t, "setup-vscode"))
	if err := copyFile(filepath.Join(editortest.RepoRoot(t), vsix), r.Path(path.Join(dir, path.Base(vsix)))); err != nil {
		t.Fatal(err)
	}
	out := runCodeServer(ctx, t, r, entry, dir, "--install-extension", path.Join(dir, path.Base(vsix)))
	if !strings.Contains(out, "successfully installed") {
		t.Fatalf("code-server --install-extension:\n%s", out)
	}

	ollama := ollamatest.Start(t, ollamatest.WithoutLargeModel())
	metrics, err := proctest.FreeHost()
	if err != nil {
		t.Fatal(err)
	}
	writeSettings(t, r.Path(path.Join(dir, "data/User/settings.json")), map[string]any{
		"lspilot.path":     strings.TrimPrefix(bin, r.Dir),
		"lspilot.args":     []string{"serve", "--metrics-addr", metrics},
		"lspilot.backends": []map[string]string{{"name": "ollama", "kind": "ollama", "url": ollama.URL, "model": ollama.FIMModel}},
		// Code actions: short answers, and time for them on a busy machine.
		"lspilot.completion.numCtx":     1024,
		"lspilot.codeActions.timeoutMs": 180000,
		// A quiet workbench: no welcome page, chat or tips over the editor.
		"workbench.startupEditor":                      "none",
		"workbench.secondarySideBar.defaultVisibility": "hidden",
		"chat.disableAIFeatures":                       true,
		"workbench.tips.enabled":                       false,
		"editor.minimap.enabled":                       false,
		"telemetry.telemetryLevel":                     "off",
	})
	cs := startCodeServer(ctx, t, r, entry, dir, work)

	shot := filepath.Join(t.TempDir(), "ghost-text.png")
	if *updateScreenshot {
		shot = filepath.Join(editortest.RepoRoot(t), "editors/vscode/media/ghost-text.png")
	}
	firstLine, _, _ := strings.Cut(tinymodel.CycleText, "\n")
	res := node(ctx, t, []string{
		"LSPILOT_E2E_URL=" + cs.url, "LSPILOT_E2E_FOLDER=" + work, "LSPILOT_E2E_FILE=main.go",
		"LSPILOT_E2E_SAVED=" + r.Path(work+"/main.go"),
		"LSPILOT_E2E_EXPECT=" + firstLine, "LSPILOT_E2E_SCREENSHOT=" + shot, "LSPILOT_E2E_PROFILE=" + t.TempDir(),
	}, "out/test/e2e/ghostText.js")
	var seen struct {
		Status, Tooltip, Ghost, Accepted, Streamed, Snoozed, Doctor string
		Alternatives                                                []string
	}
	if err := json.Unmarshal([]byte(res), &seen); err != nil {
		t.Fatalf("driver output %q: %v", res, err)
	}
	t.Logf("status bar %q, tooltip %q, ghost text %q, alternatives %q, streamed %q", seen.Status, seen.Tooltip, seen.Ghost, seen.Alternatives, seen.Streamed)
	if len(seen.Alternatives) != 2 || seen.Alternatives[0] == seen.Alternatives[1] {
		t.Errorf("alternatives shown with Alt+] = %q, want two distinct", seen.Alternatives)
	}
	if !strings.Contains(seen.Tooltip, ollama.FIMModel) {
		t.Errorf("the status bar tooltip %q does not name the model %s", seen.Tooltip, ollama.FIMModel)
	}
	// What the extension reported: a word taken (seen in the edits, for
	// want of the proposed API), then the whole suggestion.
	body := get(t, "http://"+metrics+"/metrics")
	for _, event := range []string{"partially_accepted", "accepted"} {
		if !regexp.MustCompile(`(?m)^lspilot_suggestions_total\{event="` + event + `"\} [1-9]`).MatchString(body) {
			t.Errorf("no %s suggestion in the server's metrics:\n%s", event, grep(body, "lspilot_suggestion"))
		}
	}
	if seen.Streamed == "" {
		t.Error("no text streamed beside the editor while the code action ran")
	}
	if !strings.HasSuffix(seen.Snoozed, "lspilot 5m") {
		t.Errorf("status bar after Snooze for 5 minutes = %q, want it to end in lspilot 5m", seen.Snoozed)
	}
	// All checks pass only on the settings' backend: the chroot has no config file.
	if !strings.Contains(seen.Doctor, "(exit 0)") {
		t.Errorf("output panel after Run lspilot doctor:\n%s", seen.Doctor)
	}
	checkPNG(t, shot)

	saved, err := os.ReadFile(r.Path(work + "/main.go"))
	if err != nil {
		t.Fatal(err)
	}
	if want := initial + "\n" + firstLine; !strings.HasPrefix(string(saved), want) {
		t.Errorf("main.go after Tab and save = %q, want it to start with %q", saved, want)
	}
}

// get returns the body of url.
func get(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// grep returns the lines of s that contain sub.
func grep(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// installLine returns the .vsix that the README's install command names.
func installLine(t *testing.T, snippet string) string {
	t.Helper()
	for _, line := range strings.Split(snippet, "\n") {
		if vsix, ok := strings.CutPrefix(line, "code --install-extension "); ok {
			return strings.TrimSpace(vsix)
		}
	}
	t.Fatalf("the setup-vscode snippet has no `code --install-extension` line:\n%s", snippet)
	return ""
}

func copyFile(src, dst string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, data, 0o644)
}

func writeSettings(t *testing.T, file string, settings map[string]any) {
	t.Helper()
	data, err := json.MarshalIndent(settings, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// checkPNG fails t unless file is a PNG image.
func checkPNG(t *testing.T, file string) {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("screenshot %s: %v", file, err)
	}
	if b := img.Bounds(); b.Dx() < 800 || b.Dy() < 400 {
		t.Errorf("screenshot is %v, want at least 800x400", b.Size())
	}
}
