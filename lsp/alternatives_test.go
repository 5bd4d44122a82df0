package lsp_test

import (
	"context"
	"encoding/json"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/complete"
	"github.com/lspilot/lspilot/inference/prompt"
	"github.com/lspilot/lspilot/inference/route"
	"github.com/lspilot/lspilot/lsp"
	"github.com/lspilot/lspilot/lsp/lsptest"
)

// seedBackend answers each request by its seed, as a model sampling with a
// fixed seed does; the greedy request (no seed) gets answers[0].
type seedBackend struct{ answers map[int]string }

func (seedBackend) Name() string                         { return "seeded" }
func (seedBackend) Kind() inference.BackendKind          { return inference.KindOllama }
func (seedBackend) Capabilities() inference.Capabilities { return inference.Capabilities{} }
func (seedBackend) ModelInfo(context.Context, string) (inference.ModelInfo, error) {
	return inference.ModelInfo{Name: "qwen2.5-coder:1.5b-base"}, nil
}

func (b seedBackend) Generate(_ context.Context, req *inference.Request, fn func(inference.Chunk) error) (inference.Stats, error) {
	seed := 0
	if req.Options.Seed != nil {
		seed = *req.Options.Seed
	}
	if err := fn(inference.Chunk{Text: b.answers[seed]}); err != nil && err != inference.ErrStop {
		return inference.Stats{}, err
	}
	return inference.Stats{StopReason: inference.StopEOS}, nil
}

// offered is a suggestion as the editor got it: its text and the id its
// accept command carries.
type offered struct{ Text, ID string }

func commandID(c protocol.Command) string {
	var id string
	if len(c.Arguments) > 0 {
		json.Unmarshal(c.Arguments[0], &id)
	}
	return id
}

// TestAlternativesOverLSP invokes inline completion twice and the
// completion list at one place: the same suggestions in the same order
// each time, each with its own accept id, and accepting any of them, wholly
// or in part, counts.
func TestAlternativesOverLSP(t *testing.T) {
	backend := seedBackend{answers: map[int]string{0: "return a + b", 1: "return a - b", 2: "return b + a"}}
	engine := complete.New(route.NewSet(route.Entry{Backend: backend}), complete.Config{Prompt: prompt.Options{Counter: prompt.Estimate{}}}, nil)
	t.Cleanup(engine.Close)
	e := lsptest.Start(t, lsp.Options{Features: lsp.Features{Completer: engine}}, nil)
	const u = "file:///add.go"
	text := "package add\n\nfunc add(a, b int) int {\n\t\n}\n"
	e.Open(u, "go", text)
	pos := protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: uri.URI(u)}, Position: e.Position(u, len("package add\n\nfunc add(a, b int) int {\n\t")),
	}
	inline := func() []offered {
		t.Helper()
		var res protocol.InlineCompletionList
		if err := e.Call(protocol.MethodTextDocumentInlineCompletion, &protocol.InlineCompletionParams{
			TextDocumentPositionParams: pos, Context: protocol.InlineCompletionContext{TriggerKind: protocol.InlineCompletionTriggerKindInvoked},
		}, &res); err != nil {
			t.Fatal(err)
		}
		var out []offered
		for _, it := range res.Items {
			if it.Command.Command != lsp.CommandAcceptCompletion {
				t.Errorf("item %v carries command %q", it.InsertText, it.Command.Command)
			}
			s, _ := it.InsertText.(protocol.String)
			out = append(out, offered{string(s), commandID(it.Command)})
		}
		return out
	}
	first := inline()
	wantTexts := []string{"return a + b", "return a - b", "return b + a"}
	var texts []string
	ids := map[string]bool{}
	for _, o := range first {
		texts = append(texts, o.Text)
		ids[o.ID] = true
	}
	if diff := cmp.Diff(wantTexts, texts); diff != "" {
		t.Fatalf("invoked inline completion (-want +got):\n%s", diff)
	}
	if len(ids) != 3 || ids[""] {
		t.Errorf("accept ids %v: want three distinct", first)
	}
	if diff := cmp.Diff(first, inline()); diff != "" {
		t.Errorf("asked again (-first +now):\n%s", diff)
	}

	var list protocol.CompletionList
	if err := e.Call(protocol.MethodTextDocumentCompletion, &protocol.CompletionParams{
		TextDocumentPositionParams: pos, Context: protocol.CompletionContext{TriggerKind: protocol.CompletionTriggerKindInvoked},
	}, &list); err != nil {
		t.Fatal(err)
	}
	var listed []offered
	for _, it := range list.Items {
		te, _ := it.TextEdit.(*protocol.TextEdit)
		if te == nil {
			t.Fatalf("completion item %q has no text edit", it.Label)
		}
		listed = append(listed, offered{te.NewText, commandID(it.Command)})
	}
	if diff := cmp.Diff(first, listed); diff != "" {
		t.Errorf("invoked completion list (-inline +list):\n%s", diff)
	}

	if err := e.Call(protocol.MethodWorkspaceExecuteCommand, &protocol.ExecuteCommandParams{
		Command: lsp.CommandAcceptCompletion, Arguments: []protocol.LSPAny{jsonArg(first[1].ID)},
	}, nil); err != nil {
		t.Fatal(err)
	}
	if err := e.Conn().Notify(context.Background(), lsp.MethodDidPartiallyAcceptCompletion, map[string]any{
		"item": map[string]any{"command": map[string]any{"arguments": []string{first[2].ID}}}, "acceptedLength": 6,
	}); err != nil {
		t.Fatal(err)
	}
	var st struct {
		Completion complete.Stats `json:"completion"`
	}
	want := complete.Stats{Accepted: 1, Partial: 1, AcceptedChars: int64(utf8.RuneCountInString(first[1].Text) + 6)}
	got := func() complete.Stats {
		if err := e.Call(protocol.MethodWorkspaceExecuteCommand, &protocol.ExecuteCommandParams{Command: lsp.CommandStatus}, &st); err != nil {
			t.Fatal(err)
		}
		return complete.Stats{Accepted: st.Completion.Accepted, Partial: st.Completion.Partial, AcceptedChars: st.Completion.AcceptedChars}
	}
	// The partial acceptance is a notification: poll until the server has
	// handled it.
	lsptest.WaitFor(t, "the feedback counted", func() bool { return got() == want })
	if st.Completion.BackendCalls != 1 || st.Completion.AlternativeCalls != 2 {
		t.Errorf("generations: %d for the suggestion, %d for alternatives; want 1 and 2",
			st.Completion.BackendCalls, st.Completion.AlternativeCalls)
	}
}

func jsonArg(s string) protocol.LSPAny {
	b, _ := json.Marshal(s)
	return b
}
