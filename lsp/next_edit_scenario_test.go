package lsp_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
	"go.uber.org/zap/zaptest"
	"golang.org/x/tools/txtar"

	"github.com/lspilot/lspilot/inference/nextedit"
	"github.com/lspilot/lspilot/lsp"
	"github.com/lspilot/lspilot/lsp/lsptest"
)

// nextEditScenario is the "scenario" file of a next-edit scenario.
type nextEditScenario struct {
	File     string `json:"file"`     // the document, one of the archive's files
	Language string `json:"language"` // its language id
	Format   string `json:"format"`   // nextEdit.format
	Steps    []struct {
		// Do is request, type, edit, show, accept or reject.
		Do string `json:"do"`
		// Cursor puts the cursor of a request after the first occurrence
		// of this text; At is where type types Text, likewise; edit
		// replaces the first occurrence of At by Text.
		Cursor, At, Text string
		// Stale asks for the version before the document's.
		Stale bool `json:"stale"`
	} `json:"steps"`
}

// TestNextEditScenarios runs textDocument/copilotInlineEdit through the real
// server and the real next-edit engine on canned model output. Each archive
// under testdata/nextedit has a "scenario" file (nextEditScenario), the
// document, the model's answers ("model", "model.2", ...) and a "want" file:
// each request's edits, with the document as the first edit leaves it, and
// how many answers were asked for. -update rewrites "want".
func TestNextEditScenarios(t *testing.T) {
	runArchives(t, "../testdata/nextedit/*.txtar", runNextEditScenario)
}

func runNextEditScenario(t *testing.T, ar *txtar.Archive) string {
	var sc nextEditScenario
	if err := json.Unmarshal(section(t, ar, "scenario"), &sc); err != nil {
		t.Fatalf("bad scenario file: %v", err)
	}
	gen := &cannedGen{}
	for _, f := range ar.Files {
		if f.Name == "model" || strings.HasPrefix(f.Name, "model.") {
			gen.answers = append(gen.answers, string(f.Data))
		}
	}
	eng, err := nextedit.New(gen, nextedit.Config{Format: sc.Format}, zaptest.NewLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(eng.Close)
	e := lsptest.Start(t, lsp.Options{Features: lsp.Features{NextEditor: eng}}, &protocol.InitializeParams{})
	u := "file:///ws/" + sc.File
	e.Open(u, sc.Language, string(section(t, ar, sc.File)))

	var out strings.Builder
	var last lsp.CopilotInlineEditResult
	for i, st := range sc.Steps {
		text := e.Text(u)
		switch st.Do {
		case "request":
			last = nextEditRequest(t, e, u, st.Cursor, st.Stale)
			fmt.Fprintf(&out, "== request %d ==\n%s", i, renderEdits(t, text, last))
		case "type":
			e.Type(u, strings.Index(text, st.At)+len(st.At), st.Text)
		case "edit":
			start := strings.Index(text, st.At)
			e.Edit(u, start, start+len(st.At), st.Text)
		case "show":
			if err := e.Conn().Notify(context.Background(), lsp.MethodDidShowInlineEdit,
				map[string]any{"item": map[string]any{"command": last.Edits[0].Command}}); err != nil {
				t.Fatal(err)
			}
		case "accept", "reject":
			cmd := map[string]string{"accept": lsp.CommandAcceptNextEdit, "reject": lsp.CommandRejectNextEdit}[st.Do]
			var res any
			if err := e.Call("workspace/executeCommand", map[string]any{"command": cmd, "arguments": last.Edits[0].Command.Arguments}, &res); err != nil {
				t.Fatal(err)
			}
		default:
			t.Fatalf("step %d: unknown step %q", i, st.Do)
		}
	}
	gen.mu.Lock()
	defer gen.mu.Unlock()
	out.WriteString("answers asked for: " + itoa(gen.asked) + "\n")
	return out.String()
}

// nextEditRequest asks for the next edit with the cursor after the first
// occurrence of at; stale asks for the version before the document's.
func nextEditRequest(t *testing.T, e *lsptest.Editor, u, at string, stale bool) lsp.CopilotInlineEditResult {
	t.Helper()
	state, err := e.State(u)
	if err != nil {
		t.Fatal(err)
	}
	text := e.Text(u)
	version := state.Version
	if stale {
		version--
	}
	params := lsp.CopilotInlineEditParams{
		TextDocument: lsp.VersionedDocument{URI: u, Version: version},
		Position:     e.Position(u, strings.Index(text, at)+len(at)),
	}
	var res lsp.CopilotInlineEditResult
	if err := e.Call(lsp.MethodCopilotInlineEdit, params, &res); err != nil {
		t.Fatal(err)
	}
	return res
}

// renderEdits writes a result as JSON, then the document as its first edit
// leaves it.
func renderEdits(t *testing.T, text string, res lsp.CopilotInlineEditResult) string {
	b, err := json.MarshalIndent(res, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	out := string(b) + "\n"
	if len(res.Edits) > 0 {
		r := res.Edits[0].Range
		start, end := offsetOf(text, r.Start), offsetOf(text, r.End)
		out += "== after the first edit ==\n" + text[:start] + res.Edits[0].Text + text[end:]
	}
	return out
}

// offsetOf returns the byte offset of an ASCII-only position in text.
func offsetOf(text string, p protocol.Position) int {
	off := 0
	for range p.Line {
		off += strings.IndexByte(text[off:], '\n') + 1
	}
	return off + int(p.Character)
}
