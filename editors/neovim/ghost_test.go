package neovim_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/lspilot/lspilot/editors/editortest"
	"github.com/lspilot/lspilot/inference/ollamatest"
	"github.com/lspilot/lspilot/inference/ollamatest/tinymodel"
)

// TestNeovimGhostText sets Neovim 0.7 (the host's) and 0.12 (the chroot's)
// up with the README's setup snippet verbatim (and 0.12 once more with the
// plugin's own ghost text, drawn inline as on 0.10 and 0.11), lspilot on the PATH and a
// real Ollama serving the generated model, and types in a tmux terminal:
// a new line shows the model's multi-line suggestion as ghost text; next
// and previous cycle through the alternatives lspilot offers, dismiss
// hides it, <Tab> without a suggestion inserts a
// tab; accept word and accept line insert part of it and <Tab> the rest,
// each exactly what was shown, with the cursor after it; the editor
// reported what it showed and what was accepted.
func TestNeovimGhostText(t *testing.T) {
	snippet := editortest.Snippet(t, "setup-neovim")
	srv := ollamatest.Start(t, ollamatest.WithoutLargeModel())
	for _, nv := range neovims {
		t.Run(nv.name, func(t *testing.T) {
			e := nv.start(t, fibSetup(snippet+nv.init, srv))
			e.waitState("lspilot to attach and tell the model", func(s probeState) bool { return s.Attached && s.Noticed })
			e.term.Type("3GA")
			e.term.SendKeys("Enter")
			e.showSuggestion(t, "ghost-"+nv.name)
			e.cycle(t, "cycled-"+nv.name)
			e.dismissAndFallThrough(t)
			e.acceptInParts(t, "accepted-"+nv.name)
			e.menuHidesGhost(t)
		})
	}
}

// suggestion waits until a suggestion is shown and no request is in
// flight, and stays so for two probes in a row; if none shows for a while
// (the server drops requests it cannot serve in time on a busy machine) it
// types a space and deletes it, as a user would, for a fresh automatic
// request. (The next key would ask for sampled alternatives, which may
// be shorter than what the model writes greedily.)
func (e *editor) suggestion() probeState {
	e.t.Helper()
	deadline := time.Now().Add(waitLong)
	nudge := time.Now().Add(15 * time.Second)
	tick := time.NewTicker(250 * time.Millisecond)
	defer tick.Stop()
	var last probeState
	for {
		st := e.state()
		if st.Visible && !st.Pending && st.Shown != "" && last.Visible && st.Shown == last.Shown && !last.Pending {
			return st
		}
		last = st
		if now := time.Now(); now.After(deadline) {
			e.t.Fatalf("waited %v for a suggestion; last state %+v; the screen:\n%s", waitLong, st, e.term.Screen())
		} else if now.After(nudge) && !st.Visible && !st.Pending {
			e.term.SendKeys("Space", "BSpace")
			nudge = now.Add(15 * time.Second)
		}
		<-tick.C
	}
}

// showSuggestion waits for the suggestion on line 4 and checks it is the
// start of what the model writes, on more than one line, and on screen.
func (e *editor) showSuggestion(t *testing.T, capture string) {
	st := e.suggestion()
	t.Logf("suggestion: %q (%s)", st.Shown, st.Engine)
	if !strings.HasPrefix(strings.Repeat(tinymodel.CycleText, 4), st.Shown) || !strings.Contains(st.Shown, "\n\t") {
		t.Fatalf("suggestion %q is not a multi-line start of the model's text %q", st.Shown, tinymodel.CycleText)
	}
	lines := strings.Split(st.Shown, "\n")
	e.term.WaitFor(waitLong, "the suggestion's lines on screen", func(s string) bool {
		return strings.Contains(s, lines[0]) && strings.Contains(s, strings.TrimSpace(lines[1]))
	})
	e.capture(capture)
}

// cycle, with a suggestion shown on line 4, presses next: lspilot is asked
// for alternatives and the second shows, marked (2/N); then previous
// shows the first again.
func (e *editor) cycle(t *testing.T, capture string) {
	first := e.suggestion()
	e.term.SendKeys("M-]")
	second := e.waitState("the second suggestion", func(s probeState) bool {
		return len(s.Items) >= 2 && s.Index == 2 && s.Visible && !s.Pending
	})
	t.Logf("alternatives: %q", second.Items)
	if second.Items[0] != first.Items[0] || second.Shown == first.Shown {
		t.Errorf("after next: items %q showing %q; before: %q showing %q", second.Items, second.Shown, first.Items, first.Shown)
	}
	e.term.WaitForText(waitLong, fmt.Sprintf("(2/%d)", len(second.Items)))
	e.capture(capture)
	e.term.SendKeys("M-[")
	// <M-[> reaches Neovim as ESC [, which starts a terminal escape
	// sequence too: let Neovim read it alone before the probe's key.
	e.term.WaitForText(waitLong, fmt.Sprintf("(1/%d)", len(second.Items)))
	back := e.waitState("the first suggestion again", func(s probeState) bool { return s.Index == 1 && s.Visible })
	if back.Shown != first.Shown {
		t.Errorf("after previous, %q shown, want %q", back.Shown, first.Shown)
	}
}

// dismissAndFallThrough, with a suggestion shown on line 4, presses
// dismiss (it goes, the buffer unchanged), <Tab> (a tab, as no suggestion
// is shown) and <BS>.
func (e *editor) dismissAndFallThrough(t *testing.T) {
	before := e.suggestion()
	e.term.SendKeys("C-]")
	st := e.waitState("the suggestion dismissed", func(s probeState) bool { return !s.Visible })
	if strings.Join(st.Lines, "\n") != strings.Join(before.Lines, "\n") || st.Cursor != before.Cursor {
		t.Errorf("dismiss changed the buffer or cursor:\n%q %v\nwas\n%q %v", st.Lines, st.Cursor, before.Lines, before.Cursor)
	}
	e.term.SendKeys("Tab")
	e.waitState("<Tab> to insert a tab", func(s probeState) bool {
		return s.Lines[3] == "\t" && s.Cursor == [2]int{4, 1}
	})
	e.term.SendKeys("BSpace")
	e.waitState("the tab deleted", func(s probeState) bool { return s.Lines[3] == "" })
}

// acceptInParts accepts a word of the suggestion, then a line, then the
// rest, checking each time that exactly what was shown went in.
func (e *editor) acceptInParts(t *testing.T, capture string) {
	steps := []struct {
		key  string
		part func(string) string
	}{
		{"M-Right", wordOf},
		{"M-Down", lineOf},
		{"Tab", func(s string) string { return s }},
	}
	var st probeState
	partial, whole := 0, 0
	for _, step := range steps {
		before := e.suggestion()
		e.term.SendKeys(step.key)
		part := step.part(before.Shown)
		st = e.expectInsert(before, part, step.key)
		if part == before.Shown {
			whole++
		} else {
			partial++
		}
	}
	// Accepting all that is shown runs the item's command; less is a partial
	// acceptance. Both reach lspilot after the text is in the buffer.
	st = e.waitState("lspilot to count the acceptances", func(s probeState) bool {
		return s.Completion.Partial >= int64(partial) && s.Completion.Accepted >= int64(whole)
	})
	c := st.Completion
	if c.Shown < 1 || c.Partial != int64(partial) || c.Accepted != int64(whole) || c.AcceptedChars < 2 {
		t.Errorf("lspilot counted %+v, want shown ≥ 1, %d partially accepted, %d accepted", c, partial, whole)
	}
	e.term.SendKeys("Escape")
	e.waitState("normal mode", func(s probeState) bool { return s.Mode == "n" && !s.Visible })
	e.capture(capture)
}

// expectInsert waits until text is in the buffer at the cursor of before
// and the cursor after it.
func (e *editor) expectInsert(before probeState, text, key string) probeState {
	e.t.Helper()
	lines, cursor := insertAt(before.Lines, before.Cursor, text)
	return e.waitState(key+" to insert "+text, func(s probeState) bool {
		return strings.Join(s.Lines, "\n") == strings.Join(lines, "\n") && s.Cursor == cursor
	})
}

// insertAt returns lines with text inserted at cursor, and the cursor
// after it.
func insertAt(lines []string, cursor [2]int, text string) ([]string, [2]int) {
	row, col := cursor[0]-1, cursor[1]
	line := lines[row]
	ins := strings.Split(text, "\n")
	last := ins[len(ins)-1]
	ins[0] = line[:col] + ins[0]
	end := [2]int{cursor[0] + len(ins) - 1, len(ins[len(ins)-1])}
	if len(ins) == 1 {
		end[1] = col + len(last)
	}
	ins[len(ins)-1] += line[col:]
	out := append(append(append([]string{}, lines[:row]...), ins...), lines[row+1:]...)
	return out, end
}

var wordRE = regexp.MustCompile(`^(\s*\w+|\s*[^\w\s]+|\s+)`)

// wordOf returns what accept word takes of text.
func wordOf(text string) string {
	if m := wordRE.FindString(text); m != "" {
		return m
	}
	return text
}

// lineOf returns what accept line takes of text: up to its first line
// break, or the next line with the break before it.
func lineOf(text string) string {
	if rest, ok := strings.CutPrefix(text, "\n"); ok {
		line, _, _ := strings.Cut(rest, "\n")
		return "\n" + line
	}
	line, _, _ := strings.Cut(text, "\n")
	return line
}

// menuHidesGhost goes to the empty line 2, waits for a suggestion and
// opens the completion menu with <C-x><C-o>: the plugin's ghost text goes
// while the menu is open. (Neovim 0.12's own inline completion shows the
// suggestion for the selected menu item; it is left as Neovim made it.)
func (e *editor) menuHidesGhost(t *testing.T) {
	e.term.Type("2GA")
	e.suggestion()
	e.until("the completion menu", func(s string) bool { return strings.Contains(s, "lspilot") }, "C-x", "C-o")
	st := e.state()
	if st.Visible && !strings.HasPrefix(st.Engine, "Neovim's own") {
		t.Errorf("ghost text shown with the completion menu open:\n%s", e.term.Screen())
	}
	e.term.SendKeys("C-e")
	e.waitState("the menu closed", func(s probeState) bool { return s.Lines[1] == "" })
}
