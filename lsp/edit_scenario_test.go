package lsp_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
	"go.uber.org/zap/zaptest"
	"golang.org/x/tools/txtar"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/edit"
	"github.com/lspilot/lspilot/lsp"
	"github.com/lspilot/lspilot/lsp/lsptest"
)

// cannedGen answers generations with canned model output, in order.
type cannedGen struct {
	mu      sync.Mutex
	answers []string
	asked   int
}

func (g *cannedGen) Generate(_ context.Context, _ string, build func(inference.Backend) (*inference.Request, error),
	fn func(inference.Chunk) error) (inference.Backend, inference.Stats, error) {
	if _, err := build(nil); err != nil {
		return nil, inference.Stats{}, err
	}
	g.mu.Lock()
	g.asked++
	if len(g.answers) == 0 {
		g.mu.Unlock()
		return nil, inference.Stats{}, errors.New("no canned answer left")
	}
	answer := g.answers[0]
	g.answers = g.answers[1:]
	g.mu.Unlock()
	// Stream in small pieces, as servers do.
	for len(answer) > 0 {
		n := min(len(answer), 7)
		if err := fn(inference.Chunk{Text: answer[:n]}); err != nil {
			if errors.Is(err, inference.ErrStop) {
				break
			}
			return nil, inference.Stats{}, err
		}
		answer = answer[n:]
	}
	return nil, inference.Stats{}, nil
}

// editScenario is the "action" file of an edit scenario.
type editScenario struct {
	File        string                `json:"file"`     // the document, one of the archive's files
	Language    string                `json:"language"` // its language id
	Action      string                `json:"action"`   // fix, rewrite, simplify, doc, tests
	Range       protocol.Range        `json:"range"`
	Diagnostics []protocol.Diagnostic `json:"diagnostics"`
	// PlainChanges makes the client lack documentChanges support.
	PlainChanges bool `json:"plainChanges"`
	// Annotations makes the client support change annotations.
	Annotations bool `json:"annotations"`
}

// TestEditScenarios runs code actions through the real server and the real
// edit engine on canned model output. Each archive under testdata/edit has
// an "action" file (editScenario), the workspace's files, the model's
// answers ("model", then "model.2" for the one asked again), and a "want"
// file: the resolved WorkspaceEdit, or the error, and how many answers were
// asked for. -update rewrites "want".
func TestEditScenarios(t *testing.T) {
	runArchives(t, "../testdata/edit/*.txtar", func(t *testing.T, ar *txtar.Archive) string { return runEditScenario(t, ar) })
}

func runEditScenario(t *testing.T, ar *txtar.Archive) string {
	var sc editScenario
	if err := protocol.Unmarshal(section(t, ar, "action"), &sc); err != nil {
		t.Fatalf("bad action file: %v", err)
	}
	root := t.TempDir()
	gen := &cannedGen{}
	var doc string
	for _, f := range ar.Files {
		switch {
		case f.Name == "action" || f.Name == "want":
		case f.Name == "model" || strings.HasPrefix(f.Name, "model."):
			gen.answers = append(gen.answers, unescapeCR(string(f.Data)))
		default:
			text := unescapeCR(string(f.Data))
			path := filepath.Join(root, filepath.FromSlash(f.Name))
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			if f.Name == sc.File {
				doc = text
			}
		}
	}
	eng := edit.New(gen, edit.Config{}, zaptest.NewLogger(t))
	caps := resolveCaps(!sc.PlainChanges)
	if sc.Annotations {
		caps.Workspace.WorkspaceEdit.ChangeAnnotationSupport = &protocol.ChangeAnnotationsSupportOptions{}
	}
	e := lsptest.Start(t, lsp.Options{Features: lsp.Features{Editor: eng}},
		&protocol.InitializeParams{RootURI: ptr(uri.File(root)), Capabilities: caps})
	u := string(uri.File(filepath.Join(root, filepath.FromSlash(sc.File))))
	e.Open(u, sc.Language, doc)

	var action *protocol.CodeAction
	for _, a := range listActions(t, e, u, sc.Range, sc.Diagnostics) {
		var data struct{ Action string }
		json.Unmarshal(a.Data, &data)
		if data.Action == sc.Action {
			action = a
		}
	}
	if action == nil {
		t.Fatalf("no %q action offered", sc.Action)
	}
	var out strings.Builder
	resolved, err := resolve(t, e, action)
	if err != nil {
		out.WriteString("error: " + err.Error() + "\n")
	} else {
		var b strings.Builder
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(resolved.Edit); err != nil {
			t.Fatal(err)
		}
		out.WriteString(strings.ReplaceAll(b.String(), string(uri.File(root)), "file://$ROOT"))
	}
	gen.mu.Lock()
	defer gen.mu.Unlock()
	out.WriteString("answers asked for: " + itoa(gen.asked) + "\n")
	return out.String()
}

// unescapeCR lets archives hold CRLF text: "\r" in them stands for a
// carriage return.
func unescapeCR(s string) string { return strings.ReplaceAll(s, `\r`, "\r") }
