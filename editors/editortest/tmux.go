package editortest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Terminal is a program running in a detached tmux session of its own
// (its own tmux server socket), at a fixed size.
type Terminal struct {
	t      testing.TB
	socket string
	name   string
}

// Size is the size of a Terminal in cells.
type Size struct{ Width, Height int }

// DefaultSize is what StartTerminal uses for a zero Size.
var DefaultSize = Size{Width: 100, Height: 30}

// StartTerminal runs cmd (its Path, Args, Env and Dir) in a new tmux
// session and stops the session when the test ends. cmd is not started
// itself; a command of chroottest.Root runs in the chroot as usual.
func StartTerminal(t testing.TB, size Size, cmd *exec.Cmd) *Terminal {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Fatal("tmux not found: install it (apt-get install tmux)")
	}
	if size == (Size{}) {
		size = DefaultSize
	}
	dir, err := os.MkdirTemp("", "tmux-")
	if err != nil {
		t.Fatal(err)
	}
	term := &Terminal{t: t, socket: filepath.Join(dir, "sock"), name: "editor"}
	t.Cleanup(func() {
		term.tmux("kill-server")
		os.RemoveAll(dir)
	})
	wd := cmd.Dir
	if wd == "" {
		wd = "."
	}
	args := []string{"new-session", "-d", "-s", term.name, "-x", fmt.Sprint(size.Width), "-y", fmt.Sprint(size.Height), "-c", wd}
	// The session's program sees cmd.Env only, with a terminal type tmux serves.
	argv := append([]string{cmd.Path}, cmd.Args[1:]...)
	env := append(append([]string{}, cmd.Env...), "TERM=tmux-256color")
	shell := "exec env -i " + quote(env...) + " " + quote(argv...)
	args = append(args, shell)
	if out, err := term.tmuxErr(append([]string{"-f", "/dev/null"}, args...)...); err != nil {
		t.Fatalf("tmux new-session: %v\n%s", err, out)
	}
	// Keep the pane after the program exits, so that its last screen can be read.
	term.tmux("set-option", "-t", term.name, "remain-on-exit", "on")
	return term
}

// SendKeys sends keys in tmux's send-keys syntax: "Escape", "C-x", "Tab",
// "Enter" are keys; any other string is sent as keys named by tmux, so send
// literal text with Type.
func (term *Terminal) SendKeys(keys ...string) {
	term.t.Helper()
	if out, err := term.tmuxErr(append([]string{"send-keys", "-t", term.name}, keys...)...); err != nil {
		term.t.Fatalf("tmux send-keys %q: %v\n%s", keys, err, out)
	}
}

// Type sends text literally, as if typed.
func (term *Terminal) Type(text string) {
	term.t.Helper()
	if out, err := term.tmuxErr("send-keys", "-t", term.name, "-l", text); err != nil {
		term.t.Fatalf("tmux send-keys -l %q: %v\n%s", text, err, out)
	}
}

// Screen returns the visible screen as text, one line per row, trailing
// spaces removed.
func (term *Terminal) Screen() string {
	term.t.Helper()
	out, err := term.tmuxErr("capture-pane", "-p", "-t", term.name)
	if err != nil {
		term.t.Fatalf("tmux capture-pane: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}

// WaitFor polls the screen until ok accepts it or timeout passes, and
// returns the last screen; on timeout the test fails with that screen.
func (term *Terminal) WaitFor(timeout time.Duration, what string, ok func(screen string) bool) string {
	term.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		screen := term.Screen()
		if ok(screen) {
			return screen
		}
		select {
		case <-ctx.Done():
			term.t.Fatalf("waited %v for %s; the screen:\n%s", timeout, what, screen)
			return screen
		case <-tick.C:
		}
	}
}

// WaitForText waits until the screen contains text and returns the screen.
func (term *Terminal) WaitForText(timeout time.Duration, text string) string {
	term.t.Helper()
	return term.WaitFor(timeout, fmt.Sprintf("%q on screen", text), func(s string) bool { return strings.Contains(s, text) })
}

// Save writes the screen to path (for the README's captures).
func (term *Terminal) Save(path string) {
	term.t.Helper()
	if err := os.WriteFile(path, []byte(term.Screen()+"\n"), 0o644); err != nil {
		term.t.Fatal(err)
	}
}

func (term *Terminal) tmux(args ...string) {
	term.tmuxErr(args...)
}

func (term *Terminal) tmuxErr(args ...string) ([]byte, error) {
	return exec.Command("tmux", append([]string{"-S", term.socket}, args...)...).CombinedOutput()
}

// quote returns args quoted for sh and joined by spaces.
func quote(args ...string) string {
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
	}
	return strings.Join(q, " ")
}
