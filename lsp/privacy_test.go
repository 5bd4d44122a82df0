package lsp_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/lspilot/lspilot/diffing"
	"github.com/lspilot/lspilot/inference/complete"
	"github.com/lspilot/lspilot/inference/edit"
	"github.com/lspilot/lspilot/inference/explain"
	"github.com/lspilot/lspilot/lsp"
	"github.com/lspilot/lspilot/lsp/lsptest"
)

// recordingFeatures answer every feature and record the paths they saw;
// the editor also records what a lookup of lookupName returned.
type recordingFeatures struct {
	mu         sync.Mutex
	paths      []string
	lookupName string
	lookedUp   []bool
}

func (r *recordingFeatures) saw(path string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.paths = append(r.paths, path)
}

func (r *recordingFeatures) seen() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.paths...)
}

func (r *recordingFeatures) Complete(_ context.Context, req complete.Request) ([]complete.Suggestion, error) {
	r.saw(req.Path)
	return []complete.Suggestion{{Text: "x"}}, nil
}

func (r *recordingFeatures) Explain(_ context.Context, req explain.Request, _ func(string)) (explain.Explanation, error) {
	r.saw(req.Path)
	return explain.Explanation{Markdown: "it is code"}, nil
}

func (r *recordingFeatures) Edit(_ context.Context, req edit.Request, _ func(string)) (diffing.Result, error) {
	r.saw(req.Path)
	_, ok := req.Lookup(r.lookupName)
	r.mu.Lock()
	r.lookedUp = append(r.lookedUp, ok)
	r.mu.Unlock()
	return diffing.Result{}, nil
}

// TestPrivateFilesReachNoFeature: inline completion, hover, code actions
// and the explain command on excluded files never reach a feature; the
// handlers answer empty results or refuse code actions, and a code action
// elsewhere cannot look an excluded file up.
func TestPrivateFilesReachNoFeature(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{
		".env": "TOKEN=abc\n", "id_rsa": "-----BEGIN-----\n", "certs/server.pem": "-----BEGIN-----\n",
		".git/config": "[core]\n", "main.py": "print(1)\n",
	}
	for name, text := range files {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	rec := &recordingFeatures{lookupName: ".env"}
	e := lsptest.Start(t, lsp.Options{Features: lsp.Features{Completer: rec, Explainer: rec, Editor: rec}},
		&protocol.InitializeParams{RootURI: ptr(uri.File(root))})
	mainURI := string(uri.File(filepath.Join(root, "main.py")))
	e.Open(mainURI, "python", files["main.py"])
	mainActs := listActions(t, e, mainURI, protocol.Range{End: protocol.Position{Line: 0, Character: 3}}, nil)
	if len(mainActs) == 0 {
		t.Fatal("no actions listed for main.py")
	}
	if err := os.Symlink(".env", filepath.Join(root, "notes.txt")); err != nil { // a harmless name for a secret
		t.Fatal(err)
	}
	files["notes.txt"] = files[".env"]
	for _, name := range []string{".env", "id_rsa", "certs/server.pem", ".git/config", "notes.txt"} {
		u := string(uri.File(filepath.Join(root, name)))
		e.Open(u, "plaintext", files[name])
		pos := protocol.TextDocumentPositionParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri.URI(u)}, Position: protocol.Position{Line: 0, Character: 2}}
		var inline protocol.InlineCompletionList
		if err := e.Call(protocol.MethodTextDocumentInlineCompletion, &protocol.InlineCompletionParams{
			TextDocumentPositionParams: pos, Context: protocol.InlineCompletionContext{TriggerKind: protocol.InlineCompletionTriggerKindInvoked},
		}, &inline); err != nil || len(inline.Items) != 0 {
			t.Errorf("%s: inline completion = %+v, %v; want empty", name, inline.Items, err)
		}
		var hover *protocol.Hover
		if err := e.Call(protocol.MethodTextDocumentHover, &protocol.HoverParams{TextDocumentPositionParams: pos}, &hover); err != nil || hover != nil {
			t.Errorf("%s: hover = %+v, %v; want none", name, hover, err)
		}
		rng := protocol.Range{End: protocol.Position{Line: 0, Character: 3}}
		if got := listActions(t, e, u, rng, nil); len(got) != 0 {
			t.Errorf("%s: actions listed %q, want none", name, titles(got))
		}
		// An action listed for another file but sent back naming this one
		// (a stale or forged request) is refused all the same.
		for _, ca := range retarget(t, mainActs, mainURI, u) {
			var err error
			if ca.Command.Command == lsp.CommandExplain {
				err = e.Call(protocol.MethodWorkspaceExecuteCommand, &protocol.ExecuteCommandParams{
					Command: ca.Command.Command, Arguments: ca.Command.Arguments}, nil)
			} else {
				_, err = resolve(t, e, ca)
			}
			if err == nil || !strings.Contains(err.Error(), "privacy") {
				t.Errorf("%s: %q = %v, want a refusal naming the privacy rules", name, ca.Title, err)
			}
		}
	}
	if got := rec.seen(); len(got) != 0 {
		t.Fatalf("features saw excluded files: %q", got)
	}
	for _, ca := range mainActs {
		if ca.Command.Command != lsp.CommandExplain {
			resolve(t, e, ca)
			break
		}
	}
	if got := rec.seen(); len(got) != 1 || got[0] != "main.py" {
		t.Errorf("features saw %q, want main.py", got)
	}
	if len(rec.lookedUp) != 1 || rec.lookedUp[0] {
		t.Errorf("lookups of .env from main.py's action = %v, want one refused", rec.lookedUp)
	}
}

// retarget returns copies of actions with every mention of the document from
// replaced by to.
func retarget(t *testing.T, actions []*protocol.CodeAction, from, to string) []*protocol.CodeAction {
	t.Helper()
	var out []*protocol.CodeAction
	for _, ca := range actions {
		b, err := json.Marshal(ca)
		if err != nil {
			t.Fatal(err)
		}
		var c protocol.CodeAction
		if err := protocol.Unmarshal([]byte(strings.ReplaceAll(string(b), from, to)), &c); err != nil {
			t.Fatal(err)
		}
		out = append(out, &c)
	}
	return out
}
