package lsp_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.lsp.dev/protocol"

	"github.com/lspilot/lspilot/inference/complete"
	"github.com/lspilot/lspilot/lsp"
)

// TestCompletionAccept checks that accepting a list item is reported once,
// with its characters, whether the client runs the item's command or only
// sends the edit (Helix), and that typing the same text by hand or another
// edit is not taken for an acceptance.
func TestCompletionAccept(t *testing.T) {
	type edit struct {
		start, end int
		text       string
	}
	// The list is asked for at offset 7, after "fo"; a closer after the
	// cursor is replaced by the suggestions, which end with it.
	const doc, closed = "x := fo\n", "x := fo)\n"
	tests := []struct {
		name    string
		doc     string // default doc
		sug     complete.Suggestion
		steps   []edit   // applied in order, each one didChange
		command bool     // then the client runs the item's command
		want    []string // feedback reports, id:kind
		chars   []int    // accepted characters reported
	}{
		{
			name:  "the edit that applies the item",
			sug:   complete.Suggestion{Text: "o(ü)", ID: "s1"},
			steps: []edit{{5, 7, "foo(ü)"}},
			want:  []string{"s1:1"}, chars: []int{4},
		},
		{
			name:    "the edit, then the command",
			sug:     complete.Suggestion{Text: "o(ü)", ID: "s1"},
			steps:   []edit{{5, 7, "foo(ü)"}},
			command: true,
			want:    []string{"s1:1"}, chars: []int{4},
		},
		{
			name:    "the command alone",
			sug:     complete.Suggestion{Text: "o(ü)", ID: "s1"},
			command: true,
			want:    []string{"s1:1"}, chars: []int{4},
		},
		{
			name:  "typed on, undone, then the item applied (Helix restores the text the list was made for)",
			sug:   complete.Suggestion{Text: "o(ü)", ID: "s1"},
			steps: []edit{{7, 7, "x"}, {7, 8, ""}, {5, 7, "foo(ü)"}},
			want:  []string{"s1:1"}, chars: []int{4},
		},
		{
			name:  "the closers after the cursor replaced",
			doc:   closed,
			sug:   complete.Suggestion{Text: "o(1)", ID: "s1"},
			steps: []edit{{5, 8, "foo(1))"}},
			want:  []string{"s1:1"}, chars: []int{5},
		},
		{
			name:  "typed by hand",
			sug:   complete.Suggestion{Text: "o(ü)", ID: "s1"},
			steps: []edit{{7, 7, "o"}, {8, 8, "("}, {9, 9, "ü"}, {11, 11, ")"}},
		},
		{
			name:  "another edit",
			sug:   complete.Suggestion{Text: "o(ü)", ID: "s1"},
			steps: []edit{{5, 7, "bar(ü)"}},
		},
		{
			name:  "the item inserted elsewhere",
			sug:   complete.Suggestion{Text: "o(ü)", ID: "s1"},
			steps: []edit{{0, 0, "o(ü)"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			comp := &fixedCompleter{suggestions: []complete.Suggestion{tt.sug}}
			text := doc
			if tt.doc != "" {
				text = tt.doc
			}
			e, u, logs := startLogged(t, comp, "utf-8", text)
			if items, _ := completionList(t, e, u, 7, protocol.CompletionTriggerKindInvoked); len(items) != 1 {
				t.Fatalf("got %d items, want 1", len(items))
			}
			for _, s := range tt.steps {
				e.Edit(u, s.start, s.end, s.text)
			}
			if tt.command {
				if err := e.Call(protocol.MethodWorkspaceExecuteCommand, &protocol.ExecuteCommandParams{
					Command: lsp.CommandAcceptCompletion, Arguments: []protocol.LSPAny{protocol.LSPAny(`"` + tt.sug.ID + `"`)},
				}, nil); err != nil {
					t.Fatal(err)
				}
			}
			e.CheckInSync(u) // a request: the notifications before it are handled
			comp.mu.Lock()
			defer comp.mu.Unlock()
			if diff := cmp.Diff(tt.want, loggedFeedback(logs)); diff != "" {
				t.Errorf("feedback (-want +got):\n%s", diff)
			}
			var wantKinds, kinds []string
			for _, w := range tt.want {
				_, kind, _ := strings.Cut(w, ":")
				wantKinds = append(wantKinds, kind)
			}
			for _, f := range comp.reports {
				kinds = append(kinds, fmt.Sprint(int(f)))
			}
			if diff := cmp.Diff(wantKinds, kinds); diff != "" {
				t.Errorf("feedback the completer got (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.chars, comp.accepted); diff != "" {
				t.Errorf("accepted characters (-want +got):\n%s", diff)
			}
		})
	}
}
