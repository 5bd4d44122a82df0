package benchmark

import (
	"context"
	"testing"

	"go.uber.org/zap/zaptest"

	"github.com/lspilot/lspilot/inference/clock"
	"github.com/lspilot/lspilot/inference/complete"
	"github.com/lspilot/lspilot/lsp"
	"github.com/lspilot/lspilot/lsp/edittrace"
)

func TestAcceptable(t *testing.T) {
	tests := []struct {
		name, ghost, want string
		n                 int
	}{
		{"whole", "foo(bar)\n", "foo(bar)\nbaz", 9},
		{"whole at the end of the text", "x)", "x)", 2},
		{"words up to where it goes wrong", "foo(baz)", "foo(bar)", 3},
		{"several words", "a.b = c + d", "a.b = c - d", 7},
		{"not even a word", "fox", "foo", 0},
		{"wrong from the start", "value", "x := 1", 0},
		{"the text ends in a word", "abc def", "abc", 3},
		{"never inside a character", "día_x", "día_y", 0},
		{"after a non-ASCII word", "día x", "día y", 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := acceptable(tt.ghost, tt.want); got != tt.n {
				t.Errorf("acceptable(%q, %q) = %d, want %d", tt.ghost, tt.want, got, tt.n)
			}
		})
	}
	if got := utf16Len("a😀é"); got != 4 {
		t.Errorf("utf16Len = %d, want 4", got)
	}
}

// noSuggestions is a completer that never suggests: the tests put the
// suggestion on screen themselves.
type noSuggestions struct{}

func (noSuggestions) Complete(context.Context, complete.Request) ([]complete.Suggestion, error) {
	return nil, nil
}

// TestEditorAccepts puts a suggestion on screen before the first keystroke
// of "foo(bar)\n" and checks what the user takes, whole or in part, and how
// the characters count: those of the suggestion as accepted, the rest of
// the keystroke that the accepted text ended in as typed.
func TestEditorAccepts(t *testing.T) {
	perChar := []string{"f", "o", "o", "(", "b", "a", "r", ")", "\n"}
	chunks := []string{"foo(", "bar)\n"}
	tests := []struct {
		name    string
		events  []string
		ghost   string
		want    typing
		wantPos int // the event that follows
	}{
		{"whole", perChar, "foo(bar)\n", typing{keystrokes: 1, accepts: 1, acceptedChars: 9}, 9},
		{"partial up to the wrong word", perChar, "foo(baz)", typing{keystrokes: 1, partials: 1, acceptedChars: 3}, 3},
		{"ends inside a keystroke", chunks, "fo", typing{keystrokes: 1, accepts: 1, acceptedChars: 2, typedChars: 2}, 1},
		{"wrong: typed instead", perChar, "fox", typing{keystrokes: 1, typedChars: 1}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := &edittrace.Trace{Path: "editor000/a.go", Language: "go", Text: "x := ", Final: "x := foo(bar)\n"}
			for _, e := range tt.events {
				tr.Events = append(tr.Events, edittrace.Event{Op: "type", Text: e})
			}
			sess, err := dial(context.Background(), lsp.Options{Features: lsp.Features{Completer: noSuggestions{}}, Logger: zaptest.NewLogger(t)}, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer sess.close()
			if err := sess.open(tr.Path, tr.Language, tr.Text); err != nil {
				t.Fatal(err)
			}
			rec := &recorder{}
			ed := newEditor(sess, tr, clock.Real(), rec, 1, 1, true)
			ed.ghost, ed.ghostID = tt.ghost, "s1"
			cursor, i, typed := len(tr.Text), 0, 0
			if a, ok := ed.tryAccept(cursor, 0); ok {
				cursor, i, typed, err = ed.applyAccepted(cursor, a)
			} else {
				cursor, err = ed.apply(tr.Events[0], cursor)
				typed, i = typedChars(tr.Events[0]), 1
			}
			if err != nil {
				t.Fatal(err)
			}
			rec.keystroke(typed)
			ed.wg.Wait()
			got, _ := rec.snapshot()
			if got != tt.want || i != tt.wantPos {
				t.Errorf("got %+v, next event %d; want %+v, %d", got, i, tt.want, tt.wantPos)
			}
			if sess.doc.Text[:cursor] != tr.Final[:cursor] {
				t.Errorf("text %q is not a prefix of the final text", sess.doc.Text)
			}
		})
	}
}

func TestRecorderTyping(t *testing.T) {
	rec := &recorder{}
	rec.keystroke(1)
	rec.keystroke(0) // a backspace
	rec.accepted(12, false)
	rec.keystroke(0) // the accept
	rec.accepted(4, true)
	rec.keystroke(3) // the accepted words ended inside a keystroke
	got, _ := rec.snapshot()
	want := typing{keystrokes: 4, accepts: 1, partials: 1, typedChars: 4, acceptedChars: 16}
	if got != want {
		t.Errorf("snapshot = %+v, want %+v", got, want)
	}
}
