package prompt

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/lspilot/lspilot/diffing/lang"
	"golang.org/x/tools/txtar"
)

// cursorMark marks the cursor in test files.
const cursorMark = "‸"

// editor replays keystrokes on a document the way an editor would.
type editor struct {
	text   string
	cursor int
}

func (e *editor) insert(s string) {
	e.text = e.text[:e.cursor] + s + e.text[e.cursor:]
	e.cursor += len(s)
}

func (e *editor) backspace() {
	_, size := lastRune(e.text[:e.cursor])
	e.text = e.text[:e.cursor-size] + e.text[e.cursor:]
	e.cursor -= size
}

func lastRune(s string) (rune, int) {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i]&0xc0 != 0x80 {
			return []rune(s[i:])[0], len(s) - i
		}
	}
	return 0, 0
}

func (e *editor) line() int { return strings.Count(e.text[:e.cursor], "\n") }

func (e *editor) rest() string { return e.text[e.cursor:lineEndAt(e.text, e.cursor)] }

// keystroke is the editor state after one key.
type keystroke struct {
	key    string
	text   string
	cursor int
	line   int
	rest   string
}

// replay runs the keys of a trace and returns the state after each key,
// the initial state first.
func replay(t *testing.T, doc string, keys string) []keystroke {
	t.Helper()
	e := &editor{text: strings.Replace(doc, cursorMark, "", 1), cursor: strings.Index(doc, cursorMark)}
	if e.cursor < 0 {
		t.Fatal("trace file has no cursor mark")
	}
	snap := func(key string) keystroke {
		return keystroke{key: key, text: e.text, cursor: e.cursor, line: e.line(), rest: e.rest()}
	}
	out := []keystroke{snap("start")}
	for _, l := range strings.Split(strings.TrimRight(keys, "\n"), "\n") {
		cmd, arg, _ := strings.Cut(l, " ")
		switch cmd {
		case "type":
			for _, r := range arg {
				e.insert(string(r))
				out = append(out, snap("type"))
			}
		case "enter":
			indent := lang.LeadingSpace(e.text[lineStartAt(e.text, e.cursor):e.cursor])
			e.insert("\n" + indent)
			out = append(out, snap("enter"))
		case "backspace":
			n, err := strconv.Atoi(arg)
			if err != nil {
				t.Fatalf("bad key line %q", l)
			}
			for i := 0; i < n; i++ {
				e.backspace()
				out = append(out, snap("backspace"))
			}
		default:
			t.Fatalf("bad key line %q", l)
		}
	}
	return out
}

func commonPrefixLen(a, b string) int {
	n := min(len(a), len(b))
	for i := 0; i < n; i++ {
		if a[i] != b[i] {
			return i
		}
	}
	return n
}

// TestTraceStablePrefix replays recorded editing traces and checks, for every
// family and two budget settings, that between two keystrokes on the same
// line the prompt keeps every byte before the current line's prefix. It logs
// the share of the prompt that stays byte-identical (run with -v).
func TestTraceStablePrefix(t *testing.T) {
	files, err := filepath.Glob("testdata/trace/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no trace files: %v", err)
	}
	budgets := map[string]Options{
		"default": {},
		"small":   {PrefixTokens: 120, SuffixTokens: 60},
	}
	for _, file := range files {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			t.Fatal(err)
		}
		path, keys := ar.Files[0].Name, string(ar.Files[1].Data)
		steps := replay(t, string(ar.Files[0].Data), keys)
		for _, f := range Families() {
			for bname, o := range budgets {
				name := filepath.Base(file) + "/" + string(f) + "/" + bname
				t.Run(name, func(t *testing.T) {
					sameLine, newline := checkTrace(t, f, path, steps, o)
					t.Logf("%s: stable share within a line %.1f%%, across a newline %.1f%%",
						name, 100*sameLine, 100*newline)
				})
			}
		}
	}
}

// checkTrace builds a prompt after every keystroke and returns the mean
// shared share of the prompt for keystrokes within a line and for newlines.
func checkTrace(t *testing.T, f Family, path string, steps []keystroke, o Options) (float64, float64) {
	tmpl, _ := Lookup(f)
	var prev Built
	var same, nl []float64
	for i, k := range steps {
		b, err := Build(tmpl, Request{Path: path, Text: k.text, Cursor: k.cursor}, o)
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		p, pp := b.Prompt, prev.Prompt
		if f == FamilyChat {
			p, pp = b.Messages[1].Content, messageOf(prev)
		}
		if i > 0 {
			shared := float64(commonPrefixLen(pp, p)) / float64(len(p))
			switch {
			case k.line == steps[i-1].line && k.rest == steps[i-1].rest:
				if b.StablePrefixLen != prev.StablePrefixLen || p[:b.StablePrefixLen] != pp[:prev.StablePrefixLen] {
					t.Errorf("step %d (%s): the prompt changed before the current line (stable %d, was %d, shared %d)",
						i, k.key, b.StablePrefixLen, prev.StablePrefixLen, commonPrefixLen(pp, p))
				}
				same = append(same, shared)
			case k.key == "enter":
				nl = append(nl, shared)
			}
		}
		prev = b
	}
	return mean(same), mean(nl)
}

func messageOf(b Built) string {
	if len(b.Messages) < 2 {
		return ""
	}
	return b.Messages[1].Content
}

func mean(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}
