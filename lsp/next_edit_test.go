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
	"time"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
	"go.uber.org/zap/zaptest"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/nextedit"
	"github.com/lspilot/lspilot/lsp"
	"github.com/lspilot/lspilot/lsp/lsptest"
)

// blockingGen holds every generation until its context ends, and says so.
type blockingGen struct {
	started   chan struct{}
	cancelled chan error
}

func (g *blockingGen) Generate(ctx context.Context, _ string, build func(inference.Backend) (*inference.Request, error),
	_ func(inference.Chunk) error) (inference.Backend, inference.Stats, error) {
	if _, err := build(nil); err != nil {
		return nil, inference.Stats{}, err
	}
	close(g.started)
	<-ctx.Done()
	g.cancelled <- ctx.Err()
	return nil, inference.Stats{}, ctx.Err()
}

const nextEditDoc = "package calc\n\nfunc Sum(values []int) int {\n\treturn len(xs)\n}\n"

// startNextEdit starts a session whose next editor asks gen, with
// nextEditDoc open as the user left it after renaming xs in the signature.
func startNextEdit(t *testing.T, gen inference.Generator) (*lsptest.Editor, *nextedit.Engine, string) {
	eng, err := nextedit.New(gen, nextedit.Config{Format: nextedit.FormatSweep}, zaptest.NewLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(eng.Close)
	e := lsptest.Start(t, lsp.Options{Features: lsp.Features{NextEditor: eng}}, &protocol.InitializeParams{})
	u := "file:///ws/calc/sum.go"
	// The user renames xs to values in the signature: version 2.
	before := strings.Replace(nextEditDoc, "Sum(values", "Sum(xs", 1)
	e.Open(u, "go", before)
	start := strings.Index(before, "xs")
	e.Edit(u, start, start+len("xs"), "values")
	return e, eng, u
}

func inlineEditParams(e *lsptest.Editor, u string, version int32) lsp.CopilotInlineEditParams {
	return lsp.CopilotInlineEditParams{
		TextDocument: lsp.VersionedDocument{URI: u, Version: version},
		Position:     e.Position(u, strings.Index(nextEditDoc, "values")),
	}
}

// TestNextEditCancelledByChange checks that a change of the document
// cancels its next-edit request down to the backend, and that the request
// is answered with no edits.
func TestNextEditCancelledByChange(t *testing.T) {
	gen := &blockingGen{started: make(chan struct{}), cancelled: make(chan error, 1)}
	e, _, u := startNextEdit(t, gen)
	var res lsp.CopilotInlineEditResult
	p := e.Go(lsp.MethodCopilotInlineEdit, inlineEditParams(e, u, 2), &res)
	select {
	case <-gen.started:
	case <-time.After(lsptest.Timeout):
		t.Fatal("the request never reached the backend")
	}
	e.Type(u, 0, "// ")
	if err := <-gen.cancelled; !errors.Is(err, context.Canceled) {
		t.Errorf("backend context ended with %v, want context.Canceled", err)
	}
	if err := p.Wait(); err != nil || res.Edits == nil || len(res.Edits) != 0 {
		t.Fatalf("result = %+v, %v; want no edits", res, err)
	}
}

// TestNextEditFeedback checks the reports Copilot's clients send: the
// show notification, and the accept command sent as a request or, as
// copilot.el does, as a notification; the counts reach lspilot.status.
func TestNextEditFeedback(t *testing.T) {
	fixed := strings.Replace(nextEditDoc, "len(xs)", "len(values)", 1)
	e, eng, u := startNextEdit(t, &cannedGen{answers: []string{fixed, fixed}})
	var res lsp.CopilotInlineEditResult
	if err := e.Call(lsp.MethodCopilotInlineEdit, inlineEditParams(e, u, 2), &res); err != nil || len(res.Edits) != 1 {
		t.Fatalf("result = %+v, %v", res, err)
	}
	cmd := res.Edits[0].Command
	ctx := context.Background()
	if err := e.Conn().Notify(ctx, lsp.MethodDidShowInlineEdit, map[string]any{"item": map[string]any{"command": cmd}}); err != nil {
		t.Fatal(err)
	}
	if err := e.Conn().Notify(ctx, protocol.MethodWorkspaceExecuteCommand, cmd); err != nil {
		t.Fatal(err)
	}
	st := statusOf(t, e) // answered after the notifications before it
	raw, _ := json.Marshal(st.NextEdit)
	var stats nextedit.Stats
	if err := json.Unmarshal(raw, &stats); err != nil {
		t.Fatal(err)
	}
	if stats.Shown != 1 || stats.Accepted != 1 || stats.Offered != 1 || stats.Requests != 1 {
		t.Errorf("nextEdit stats in status = %+v", stats)
	}
	if got := eng.Stats(); got.Accepted != 1 {
		t.Errorf("engine stats = %+v", got)
	}
}

// forgetting records the documents a next editor is told to forget.
type forgetting struct {
	lsp.NextEditor
	mu     sync.Mutex
	forgot []string
}

func (f *forgetting) Forget(session, uri string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.forgot = append(f.forgot, uri)
}

// TestNextEditForgetsSessionDocuments checks that a session ending with
// documents open makes a shared next editor forget them.
func TestNextEditForgetsSessionDocuments(t *testing.T) {
	eng, err := nextedit.New(&cannedGen{}, nextedit.Config{}, zaptest.NewLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(eng.Close)
	f := &forgetting{NextEditor: eng}
	e := lsptest.Start(t, lsp.Options{Features: lsp.Features{NextEditor: f}}, &protocol.InitializeParams{})
	e.Open("file:///ws/a.go", "go", "package a\n")
	if err := e.Shutdown(); err != nil {
		t.Fatal(err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.forgot) != 1 || f.forgot[0] != "file:///ws/a.go" {
		t.Errorf("forgot %v, want the open document", f.forgot)
	}
}

// TestNextEditMethodLabels checks that the metrics name next-edit messages.
func TestNextEditMethodLabels(t *testing.T) {
	for _, m := range []string{lsp.MethodCopilotInlineEdit, lsp.MethodDidShowInlineEdit} {
		if got := lsp.MethodLabel(m); got != m {
			t.Errorf("MethodLabel(%s) = %s", m, got)
		}
	}
}

// TestNextEditDisabled checks that nextEdit.enabled = false answers no
// edits without asking the model.
func TestNextEditDisabled(t *testing.T) {
	gen := &cannedGen{answers: []string{strings.Replace(nextEditDoc, "len(xs)", "len(values)", 1)}}
	eng, err := nextedit.New(gen, nextedit.Config{Format: nextedit.FormatSweep}, zaptest.NewLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(eng.Close)
	e := lsptest.Start(t, lsp.Options{Features: lsp.Features{NextEditor: eng}},
		&protocol.InitializeParams{InitializationOptions: protocol.LSPAny(`{"nextEditSuggestions":{"enabled":false}}`)})
	u := "file:///ws/calc/sum.go"
	e.Open(u, "go", nextEditDoc)
	var res lsp.CopilotInlineEditResult
	if err := e.Call(lsp.MethodCopilotInlineEdit, inlineEditParams(e, u, 1), &res); err != nil || res.Edits == nil || len(res.Edits) != 0 {
		t.Fatalf("result = %+v, %v; want no edits", res, err)
	}
	gen.mu.Lock()
	defer gen.mu.Unlock()
	if gen.asked != 0 {
		t.Errorf("the model was asked %d times", gen.asked)
	}
}

// TestNextEditSavedFileAsBase opens a document whose text differs from
// its file on disk, as when the user typed before the server was ready:
// that difference is the session's change, and a next edit follows it.
func TestNextEditSavedFileAsBase(t *testing.T) {
	root := t.TempDir()
	saved := strings.Replace(nextEditDoc, "Sum(values", "Sum(xs", 1)
	if err := os.WriteFile(filepath.Join(root, "sum.go"), []byte(saved), 0o644); err != nil {
		t.Fatal(err)
	}
	fixed := strings.Replace(nextEditDoc, "len(xs)", "len(values)", 1)
	eng, err := nextedit.New(&cannedGen{answers: []string{fixed}}, nextedit.Config{Format: nextedit.FormatSweep}, zaptest.NewLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(eng.Close)
	e := lsptest.Start(t, lsp.Options{Features: lsp.Features{NextEditor: eng}}, &protocol.InitializeParams{RootURI: ptr(uri.File(root))})
	u := string(uri.File(filepath.Join(root, "sum.go")))
	e.Open(u, "go", nextEditDoc)
	var res lsp.CopilotInlineEditResult
	if err := e.Call(lsp.MethodCopilotInlineEdit, inlineEditParams(e, u, 1), &res); err != nil || len(res.Edits) != 1 {
		t.Fatalf("result = %+v, %v; want the rename's next edit", res, err)
	}
	if got := eng.Stats(); got.NoHistory != 0 {
		t.Errorf("engine stats = %+v, want no request refused for want of history", got)
	}
}
