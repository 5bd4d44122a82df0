package helix_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lspilot/lspilot/editors/editortest"
	"github.com/lspilot/lspilot/inference/chroottest"
	"github.com/lspilot/lspilot/inference/ollamatest"
)

// sumGo is the file the next-edit test edits.
const sumGo = "package calc\n\n// Sum adds the values up.\nfunc Sum(xs []int) int {\n\ttotal := 0\n\tfor _, x := range xs {\n\t\ttotal += x\n\t}\n\treturn total\n}\n"

// TestHelixNextEdit renames the parameter xs of sum.go in Helix, with the
// README's snippet pointed at a scripted model that finishes renames, and
// picks "Next edit with AI" in Helix's code-action menu: Helix has no
// display for next edits, so lspilot offers the edit as a code action,
// which applies the rename of the use two lines below and counts it
// accepted.
func TestHelixNextEdit(t *testing.T) {
	r := chroottest.Require(t)
	backend := editortest.RenameBackend(t, editortest.Rename{When: "func Sum(values []int)", Old: "range xs", New: "range values"})
	hx := startHelix(t, r, &ollamatest.Server{URL: backend.URL + "/v1", FIMModel: "scripted"}, "sum.go", sumGo)
	// The rename is typed once lspilot has the document, as it is when a
	// user starts typing: the next edit carries on from the change it saw.
	hx.WaitFor(30*time.Second, "the document opened in lspilot", func(string) bool {
		return slices.ContainsFunc(hx.logged(t, "lspilot -> "), func(m message) bool { return m.Method == "textDocument/didOpen" })
	})

	hx.Type(":4")
	hx.SendKeys("Enter")
	hx.Type("f(lec") // select xs and change it
	hx.Type("values")
	hx.normal()
	hx.WaitForText(10*time.Second, "func Sum(values []int) int {")
	// Helix lists quick fixes first and selects the first item.
	menu := hx.ask(time.Minute, "Next edit with AI", func() { hx.SendKeys("Space", "a") })
	if !strings.Contains(firstItemRow(menu), "  Next edit with AI") {
		t.Fatalf("the code-action menu does not start with the next edit:\n%s", menu)
	}
	capture(t, "next-edit-menu.txt", menu, "Next edit with AI")
	hx.SendKeys("Enter")
	hx.WaitForText(30*time.Second, "for _, x := range values {")
	hx.Type(":w")
	hx.SendKeys("Enter")
	hx.WaitForText(10*time.Second, "written")
	want := strings.NewReplacer("xs []int", "values []int", "range xs", "range values").Replace(sumGo)
	if got := hx.file(t, "sum.go"); got != want {
		t.Errorf("sum.go after the next edit:\n%s\nwant:\n%s", got, want)
	}
	if st := hx.status(t).NextEdit; st == nil || st.Accepted != 1 {
		t.Errorf("lspilot's next-edit counters = %+v, want one accepted edit", st)
	}
}

// firstItemRow returns the screen's first row that shows one of lspilot's
// code actions: the top of the menu.
func firstItemRow(screen string) string {
	for _, row := range strings.Split(screen, "\n") {
		if strings.Contains(row, " with AI") {
			return row
		}
	}
	return ""
}
