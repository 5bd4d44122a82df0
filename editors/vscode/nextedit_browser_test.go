package vscode_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/lspilot/lspilot/editors/editortest"
	"github.com/lspilot/lspilot/inference/chroottest"
)

// sumGo is the file the next-edit test edits.
const sumGo = "package calc\n\n// Sum adds the values up.\nfunc Sum(xs []int) int {\n\ttotal := 0\n\tfor _, x := range xs {\n\t\ttotal += x\n\t}\n\treturn total\n}\n"

// nextEditRules are the scripted model's rewrites (see
// editortest.RenameBackend): finish the rename of xs to values in the loop;
// once that is done, double the result. The second comes first, so that
// the region the first rewrites is not also doubled in the same answer.
var nextEditRules = []editortest.Rename{
	{When: "range values {", Old: "\treturn total\n", New: "\treturn total * 2\n"},
	{When: "range xs {", Old: "range xs {", New: "range values {"},
}

// TestVSCodeNextEdit runs VS Code itself (code-server in the chroot, with
// the packaged extension installed as the README says, in Chromium on the
// host) against lspilot and a scripted chat backend: the user renames a
// parameter in a signature, the next edit (the rename of its use in the
// loop below) is drawn there with a hint at the cursor's line, the first
// Tab goes to it and the second takes it; the edit that follows is
// dismissed with Escape. The saved file holds the one taken edit, and the
// server was told the edits were shown, the first accepted and the second
// rejected.
func TestVSCodeNextEdit(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
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
	if err := os.WriteFile(r.Path(work+"/sum.go"), []byte(sumGo), 0o644); err != nil {
		t.Fatal(err)
	}
	vsix := installLine(t, editortest.Snippet(t, "setup-vscode"))
	if err := copyFile(filepath.Join(editortest.RepoRoot(t), vsix), r.Path(path.Join(dir, path.Base(vsix)))); err != nil {
		t.Fatal(err)
	}
	out := runCodeServer(ctx, t, r, entry, dir, "--install-extension", path.Join(dir, path.Base(vsix)))
	if !strings.Contains(out, "successfully installed") {
		t.Fatalf("code-server --install-extension:\n%s", out)
	}

	backend := editortest.RenameBackend(t, nextEditRules...)
	logFile := path.Join(dir, "lspilot.log")
	writeSettings(t, r.Path(path.Join(dir, "data/User/settings.json")), map[string]any{
		"lspilot.path":     strings.TrimPrefix(bin, r.Dir),
		"lspilot.args":     []string{"serve", "--log-level", "debug", "--log-file", logFile},
		"lspilot.backends": []map[string]string{{"name": "scripted", "kind": "openai", "url": backend.URL + "/v1", "model": "scripted"}},
		// Next edits only: no ghost text or hover that would take Tab or
		// Escape, no word suggestions while typing.
		"lspilot.trace.server":                         "messages",
		"lspilot.completion.enabled":                   false,
		"lspilot.hover.enabled":                        false,
		"editor.quickSuggestions":                      map[string]string{"other": "off", "comments": "off", "strings": "off"},
		"editor.wordBasedSuggestions":                  "off",
		"editor.suggestOnTriggerCharacters":            false,
		"editor.parameterHints.enabled":                false,
		"workbench.startupEditor":                      "none",
		"workbench.secondarySideBar.defaultVisibility": "hidden",
		"chat.disableAIFeatures":                       true,
		"workbench.tips.enabled":                       false,
		"editor.minimap.enabled":                       false,
		"telemetry.telemetryLevel":                     "off",
	})
	cs := startCodeServer(ctx, t, r, entry, dir, work)
	t.Cleanup(func() {
		if t.Failed() {
			data, _ := os.ReadFile(r.Path(logFile))
			t.Logf("the server's log:\n%s\nregions asked of the backend: %d", tail(data, 16<<10), backend.Asked())
		}
	})

	shot := filepath.Join(t.TempDir(), "next-edit.png")
	if *updateScreenshot {
		shot = filepath.Join(editortest.RepoRoot(t), "editors/vscode/media/next-edit.png")
	}
	res := node(ctx, t, []string{
		"LSPILOT_E2E_URL=" + cs.url, "LSPILOT_E2E_FOLDER=" + work, "LSPILOT_E2E_FILE=sum.go",
		"LSPILOT_E2E_SAVED=" + r.Path(work+"/sum.go"), "LSPILOT_E2E_SCREENSHOT=" + shot, "LSPILOT_E2E_PROFILE=" + t.TempDir(),
	}, "out/test/e2e/nextEdit.js")
	var seen struct{ Shown, JumpedTo, Accepted, Following, Dismissed string }
	if err := json.Unmarshal([]byte(res), &seen); err != nil {
		t.Fatalf("driver output %q: %v", res, err)
	}
	t.Logf("drawn:\n%s\ncursor after the first Tab: %s\nfollowing edit drawn:\n%s", seen.Shown, seen.JumpedTo, seen.Following)
	checkPNG(t, shot)

	saved, err := os.ReadFile(r.Path(work + "/sum.go"))
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.Replace(sumGo, "func Sum(xs", "func Sum(values", 1); string(saved) != strings.Replace(want, "range xs", "range values", 1) {
		t.Errorf("sum.go after the edits and save:\n%s\nwant the rename taken and the doubling dismissed", saved)
	}
	if backend.Asked() < 2 {
		t.Errorf("the backend rewrote %d regions, want at least 2", backend.Asked())
	}

	// What the extension reported: kind 1 shown, 2 accepted, 3 rejected
	// (nextedit.Feedback), each for an edit the server knows.
	logText, err := os.ReadFile(r.Path(logFile))
	if err != nil {
		t.Fatal(err)
	}
	for kind, what := range map[int]string{1: "shown", 2: "accepted", 3: "rejected"} {
		if !feedbackRE(kind).Match(logText) {
			t.Errorf("the server's log has no %s next edit:\n%s", what, grep(string(logText), "next edit"))
		}
	}
}

// feedbackRE matches the server's log line of next-edit feedback of kind
// for an edit it knows.
func feedbackRE(kind int) *regexp.Regexp {
	return regexp.MustCompile(fmt.Sprintf(`next edit feedback.*"kind":\s*%d,\s*"known":\s*true`, kind))
}
