package emacs_test

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/lspilot/lspilot/editors/editortest"
)

var update = flag.Bool("update", false, "rewrite testdata/screens from the terminal")

// screenWait bounds each wait for the terminal: suggestions come from a
// real Ollama on a busy machine.
const screenWait = 60 * time.Second

// session is an Emacs in a terminal, started with the README's setup.
type session struct {
	*sandbox
	term *editortest.Terminal
	file string // the file edited, relative to the sandbox
}

// prelude is what a user's Emacs has before the README's lines: Debian
// 12's packages (go-mode, Eglot), which -Q leaves out, in Emacs 28; the
// Go grammar for go-ts-mode in Emacs 30.
func (box *sandbox) prelude(t *testing.T) string {
	t.Helper()
	if box.root == nil {
		return "(setq package-directory-list '(\"/usr/share/emacs/site-lisp/elpa\"))\n(package-initialize)\n"
	}
	srcs, _ := filepath.Glob(box.root.Path("/usr/src/tree-sitter/go/*/parser/src/parser.c"))
	if len(srcs) == 0 {
		t.Fatal("the chroot has no tree-sitter-go-src")
	}
	src := strings.TrimPrefix(filepath.Dir(srcs[0]), box.root.Dir)
	if err := os.MkdirAll(box.path("treesit"), 0o755); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	out, err := box.command(ctx, nil, "gcc", "-O0", "-shared", "-fPIC", "-I", src, filepath.Join(src, "parser.c"),
		"-o", box.in("treesit/libtree-sitter-go.so")).CombinedOutput()
	if err != nil {
		t.Fatalf("compile the Go grammar: %v\n%s", err, out)
	}
	return fmt.Sprintf(`(setq treesit-extra-load-path '(%q))
(unless (treesit-language-available-p 'go) (error "The Go grammar does not load"))
(add-to-list 'auto-mode-alist '("\\.go\\'" . go-ts-mode))
`, box.in("treesit"))
}

// startEmacs writes file with text and init.el (prelude, the README's
// snippet with the sandbox's path, then extra), and opens file at line in
// Emacs in a terminal, lspilot's discovery pointed at ollamaHost.
func startEmacs(t *testing.T, f flavor, ollamaHost, file, text string, line int, extra string) *session {
	t.Helper()
	box := newSandbox(t, f)
	if err := os.WriteFile(box.path("work/"+file), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	snippet := strings.ReplaceAll(editortest.Snippet(t, "setup-emacs"), "/path/to/lspilot", box.in("lspilot"))
	init := box.prelude(t) + snippet + extra + fmt.Sprintf(dumpEvents, box.in("events.txt")) +
		fmt.Sprintf(dumpStatus, box.in("status.json"))
	if err := os.WriteFile(box.path("init.el"), []byte(init), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := box.emacs(context.Background(), backendEnv(t, ollamaHost), "-nw", "-Q", "-l", box.in("init.el"),
		fmt.Sprintf("+%d", line), file)
	s := &session{sandbox: box, term: editortest.StartTerminal(t, editortest.Size{Width: 100, Height: 30}, cmd), file: file}
	t.Cleanup(func() {
		if t.Failed() {
			s.logEvents(t)
		}
	})
	s.term.WaitFor(screenWait, "lspilot ready in the mode line", func(screen string) bool {
		return regexp.MustCompile(`\slspilot(\s|-|$)`).MatchString(modeLine(screen))
	})
	return s
}

// modeLineRow matches the mode line of a terminal Emacs.
var modeLineRow = regexp.MustCompile(`^-.*\sL\d+\s`)

// modeRow returns the index of the screen's last mode line row, or -1.
func modeRow(rows []string) int {
	for i := len(rows) - 1; i >= 0; i-- {
		if modeLineRow.MatchString(rows[i]) {
			return i
		}
	}
	return -1
}

// modeLine returns the mode line.
func modeLine(screen string) string {
	rows := strings.Split(screen, "\n")
	if i := modeRow(rows); i >= 0 {
		return rows[i]
	}
	return ""
}

// window returns the rows above the mode line.
func window(screen string) string {
	rows := strings.Split(screen, "\n")
	// Without the blank rows at its end, whose number changes with the
	// height of the echo area (a notice may wrap over several rows).
	return strings.TrimRight(strings.Join(rows[:max(modeRow(rows), 0)], "\n"), "\n")
}

// expand writes text as Emacs shows it: tabs to the next multiple of 8.
func expand(text string) string {
	var b strings.Builder
	col := 0
	for _, r := range text {
		switch r {
		case '\t':
			n := 8 - col%8
			b.WriteString(strings.Repeat(" ", n))
			col += n
		case '\n':
			b.WriteRune(r)
			col = 0
		default:
			b.WriteRune(r)
			col++
		}
	}
	return b.String()
}

// saved saves the buffer (C-x C-s) and waits until the file holds want.
func (s *session) saved(t *testing.T, want func(string) bool, what string) string {
	t.Helper()
	s.term.SendKeys("C-x", "C-s")
	var got string
	s.term.WaitFor(screenWait, what+" in the saved file", func(string) bool {
		data, err := os.ReadFile(s.path("work/" + s.file))
		got = string(data)
		return err == nil && want(got)
	})
	return got
}

// capture writes the window and its mode line to testdata/screens/name.txt
// with -update, and
// otherwise checks it matches what is there down to the suggestion's
// second line (where the suggestion ends depends on the model's time
// budget on a busy machine).
func capture(t *testing.T, screen, name string) {
	t.Helper()
	path := filepath.Join("testdata", "screens", name+".txt")
	got := window(screen) + "\n" + modeLine(screen) + "\n"
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -update writes it)", err)
	}
	if stable(got) != stable(string(want)) {
		t.Errorf("screen differs from %s (go test -update rewrites it):\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}

// dumpEvents binds F12 to write the protocol events of lspilot-mode's
// connections to a file, for the log of a failed test.
const dumpEvents = `
(global-set-key (kbd "<f12>")
  (lambda () (interactive)
    (let (text)
      (maphash (lambda (_ c) (push (with-current-buffer (jsonrpc-events-buffer c) (buffer-string)) text))
               lspilot--connections)
      (with-temp-file %q (insert (mapconcat #'identity text "\n"))))))
`

// dumpStatus binds F11 to write M-x lspilot-status's answer as JSON.
const dumpStatus = `
(global-set-key (kbd "<f11>")
  (lambda () (interactive)
    (let ((status (json-encode (lspilot-status))))
      (with-temp-file %q (insert status)))))
`

// completionCounters are the counters of lspilot.status that the terminal
// tests read.
type completionCounters struct {
	Shown             int `json:"shown"`
	Accepted          int `json:"accepted"`
	PartiallyAccepted int `json:"partiallyAccepted"`
	AlternativeCalls  int `json:"alternativeCalls"`
}

// counters returns lspilot's completion counters, asked for with F11.
func (s *session) counters(t *testing.T) completionCounters {
	t.Helper()
	var st struct {
		Completion completionCounters `json:"completion"`
	}
	s.term.SendKeys("F11")
	s.term.WaitFor(screenWait, "lspilot-status written", func(string) bool {
		data, err := os.ReadFile(s.path("status.json"))
		return err == nil && json.Unmarshal(data, &st) == nil
	})
	return st.Completion
}

// logEvents logs the protocol events of lspilot-mode's connections.
func (s *session) logEvents(t *testing.T) {
	s.term.SendKeys("F12")
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if data, err := os.ReadFile(s.path("events.txt")); err == nil {
			t.Logf("lspilot-mode's protocol events:\n%s", data)
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Logf("no protocol events written; the screen:\n%s", s.term.Screen())
}

// stable returns screen's rows down to the one holding the suggestion's
// second line.
func stable(screen string) string {
	rows := strings.Split(screen, "\n")
	for i, row := range rows {
		if strings.TrimSpace(row) == strings.TrimSpace(firstLines[1]) {
			return strings.Join(rows[:i+1], "\n")
		}
	}
	return screen
}
