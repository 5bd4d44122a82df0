package emacs_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/lspilot/lspilot/inference/ollamatest"
	"github.com/lspilot/lspilot/inference/ollamatest/tinymodel"
)

// languages are the buffers the terminal tests edit: the cursor goes to
// line 4, an empty line before the last line break.
var languages = []struct {
	name, file, text string
}{
	{name: "go", file: "fib.go", text: "package fib\n\n// fib returns the n-th Fibonacci number.\n\n"},
	{name: "python", file: "fib.py", text: "import sys\n\n# fib returns the n-th Fibonacci number.\n\n"},
}

// nudgeAfter is how long the test waits for a first suggestion before it
// asks again.
const nudgeAfter = 20 * time.Second

// firstLines is what the model's answer shows first: two lines of it.
var firstLines = strings.SplitN(tinymodel.CycleText, "\n", 3)[:2]

// TestGhostText follows a user of the README's setup in Emacs 28 and 30,
// in a Go and a Python buffer, with a real Ollama serving the generated
// model (whose answers start with tinymodel.CycleText): a line break
// brings a multi-line suggestion as ghost text; M-n shows another of the
// alternatives lspilot gives when asked again, M-p the first again; C-g hides it; typing its first letter brings the rest
// back; M-f, M-e and TAB insert a word, a line and the rest, exactly, with
// the cursor after them. lspilot hears which suggestions were shown, partly
// accepted and accepted.
func TestGhostText(t *testing.T) {
	srv := ollamatest.Start(t, ollamatest.WithoutLargeModel())
	for _, e := range emacsen {
		for _, lang := range languages {
			t.Run(e.name+"/"+lang.name, func(t *testing.T) {
				s := startEmacs(t, e, srv.Host, lang.file, lang.text, 4, "")
				s.ghostText(t, lang.text, e.name+"-"+lang.name)
			})
		}
	}
}

// ghostText runs the steps of TestGhostText in a session whose file holds
// text, with the cursor on its empty line 4.
func (s *session) ghostText(t *testing.T, text, capName string) {
	// A line break on the empty line: the model's answer fits a new line.
	at := len(text) - 1
	text, at = text[:at]+"\n"+text[at:], at+1
	with := func(inserted string) func(string) bool {
		return func(file string) bool { return file == text[:at]+inserted+text[at:] }
	}
	shows := func(n int) func(string) bool {
		return func(screen string) bool { return strings.Count(window(screen), firstLines[0]) == n }
	}

	s.term.SendKeys("Enter")
	nudge := time.Now().Add(nudgeAfter)
	screen := s.term.WaitFor(screenWait, "a multi-line suggestion", func(screen string) bool {
		if shows(1)(screen) && hasLine(window(screen), firstLines[1]) {
			return true
		}
		// A first request that failed (the model still loading on a busy
		// machine) is asked again as a user would: a space typed and
		// deleted.
		if time.Now().After(nudge) {
			s.term.SendKeys("Space")
			s.term.SendKeys("BSpace")
			nudge = time.Now().Add(nudgeAfter)
		}
		return false
	})
	capture(t, screen, capName)

	// lspilot answers again at the same place with up to three distinct
	// suggestions: the first, samples of the model, the first line alone.
	// A message reaches a terminal at once, the window only at the next
	// redisplay: each step waits for both.
	first := window(screen)
	s.term.SendKeys("M-n")
	next := s.term.WaitFor(screenWait, "a second suggestion, different from the first", func(screen string) bool {
		return regexp.MustCompile(`lspilot: suggestion 2 of [23]`).MatchString(screen) && window(screen) != first
	})
	t.Logf("after M-n:\n%s", window(next))
	s.term.SendKeys("M-p")
	s.term.WaitFor(screenWait, "the first suggestion again", func(screen string) bool {
		return regexp.MustCompile(`lspilot: suggestion 1 of [23]`).MatchString(screen) && window(screen) == first
	})

	s.term.SendKeys("C-g")
	s.term.WaitFor(screenWait, "the suggestion dismissed", shows(0))
	s.term.Type("f")
	s.term.WaitFor(screenWait, "the suggestion back", shows(1))

	s.term.SendKeys("M-f")
	s.saved(t, with("func"), "the word accepted")
	s.term.SendKeys("M-e")
	s.saved(t, with(firstLines[0]+"\n"), "the line accepted")
	shown := s.term.WaitFor(screenWait, "the rest of the suggestion", func(screen string) bool {
		return hasLine(window(screen), firstLines[1])
	})
	s.term.SendKeys("Tab")
	s.term.Type("X")
	file := s.saved(t, func(file string) bool { return strings.Contains(file, "X") }, "the suggestion accepted")
	inserted, after, _ := strings.Cut(file[at:], "X")
	if !strings.HasPrefix(flat(tinymodel.CycleText), flat(inserted)) || strings.Count(inserted, "\n") < 2 || after != text[at:] {
		t.Fatalf("file after accepting all:\n%q\nwant the model's text (%q...) and X after it", file, tinymodel.CycleText[:40])
	}
	for _, line := range strings.Split(inserted, "\n")[1:] {
		if !hasLine(window(shown), line) {
			t.Errorf("inserted line %q was not on screen before:\n%s", line, shown)
		}
	}

	// lspilot heard what was shown and taken.
	c := s.counters(t)
	if c.Shown < 3 || c.PartiallyAccepted != 2 || c.Accepted != 1 || c.AlternativeCalls == 0 {
		t.Errorf("lspilot counted %+v; want 3 or more shown, 2 partly accepted, 1 accepted, alternatives sampled", c)
	}
}

// hasLine reports whether a row of screen holds line, leading and
// trailing white space aside (lspilot indents a suggestion as its buffer
// does).
func hasLine(screen, line string) bool {
	for _, row := range strings.Split(screen, "\n") {
		if strings.TrimSpace(row) == strings.TrimSpace(line) {
			return true
		}
	}
	return false
}

// flat removes the indentation of text's lines.
func flat(text string) string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimLeft(l, " \t")
	}
	return strings.Join(lines, "\n")
}

// besideEglot is what a user adds to the README's setup to run a language
// server for Python buffers through Eglot: here a private lspilot stands
// in for it.
const besideEglot = `
(require 'eglot)
(add-to-list 'eglot-server-programs '((python-mode python-ts-mode) "lspilot" "serve"))
(add-hook 'python-mode-hook #'eglot-ensure)
`

// TestGhostTextBesideEglot runs Eglot with a server of its own for a
// Python buffer: lspilot-mode still shows and accepts its suggestions.
func TestGhostTextBesideEglot(t *testing.T) {
	srv := ollamatest.Start(t, ollamatest.WithoutLargeModel())
	for _, e := range emacsen {
		t.Run(e.name, func(t *testing.T) {
			lang := languages[1]
			s := startEmacs(t, e, srv.Host, lang.file, lang.text, 4, besideEglot)
			s.term.WaitFor(screenWait, "Eglot in the mode line", func(screen string) bool {
				return strings.Contains(modeLine(screen), "eglot")
			})
			s.term.SendKeys("Enter")
			s.term.WaitFor(screenWait, "a multi-line suggestion", func(screen string) bool {
				return strings.Contains(window(screen), firstLines[0]) && hasLine(window(screen), firstLines[1])
			})
			s.term.SendKeys("Tab")
			at := len(lang.text) - 1
			file := s.saved(t, func(file string) bool { return strings.Contains(file, firstLines[0]) }, "the suggestion accepted")
			if !strings.HasPrefix(flat(file[at+1:]), flat(firstLines[0]+"\n"+firstLines[1])) {
				t.Errorf("file after accepting:\n%s", file)
			}
			t.Logf("mode line: %s", modeLine(s.term.Screen()))
		})
	}
}
