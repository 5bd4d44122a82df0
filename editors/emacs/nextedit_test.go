package emacs_test

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/lspilot/lspilot/editors/editortest"
	"github.com/lspilot/lspilot/inference/proctest"
)

// sumGo is the file the next-edit test edits.
const sumGo = "package calc\n\n// Sum adds the values up.\nfunc Sum(xs []int) int {\n\ttotal := 0\n\tfor _, x := range xs {\n\t\ttotal += x\n\t}\n\treturn total\n}\n"

// TestNextEdit follows a user of the README's setup in Emacs 28 and 30,
// with lspilot-command pointed at a scripted model that finishes renames:
// renaming the parameter xs on line 4 shows the edit of its use on line 6,
// the new line under it and a hint on line 4; TAB jumps there and TAB
// again applies it. Renaming total shows the edit of its uses; C-g
// dismisses it. lspilot counted the edits shown, accepted and rejected.
func TestNextEdit(t *testing.T) {
	backend := editortest.RenameBackend(t,
		editortest.Rename{When: "func Sum(values []int)", Old: "range xs", New: "range values"},
		editortest.Rename{When: "\tsum := 0", Old: "total", New: "sum"})
	dead, err := proctest.FreeHost()
	if err != nil {
		t.Fatal(err)
	}
	extra := fmt.Sprintf("(setq lspilot-command '(\"lspilot\" \"serve\" \"--backend\" %q \"--model\" \"scripted\"))\n", backend.URL+"/v1")
	for _, e := range emacsen {
		t.Run(e.name, func(t *testing.T) {
			s := startEmacs(t, e, dead, "sum.go", sumGo, 4, extra)
			s.term.SendKeys("C-s")
			s.term.Type("xs")
			s.term.SendKeys("Enter", "M-BSpace")
			s.term.Type("values")
			screen := s.term.WaitFor(screenWait, "the edit of line 6 and the hint", func(screen string) bool {
				return strings.Contains(screen, "for _, x := range values {") && strings.Contains(screen, "lspilot: next edit at line 6 (TAB jumps)")
			})
			t.Logf("the next edit:\n%s", window(screen))
			s.term.SendKeys("Tab")
			s.term.WaitForText(screenWait, "lspilot: next edit (TAB applies, C-g dismisses)")
			s.term.SendKeys("Tab")
			want := strings.NewReplacer("xs []int", "values []int", "range xs", "range values").Replace(sumGo)
			s.saved(t, func(file string) bool { return file == want }, "the edit applied")

			s.term.SendKeys("M-<", "C-s")
			s.term.Type("total")
			s.term.SendKeys("Enter", "M-BSpace")
			s.term.Type("sum")
			s.term.WaitFor(screenWait, "the edit of lines 7 to 9", func(screen string) bool {
				return strings.Contains(screen, "return sum") && strings.Contains(screen, "lspilot: next edit at line 7")
			})
			s.term.SendKeys("C-g")
			s.term.WaitFor(screenWait, "the edit dismissed", func(screen string) bool {
				return !strings.Contains(screen, "return sum") && !strings.Contains(screen, "lspilot: next edit")
			})
			c := s.nextEditCounters(t)
			if c.Shown < 2 || c.Accepted != 1 || c.Rejected != 1 {
				t.Errorf("lspilot counted %+v; want 2 or more shown, 1 accepted, 1 rejected", c)
			}
		})
	}
}

// nextEditCounters are the counters of lspilot.status's nextEdit.
type nextEditCounters struct {
	Shown    int `json:"shown"`
	Accepted int `json:"accepted"`
	Rejected int `json:"rejected"`
}

// nextEditCounters returns lspilot's next-edit counters, asked for with
// F11.
func (s *session) nextEditCounters(t *testing.T) nextEditCounters {
	t.Helper()
	var st struct {
		NextEdit *nextEditCounters `json:"nextEdit"`
	}
	os.Remove(s.path("status.json"))
	s.term.SendKeys("F11")
	s.term.WaitFor(screenWait, "lspilot-status written", func(string) bool {
		data, err := os.ReadFile(s.path("status.json"))
		return err == nil && json.Unmarshal(data, &st) == nil && st.NextEdit != nil
	})
	return *st.NextEdit
}
