package neovim_test

import (
	"strings"
	"testing"

	"github.com/lspilot/lspilot/inference/ollamatest"
	"github.com/lspilot/lspilot/inference/ollamatest/tinymodel"
)

// menuInit turns ghost text off: suggestions come through the completion
// menu only, shown for a single item too.
const menuInit = `vim.opt.runtimepath:append('/path/to/lspilot/editors/neovim')
require('lspilot').setup({ ghost_text = false })
vim.o.completeopt = 'menuone'
`

// TestNeovimOmnifunc sets Neovim 0.7 up without ghost text and completes
// with <C-x><C-o> on an empty line: no ghost text shows, the menu offers
// the model's multi-line suggestion, and <C-y> inserts it as real lines
// (complete() alone would join them with NUL characters), with the cursor
// after it, and reports it accepted.
func TestNeovimOmnifunc(t *testing.T) {
	srv := ollamatest.Start(t, ollamatest.WithoutLargeModel())
	e := startHost(t, fibSetup(menuInit, srv))
	st := e.waitState("lspilot to attach and tell the model", func(s probeState) bool { return s.Attached && s.Noticed })
	if st.Omnifunc != "v:lua.vim.lsp.omnifunc" {
		t.Errorf("omnifunc = %q, want v:lua.vim.lsp.omnifunc", st.Omnifunc)
	}
	e.term.Type("3GA")
	e.term.SendKeys("Enter")
	e.waitState("insert mode on line 4", func(s probeState) bool { return s.Mode == "i" && s.Cursor == [2]int{4, 0} })
	e.until("the completion menu", func(s string) bool {
		return strings.Contains(s, "func fib(n int) int {") && strings.Contains(s, "lspilot")
	}, "C-x", "C-o")
	e.capture("omnifunc-0.7")
	e.term.SendKeys("C-y")
	st = e.waitState("the item inserted as lines", func(s probeState) bool {
		return s.Mode == "i" && s.Cursor[0] > 4
	})
	e.capture("omnifunc-accepted-0.7")
	inserted := strings.Join(st.Lines[3:st.Cursor[0]], "\n")
	if !strings.HasPrefix(strings.Repeat(tinymodel.CycleText, 4), inserted) || !strings.Contains(inserted, "\n\t") {
		t.Errorf("inserted %q, want a multi-line start of the model's text", inserted)
	}
	if last := st.Lines[st.Cursor[0]-1]; st.Cursor[1] != len(last) {
		t.Errorf("cursor at %v, want the end of %q", st.Cursor, last)
	}
	if st.Visible || len(st.Items) != 0 {
		t.Errorf("ghost text with ghost_text = false: %+v", st)
	}
	st = e.waitState("the acceptance reported", func(s probeState) bool { return s.Completion.Accepted == 1 })
	t.Logf("inserted %q; lspilot counted %+v", inserted, st.Completion)
}
