package lsp_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"

	"github.com/lspilot/lspilot/inference/complete"
	"github.com/lspilot/lspilot/lsp"
	"github.com/lspilot/lspilot/lsp/lsptest"
)

// fixedCompleter answers every request with its suggestions.
type fixedCompleter struct {
	suggestions []complete.Suggestion

	mu       sync.Mutex
	reports  []complete.Feedback
	accepted []int
}

func (c *fixedCompleter) Complete(context.Context, complete.Request) ([]complete.Suggestion, error) {
	return slices.Clone(c.suggestions), nil
}

func (c *fixedCompleter) Report(f complete.Feedback) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.reports = append(c.reports, f)
}

func (c *fixedCompleter) Forget(string, string) {}

func (c *fixedCompleter) ReportAcceptedChars(n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.accepted = append(c.accepted, n)
}

// wireItem is a completion item as a client decodes it.
type wireItem struct {
	Label            string `json:"label"`
	Kind             int    `json:"kind"`
	Detail           string `json:"detail"`
	SortText         string `json:"sortText"`
	FilterText       string `json:"filterText"`
	Preselect        bool   `json:"preselect"`
	InsertTextFormat int    `json:"insertTextFormat"`
	InsertTextMode   int    `json:"insertTextMode"`
	TextEdit         struct {
		Range   protocol.Range `json:"range"`
		NewText string         `json:"newText"`
	} `json:"textEdit"`
	Command struct {
		Command   string   `json:"command"`
		Arguments []string `json:"arguments"`
	} `json:"command"`
}

// gotItem is the part of a wireItem a case compares.
type gotItem struct {
	Label, Range, NewText, FilterText, SortText string
	Preselect                                   bool
}

// startWith starts a session whose client prefers encoding enc ("" for
// none: UTF-16) and opens a document with text.
func startWith(t *testing.T, comp lsp.Completer, enc, text string) (*lsptest.Editor, string) {
	t.Helper()
	e, u, _ := startLogged(t, comp, enc, text)
	return e, u
}

// startLogged is startWith with the server's log kept, from debug up.
func startLogged(t *testing.T, comp lsp.Completer, enc, text string) (*lsptest.Editor, string, *observer.ObservedLogs) {
	t.Helper()
	params := &protocol.InitializeParams{}
	if enc != "" {
		params.Capabilities.General = &protocol.GeneralClientCapabilities{PositionEncodings: []protocol.PositionEncodingKind{protocol.PositionEncodingKind(enc)}}
	}
	core, logs := observer.New(zap.DebugLevel)
	e := lsptest.Start(t, lsp.Options{Features: lsp.Features{Completer: comp}, Logger: zap.New(core)}, params)
	const u = "file:///w/a.go"
	e.Open(u, "go", text)
	return e, u, logs
}

// loggedFeedback returns the feedback the server passed on, as it logs
// it: the suggestion id and the kind of each report, "id:kind".
func loggedFeedback(logs *observer.ObservedLogs) []string {
	var out []string
	for _, en := range logs.FilterMessage("suggestion feedback").All() {
		f := en.ContextMap()
		out = append(out, fmt.Sprintf("%v:%v", f["id"], f["kind"]))
	}
	return out
}

// completionList asks for the list at byte offset off.
func completionList(t *testing.T, e *lsptest.Editor, u string, off int, kind protocol.CompletionTriggerKind) (items []wireItem, incomplete bool) {
	t.Helper()
	var res struct {
		IsIncomplete bool       `json:"isIncomplete"`
		Items        []wireItem `json:"items"`
	}
	var raw json.RawMessage
	if err := e.Call(protocol.MethodTextDocumentCompletion, &protocol.CompletionParams{
		TextDocumentPositionParams: protocol.TextDocumentPositionParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri.URI(u)}, Position: e.Position(u, off)},
		Context:                    protocol.CompletionContext{TriggerKind: kind},
	}, &raw); err != nil {
		t.Fatalf("completion: %v", err)
	}
	if err := json.Unmarshal(raw, &res); err != nil {
		t.Fatalf("decode %s: %v", raw, err)
	}
	return res.Items, res.IsIncomplete
}

// TestCompletionItems checks the items of the completion list: the edit
// replaces the word before the cursor (and the closers a suggestion takes
// over) with the word plus the suggestion, in the negotiated encoding,
// multi-byte text included; labels, filter and sort texts keep the first
// suggestion on top as the user types on.
func TestCompletionItems(t *testing.T) {
	tests := []struct {
		name string
		enc  string // the client's position encoding; "" is UTF-16
		give string // document, <CURSOR> marks the cursor
		sugs []complete.Suggestion
		want []gotItem
	}{
		{
			name: "word before the cursor",
			give: "package a\n\nfunc ma<CURSOR>\n",
			sugs: []complete.Suggestion{{Text: "in() {}", ID: "s1"}},
			want: []gotItem{{Label: "main() {}", Range: "2:5-2:7", NewText: "main() {}", FilterText: "main() {}", SortText: "!00", Preselect: true}},
		},
		{
			name: "after a space",
			give: "x := <CURSOR>",
			sugs: []complete.Suggestion{{Text: "f(1)"}, {Text: "g()"}},
			want: []gotItem{
				{Label: "f(1)", Range: "0:5-0:5", NewText: "f(1)", FilterText: "f(1)", SortText: "!00", Preselect: true},
				{Label: "g()", Range: "0:5-0:5", NewText: "g()", FilterText: "g()", SortText: "!01"},
			},
		},
		{
			name: "multi-line text keeps its lines and indentation",
			give: "func f() {\n\t<CURSOR>\n}\n",
			sugs: []complete.Suggestion{{Text: "if x {\n\t\treturn\n\t}"}},
			want: []gotItem{{Label: "if x { …", Range: "1:1-1:1", NewText: "if x {\n\t\treturn\n\t}", FilterText: "if x {\n\t\treturn\n\t}", SortText: "!00", Preselect: true}},
		},
		{
			name: "closers after the cursor are replaced",
			give: "f(<CURSOR>)\n",
			sugs: []complete.Suggestion{{Text: "a, b"}},
			want: []gotItem{{Label: "a, b)", Range: "0:2-0:3", NewText: "a, b)", FilterText: "a, b)", SortText: "!00", Preselect: true}},
		},
		{
			name: "multi-byte text before the word, UTF-16",
			give: "s := \"é🎉\" + na<CURSOR>",
			sugs: []complete.Suggestion{{Text: "me"}},
			want: []gotItem{{Label: "name", Range: "0:13-0:15", NewText: "name", FilterText: "name", SortText: "!00", Preselect: true}},
		},
		{
			name: "multi-byte text before the word, UTF-8",
			enc:  "utf-8",
			give: "s := \"é🎉\" + na<CURSOR>",
			sugs: []complete.Suggestion{{Text: "me"}},
			want: []gotItem{{Label: "name", Range: "0:16-0:18", NewText: "name", FilterText: "name", SortText: "!00", Preselect: true}},
		},
		{
			name: "multi-byte text before the word, UTF-32",
			enc:  "utf-32",
			give: "s := \"é🎉\" + na<CURSOR>",
			sugs: []complete.Suggestion{{Text: "me"}},
			want: []gotItem{{Label: "name", Range: "0:12-0:14", NewText: "name", FilterText: "name", SortText: "!00", Preselect: true}},
		},
		{
			name: "a word of non-ASCII letters and a combining mark, UTF-16",
			give: "x := 🎉naïve\u0301<CURSOR>",
			sugs: []complete.Suggestion{{Text: "Bayes"}},
			want: []gotItem{{Label: "naïve\u0301Bayes", Range: "0:7-0:13", NewText: "naïve\u0301Bayes", FilterText: "naïve\u0301Bayes", SortText: "!00", Preselect: true}},
		},
		{
			name: "a word of non-ASCII letters, UTF-8",
			enc:  "utf-8",
			give: "x := 🎉naïve<CURSOR>",
			sugs: []complete.Suggestion{{Text: "Bayes"}},
			want: []gotItem{{Label: "naïveBayes", Range: "0:9-0:15", NewText: "naïveBayes", FilterText: "naïveBayes", SortText: "!00", Preselect: true}},
		},
		{
			name: "blank suggestions are dropped",
			give: "x<CURSOR>",
			sugs: []complete.Suggestion{{Text: " \n\t"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			off := strings.Index(tt.give, "<CURSOR>")
			text := strings.Replace(tt.give, "<CURSOR>", "", 1)
			e, u := startWith(t, &fixedCompleter{suggestions: tt.sugs}, tt.enc, text)
			items, incomplete := completionList(t, e, u, off, protocol.CompletionTriggerKindInvoked)
			var got []gotItem
			for _, it := range items {
				got = append(got, gotItem{Label: it.Label, Range: fmtRange(&it.TextEdit.Range), NewText: it.TextEdit.NewText,
					FilterText: it.FilterText, SortText: it.SortText, Preselect: it.Preselect})
				// Fields every item shares: see the comment of completionItem.
				if it.Kind != int(protocol.CompletionItemKindText) || it.InsertTextFormat != int(protocol.InsertTextFormatPlainText) ||
					it.InsertTextMode != int(protocol.InsertTextModeAsIs) || it.Detail != "lspilot" {
					t.Errorf("item %q: kind %d, insertTextFormat %d, insertTextMode %d, detail %q; want Text, PlainText, asIs, lspilot",
						it.Label, it.Kind, it.InsertTextFormat, it.InsertTextMode, it.Detail)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("items (-want +got):\n%s", diff)
			}
			if incomplete != (len(tt.want) > 0) {
				t.Errorf("isIncomplete = %v with %d items, want it exactly when there are items", incomplete, len(got))
			}
		})
	}
}

// TestCompletionCommand checks that an item with a suggestion id carries
// the command that reports its acceptance, and one without none.
func TestCompletionCommand(t *testing.T) {
	e, u := startWith(t, &fixedCompleter{suggestions: []complete.Suggestion{{Text: "a", ID: "s1"}, {Text: "b"}}}, "", "x")
	items, _ := completionList(t, e, u, 1, protocol.CompletionTriggerKindTriggerCharacter)
	if len(items) != 2 {
		t.Fatalf("got %d items, want 2", len(items))
	}
	if c := items[0].Command; c.Command != lsp.CommandAcceptCompletion || !cmp.Equal(c.Arguments, []string{"s1"}) {
		t.Errorf("first item's command = %+v, want %s with s1", c, lsp.CommandAcceptCompletion)
	}
	if c := items[1].Command; c.Command != "" {
		t.Errorf("second item's command = %+v, want none", c)
	}
}

// TestCompletionCapability checks what initialize declares for completion:
// trigger characters for clients without inline completion, none for
// those that show ghost text, and no resolve (items come complete).
func TestCompletionCapability(t *testing.T) {
	tests := []struct {
		name string
		give *protocol.TextDocumentClientCapabilities
		want []string
	}{
		{name: "no text document capabilities (Helix)", want: []string{".", "(", "[", "{", ",", ":", " "}},
		{name: "completion only", give: &protocol.TextDocumentClientCapabilities{Completion: &protocol.CompletionClientCapabilities{}},
			want: []string{".", "(", "[", "{", ",", ":", " "}},
		{name: "inline completion (VS Code, Neovim 0.12)", give: &protocol.TextDocumentClientCapabilities{
			InlineCompletion: &protocol.InlineCompletionClientCapabilities{}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := lsptest.New(t, lsp.Options{})
			var res struct {
				Capabilities struct {
					CompletionProvider *struct {
						TriggerCharacters []string `json:"triggerCharacters"`
						ResolveProvider   bool     `json:"resolveProvider"`
					} `json:"completionProvider"`
				} `json:"capabilities"`
			}
			params := &protocol.InitializeParams{Capabilities: protocol.ClientCapabilities{TextDocument: tt.give}}
			if err := e.Call(protocol.MethodInitialize, params, &res); err != nil {
				t.Fatal(err)
			}
			cp := res.Capabilities.CompletionProvider
			if cp == nil {
				t.Fatal("no completionProvider")
			}
			if diff := cmp.Diff(tt.want, cp.TriggerCharacters); diff != "" {
				t.Errorf("trigger characters (-want +got):\n%s", diff)
			}
			if cp.ResolveProvider {
				t.Error("resolveProvider is set; items are sent complete")
			}
		})
	}
}
