package neovim_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lspilot/lspilot/editors/editortest"
)

// sumGo is the file the next-edit test edits.
const sumGo = `package calc

// Sum adds the values up.
func Sum(xs []int) int {
	total := 0
	for _, x := range xs {
		total += x
	}
	return total
}
`

// renames are what the scripted model does: it finishes the renames the
// test starts.
var renames = []editortest.Rename{
	{When: "func Sum(values []int)", Old: "range xs", New: "range values"},
	{When: "[]float64) int {", Old: "[]float64) int {", New: "[]float64) float64 {"},
	{When: "\tsum := 0", Old: "total", New: "sum"},
}

// TestNeovimNextEdit sets Neovim 0.7 (the host's) and 0.12 (the chroot's)
// up with the README's setup snippet verbatim, lspilot on the PATH and a
// scripted model that finishes renames as its only backend, and edits
// calc/sum.go in a tmux terminal, in normal mode as a user does:
//   - renaming the parameter xs shows the edit of its use two lines below,
//     the old text highlighted and the new line under it, with a hint on the
//     cursor's line; <Tab> jumps there and <Tab> again applies it;
//   - changing the element type shows the edit of the result type on the
//     cursor's line; one <Tab> applies it;
//   - renaming total shows an edit of three lines; <Esc> dismisses it, and
//     after a change elsewhere lspilot does not offer it again;
//
// and lspilot counted what the editor showed, accepted and rejected. The
// file written holds the accepted edits.
func TestNeovimNextEdit(t *testing.T) {
	snippet := editortest.Snippet(t, "setup-neovim")
	srv := editortest.RenameBackend(t, renames...)
	config := fmt.Sprintf("[[backends]]\nurl = %q\nkind = \"openai\"\nmodel = \"scripted\"\n", srv.URL+"/v1")
	for _, nv := range neovims[:2] {
		t.Run(nv.name, func(t *testing.T) {
			e := nv.start(t, setup{init: snippet + nv.init, file: "sum.go", text: sumGo, config: config, ollamaHost: "127.0.0.1:" + deadPort(t)})
			e.waitState("lspilot to attach", func(s probeState) bool { return s.Attached })
			e.jumpAndAccept(t)
			e.acceptAtCursor(t)
			e.dismissEdit(t)
			e.term.Type(":w\r")
			e.term.WaitForText(waitLong, "written")
			data, err := os.ReadFile(filepath.Join(e.home, "sum.go"))
			if err != nil {
				t.Fatal(err)
			}
			want := strings.NewReplacer("xs []int) int", "values []float64) float64", "range xs", "range values",
				"\ttotal := 0", "\tsum := 0", "values up.", "values up, 0 for none.").Replace(sumGo)
			if string(data) != want {
				t.Errorf("sum.go written:\n%s\nwant:\n%s", data, want)
			}
		})
	}
}

// waitEdit waits for a next edit to show, with no request waiting.
func (e *editor) waitEdit(what string) probeState {
	e.t.Helper()
	return e.waitState(what, func(s probeState) bool { return s.Edit != nil && !s.EditPending && s.Mode == "n" })
}

// jumpAndAccept renames xs to values on line 4: the edit of line 6 shows
// with the hint on line 4; <Tab> jumps to it, <Tab> again applies it.
func (e *editor) jumpAndAccept(t *testing.T) {
	e.term.Type("4G0f(lciwvalues")
	e.term.SendKeys("Escape")
	st := e.waitEdit("the edit of line 6")
	if st.Edit.Range.Start.Line != 5 || st.Edit.Text != "value" || st.Lines[5] != "\tfor _, x := range xs {" {
		t.Fatalf("edit %+v on %q, want xs made values on line 6", st.Edit, st.Lines)
	}
	// The x of xs is struck out, the line as the edit leaves it below.
	if h := st.EditHighlights; len(h) != 1 || h[0].Row != 5 || h[0].Col != 19 || h[0].EndRow != 5 || h[0].EndCol != 20 || h[0].HL != "LspilotEditDelete" {
		t.Errorf("highlights %+v, want LspilotEditDelete on line 6, bytes 19 to 20", h)
	}
	if l := st.EditLines; len(l) != 1 || l[0].Row != 5 || l[0].HL != "LspilotEditAdd" || !strings.HasSuffix(l[0].Text, "for _, x := range values {") {
		t.Errorf("virtual lines %+v, want the new line 6 under it", l)
	}
	e.term.WaitFor(waitLong, "the new line and the hint", func(s string) bool {
		return strings.Contains(s, "for _, x := range values {") && strings.Contains(s, "lspilot: next edit at line 6 (<Tab> jumps)")
	})
	e.capture("next-edit-away-" + filepath.Base(t.Name()))
	e.term.SendKeys("Tab")
	e.waitState("the cursor on the edit", func(s probeState) bool { return s.Cursor[0] == 6 && s.Edit != nil })
	e.term.WaitForText(waitLong, "<Tab> accepts")
	e.term.SendKeys("Tab")
	st = e.waitState("the edit applied", func(s probeState) bool {
		return s.Lines[5] == "\tfor _, x := range values {" && s.NextEdit.Accepted == 1
	})
	if st.Edit != nil || st.NextEdit.Shown < 1 || st.Cursor[0] != 6 {
		t.Errorf("after accepting: edit %+v, counters %+v, cursor %v", st.Edit, st.NextEdit, st.Cursor)
	}
}

// acceptAtCursor changes the element type on line 4: the edit of the
// result type on the same line shows, and one <Tab> applies it.
func (e *editor) acceptAtCursor(t *testing.T) {
	e.term.Type("4G0f]lciwfloat64")
	e.term.SendKeys("Escape")
	st := e.waitEdit("the edit of line 4")
	if st.Edit.Range.Start.Line != 3 || st.Cursor[0] != 4 {
		t.Fatalf("edit %+v with the cursor at %v, want one on line 4", st.Edit, st.Cursor)
	}
	e.term.WaitForText(waitLong, "func Sum(values []float64) float64 {")
	e.term.SendKeys("Tab")
	st = e.waitState("the edit applied", func(s probeState) bool {
		return s.Lines[3] == "func Sum(values []float64) float64 {" && s.NextEdit.Accepted == 2
	})
	if st.Lines[5] != "\tfor _, x := range values {" {
		t.Errorf("lines after the second edit: %q", st.Lines)
	}
}

// dismissEdit renames total to sum on line 5: the edit of lines 7 to 9
// shows; <Esc> dismisses it, and a change of the comment asks again, which
// lspilot answers without it.
func (e *editor) dismissEdit(t *testing.T) {
	e.term.Type("5G^ciwsum")
	e.term.SendKeys("Escape")
	st := e.waitEdit("the edit of lines 7 to 9")
	if st.Edit.Range.Start.Line != 6 || st.Edit.Range.End.Line != 8 {
		t.Fatalf("edit %+v, want lines 7 to 9", st.Edit)
	}
	e.term.WaitFor(waitLong, "the new lines", func(s string) bool {
		return strings.Contains(s, "sum += x") && strings.Contains(s, "return sum") && strings.Contains(s, "next edit at line 7")
	})
	e.capture("next-edit-lines-" + filepath.Base(t.Name()))
	e.term.SendKeys("Escape")
	st = e.waitState("the edit dismissed", func(s probeState) bool { return s.Edit == nil && s.NextEdit.Rejected == 1 })
	if st.Lines[6] != "\t\ttotal += x" {
		t.Errorf("dismissing changed the buffer: %q", st.Lines)
	}
	requests := st.NextEdit.Requests
	e.term.Type("3G$i, 0 for none")
	e.term.SendKeys("Escape")
	st = e.waitState("the edit asked for again and refused", func(s probeState) bool {
		return s.NextEdit.Requests > requests && s.NextEdit.RefusedBy["rejected"] >= 1 && !s.EditPending
	})
	if st.Edit != nil || strings.Contains(e.term.Screen(), "return sum") {
		t.Errorf("the rejected edit was offered again: %+v\n%s", st.Edit, e.term.Screen())
	}
}
