package helix_test

import (
	"encoding/json"
	"flag"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/lspilot/lspilot/editors/editortest"
	"github.com/lspilot/lspilot/inference/chroottest"
	"github.com/lspilot/lspilot/inference/ollamatest/tinymodel"
)

var update = flag.Bool("update", false, "rewrite the screen captures under testdata/screens")

func TestMain(m *testing.M) { editortest.Main(m) }

// fibDoc is the file the user edits: a doc comment, then an empty line.
const fibDoc = "package fib\n\n// fib returns the n-th Fibonacci number.\n\n"

// TestHelixCompletion opens an empty line after a doc comment in Helix and
// asks for completion (Ctrl-x): the menu holds lspilot's item, the function
// the model writes (tinymodel.CycleText). Typing its start keeps it on top;
// Tab then Enter insert it, every line and tab intact, as :w shows. lspilot
// counts the acceptance from the edit Helix sends, since Helix runs no item
// command.
func TestHelixCompletion(t *testing.T) {
	r := chroottest.Require(t)
	srv := startOllama(t)
	hx := startHelix(t, r, srv, "fib.go", fibDoc)
	label, _, _ := strings.Cut(tinymodel.CycleText, "\n") // func fib(n int) int {

	hx.SendKeys("g", "e", "i") // insert mode on the last line, empty
	menu := label + " … text"
	capture(t, "menu.txt", hx.ask(3*time.Minute, menu, func() { hx.SendKeys("C-x") }), menu)
	hx.Type("func f")
	menu = strings.TrimPrefix(label, "func ") + " … text" // the item for the word "f"
	capture(t, "typing.txt", hx.WaitFor(30*time.Second, "the item after typing", func(s string) bool {
		return strings.Contains(s, "func f\n") && strings.Contains(s, menu)
	}), menu)
	hx.SendKeys("Tab")
	hx.WaitForText(10*time.Second, "4  "+label) // the item, shown in the buffer
	hx.SendKeys("Enter")
	hx.WaitFor(10*time.Second, "the menu to close", func(s string) bool { return !strings.Contains(s, " text") })
	hx.normal()
	hx.Type(":w")
	hx.SendKeys("Enter")
	capture(t, "accepted.txt", hx.WaitForText(10*time.Second, "written"), "4  "+label)

	// The item accepted is the last lspilot offered, for "func f".
	item := hx.lastItem(t)
	if !strings.HasPrefix(strings.Repeat(tinymodel.CycleText, 4), "func "+item) || !strings.Contains(item, "\n}") {
		t.Fatalf("lspilot's last item %q is not a function of tinymodel.CycleText", item)
	}
	if got, want := hx.file(t, "fib.go"), strings.TrimSuffix(fibDoc, "\n")+"func "+item+"\n"; got != want {
		t.Errorf("fib.go after accepting:\n%q\nwant\n%q", got, want)
	}
	st := hx.status(t).Completion
	if want := utf8.RuneCountInString(item) - len("f"); st.Accepted != 1 || st.AcceptedChars != want {
		t.Errorf("lspilot counted %d accepted suggestions of %d characters, want 1 of %d", st.Accepted, st.AcceptedChars, want)
	}
	for _, m := range hx.logged(t, "lspilot -> ") {
		if m.Method == "workspace/executeCommand" && strings.Contains(string(m.Params), "lspilot.acceptCompletion") {
			t.Errorf("Helix ran the item's command (%s): the edit need not be watched", m.Params)
		}
	}
}

// lastItem returns the new text of the first item of the last completion
// list with items that lspilot sent Helix.
func (h *helix) lastItem(t *testing.T) string {
	t.Helper()
	var text string
	for _, m := range h.received(t) {
		var list struct {
			Items []struct {
				TextEdit struct {
					NewText string `json:"newText"`
				} `json:"textEdit"`
			} `json:"items"`
		}
		if json.Unmarshal(m.Result, &list) == nil && len(list.Items) > 0 {
			text = list.Items[0].TextEdit.NewText
		}
	}
	return text
}

// TestHelixTriggerCharacter types one letter and a dot on an empty line:
// Helix would wait for two letters of a word, so only lspilot's trigger
// character opens the menu, with lspilot's item (the only server running).
func TestHelixTriggerCharacter(t *testing.T) {
	r := chroottest.Require(t)
	srv := startOllama(t)
	hx := startHelix(t, r, srv, "fib.go", fibDoc)

	hx.SendKeys("g", "e", "i")
	hx.ask(3*time.Minute, " text", func() { hx.SendKeys("C-x") }) // lspilot is ready, the model loaded
	hx.normal()
	hx.SendKeys("i") // on the empty line again, nothing asked
	typed := false
	screen := hx.ask(3*time.Minute, " text", func() {
		if typed {
			hx.SendKeys("BSpace", "BSpace")
		}
		hx.Type("x.")
		typed = true
	})
	capture(t, "trigger.txt", screen, "4  x.")
	var asked bool
	for _, m := range hx.logged(t, "lspilot -> ") {
		asked = asked || m.Method == "textDocument/completion" && strings.Contains(string(m.Params), `"triggerCharacter":"."`)
	}
	if !asked {
		t.Error("Helix sent no completion request for the trigger character")
	}
}
