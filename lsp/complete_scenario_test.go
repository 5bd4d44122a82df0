package lsp_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
	"golang.org/x/tools/txtar"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/complete"
	"github.com/lspilot/lspilot/inference/prompt"
	"github.com/lspilot/lspilot/inference/route"
	"github.com/lspilot/lspilot/lsp"
	"github.com/lspilot/lspilot/lsp/lsptest"
)

// cursorMarker marks the cursor in a scenario's document.
const cursorMarker = "<CURSOR>"

// TestCompletionScenarios runs the scenarios under testdata/complete through
// the real server and completion engine, with a backend that streams the
// archive's "model" file as the model's output. Each archive holds one
// document (any other file name) with the cursor marked <CURSOR>, the
// "model" output, and the golden "want": the inline completion items and
// completion list items the editor gets. Header lines of the comment set
// options: "model-name: NAME" (default qwen2.5-coder:1.5b-base) picks the
// prompt family, "trigger: invoked" skips the debounce, "select: TEXT"
// sends a selected completion item ending at the cursor, replacing the word
// before it, "alternatives: on" lets the invoked completion list that
// follows the inline request (the editor asking again) carry the
// alternatives, which the backend answers with the same output. The
// remaining comment explains the case.
func TestCompletionScenarios(t *testing.T) {
	runArchives(t, "../testdata/complete/*.txtar", func(t *testing.T, ar *txtar.Archive) string { return runCompletion(t, ar) })
}

func runCompletion(t *testing.T, ar *txtar.Archive) string {
	opts := map[string]string{}
	for _, line := range strings.Split(string(ar.Comment), "\n") {
		if k, v, ok := strings.Cut(line, ": "); ok && !strings.Contains(k, " ") {
			opts[k] = v
		}
	}
	var doc txtar.File
	for _, f := range ar.Files {
		if f.Name != "model" && f.Name != "want" {
			doc = f
		}
	}
	text := strings.Replace(string(doc.Data), cursorMarker, "", 1)
	off := strings.Index(string(doc.Data), cursorMarker)
	if off < 0 {
		t.Fatalf("%s has no %s", doc.Name, cursorMarker)
	}
	name := opts["model-name"]
	if name == "" {
		name = "qwen2.5-coder:1.5b-base"
	}
	backend := &cannedBackend{name: name, output: string(section(t, ar, "model"))}
	engine := complete.New(route.NewSet(route.Entry{Backend: backend}), complete.Config{Model: name, Prompt: prompt.Options{Counter: prompt.Estimate{}},
		Strategy: complete.Strategy{NoAlternatives: opts["alternatives"] != "on"}}, nil)
	t.Cleanup(engine.Close)

	root := t.TempDir()
	u := string(uri.File(filepath.Join(root, doc.Name)))
	e := lsptest.Start(t, lsp.Options{Features: lsp.Features{Completer: engine}},
		&protocol.InitializeParams{RootURI: ptr(uri.File(root))})
	e.Open(u, languageOf(doc.Name), text)

	trigger := protocol.InlineCompletionTriggerKindAutomatic
	if opts["trigger"] == "invoked" {
		trigger = protocol.InlineCompletionTriggerKindInvoked
	}
	ictx := protocol.InlineCompletionContext{TriggerKind: trigger}
	if sel, ok := opts["select"]; ok {
		word := wordBefore(text, off)
		ictx.SelectedCompletionInfo = protocol.SelectedCompletionInfo{
			Range: protocol.Range{Start: e.Position(u, off-len(word)), End: e.Position(u, off)}, Text: sel,
		}
	}
	pos := e.Position(u, off)
	var inline protocol.InlineCompletionList
	if err := e.Call(protocol.MethodTextDocumentInlineCompletion, &protocol.InlineCompletionParams{
		TextDocumentPositionParams: protocol.TextDocumentPositionParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri.URI(u)}, Position: pos},
		Context:                    ictx,
	}, &inline); err != nil {
		t.Fatalf("inlineCompletion: %v", err)
	}
	var list protocol.CompletionList
	if err := e.Call(protocol.MethodTextDocumentCompletion, &protocol.CompletionParams{
		TextDocumentPositionParams: protocol.TextDocumentPositionParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri.URI(u)}, Position: pos},
		Context:                    protocol.CompletionContext{TriggerKind: protocol.CompletionTriggerKindInvoked},
	}, &list); err != nil {
		t.Fatalf("completion: %v", err)
	}
	return formatResult(t, backend, inline, list)
}

// formatResult renders what the editor got, readable in a golden file.
func formatResult(t *testing.T, b *cannedBackend, inline protocol.InlineCompletionList, list protocol.CompletionList) string {
	var out strings.Builder
	out.WriteString("# inline completion\n")
	if len(inline.Items) == 0 {
		out.WriteString("(no items)\n")
	}
	for _, it := range inline.Items {
		text := marshal(it.InsertText)
		r := it.Range
		out.WriteString("range " + fmtRange(r) + " insertText " + string(text) + "\n")
	}
	out.WriteString("# completion list\n")
	for _, it := range list.Items {
		var edit string
		if te, ok := it.TextEdit.(*protocol.TextEdit); ok {
			edit = fmtRange(&te.Range) + " " + string(marshal(te.NewText))
		}
		label := marshal(it.Label)
		out.WriteString("label " + string(label) + " edit " + edit + "\n")
	}
	out.WriteString("# backend requests: " + itoa(b.calls()) + "\n")
	return out.String()
}

// marshal encodes v as JSON without escaping <, > and &, so that control
// tokens stay readable in golden files.
func marshal(v any) []byte {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
	return []byte(strings.TrimSuffix(b.String(), "\n"))
}

func fmtRange(r *protocol.Range) string {
	if r == nil {
		return "-"
	}
	return itoa(int(r.Start.Line)) + ":" + itoa(int(r.Start.Character)) + "-" + itoa(int(r.End.Line)) + ":" + itoa(int(r.End.Character))
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func ptr[T any](v T) *T { return &v }

func wordBefore(text string, off int) string {
	i := off
	for i > 0 && (text[i-1] == '_' || text[i-1] >= 0x80 || 'a' <= text[i-1]|0x20 && text[i-1]|0x20 <= 'z' || '0' <= text[i-1] && text[i-1] <= '9') {
		i--
	}
	return text[i:off]
}

// languageOf maps a file name to an LSP language id.
func languageOf(name string) string {
	ids := map[string]string{".go": "go", ".py": "python", ".ts": "typescript", ".js": "javascript",
		".rs": "rust", ".c": "c", ".h": "c", ".cpp": "cpp", ".lua": "lua", ".java": "java", ".rb": "ruby",
		".json": "json", ".md": "markdown", ".sh": "shellscript", ".txt": "plaintext", ".tsx": "typescriptreact"}
	if id, ok := ids[filepath.Ext(name)]; ok {
		return id
	}
	return "plaintext"
}

// cannedBackend streams a fixed output in small chunks, as a model does.
type cannedBackend struct {
	name, output string
	mu           sync.Mutex
	n            int
}

func (b *cannedBackend) Name() string                         { return "canned" }
func (b *cannedBackend) Kind() inference.BackendKind          { return inference.KindOllama }
func (b *cannedBackend) Capabilities() inference.Capabilities { return inference.Capabilities{} }

func (b *cannedBackend) ModelInfo(context.Context, string) (inference.ModelInfo, error) {
	return inference.ModelInfo{Name: b.name}, nil
}

func (b *cannedBackend) calls() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.n
}

func (b *cannedBackend) Generate(ctx context.Context, _ *inference.Request, fn func(inference.Chunk) error) (inference.Stats, error) {
	b.mu.Lock()
	b.n++
	b.mu.Unlock()
	out := b.output
	for len(out) > 0 {
		n := min(3, len(out))
		for n < len(out) && !utf8RuneStart(out[n]) {
			n++
		}
		if err := fn(inference.Chunk{Text: out[:n]}); err != nil {
			if err == inference.ErrStop {
				return inference.Stats{StopReason: inference.StopClient}, nil
			}
			return inference.Stats{}, err
		}
		out = out[n:]
		if ctx.Err() != nil {
			return inference.Stats{}, ctx.Err()
		}
	}
	return inference.Stats{StopReason: inference.StopEOS}, nil
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }
