package suggest

import (
	"slices"
	"strings"

	"github.com/lspilot/lspilot/diffing/lang"
	"github.com/lspilot/lspilot/inference/prompt"
)

// answerState says what answerOf found in a model's output.
type answerState int

const (
	// answerPlain: no code block; the output is the answer as it is.
	answerPlain answerState = iota
	// answerIntro: so far only an introduction, which a code block may
	// follow.
	answerIntro
	// answerOpen: inside a code block that has not closed yet.
	answerOpen
	// answerClosed: a whole code block.
	answerClosed
)

// answerOf returns the code in a model's output. Chat models wrap code in a
// Markdown fence though asked not to, often after a sentence that introduces
// it ("Here is the completed function:") and before one that explains it;
// the code is then the content of the first fenced block. The fence counts
// only when it opens the output or follows such an introduction right away
// (a line that starts with a capital letter and ends with ":", then blank
// lines), and never in Markdown documents, where fences are what the user
// writes. It also drops the cursor marker of the instruction prompt, which
// chat models copy along with the code around it.
func answerOf(s string, st site) (string, answerState) {
	s = strings.ReplaceAll(s, prompt.CursorMarker, "")
	if lang.Lookup(st.language).Markdown {
		return s, answerPlain
	}
	t := strings.TrimLeft(s, " \t\r\n")
	if strings.HasPrefix(t, "```") {
		return fenceBody(t)
	}
	intro, rest, ok := strings.Cut(t, "\n")
	if !ok || !lang.IsIntro(intro) {
		return s, answerPlain
	}
	for {
		line, after, complete := strings.Cut(rest, "\n")
		switch {
		case strings.HasPrefix(line, "```"):
			return fenceBody(rest)
		case !complete && strings.HasPrefix("```", line):
			return s, answerIntro
		case complete && isBlank(line):
			rest = after
			continue
		}
		return s, answerPlain
	}
}

// stripFences returns the code of a fenced answer; see answerOf.
func stripFences(s string) string {
	code, _ := answerOf(s, site{})
	return code
}

// fenceBody returns the content of the fenced block that t starts with.
func fenceBody(t string) (string, answerState) {
	body, closed, ok := lang.FirstFence(t)
	switch {
	case !ok:
		return "", answerOpen
	case !closed:
		return body, answerOpen
	}
	return body, answerClosed
}

// stripContextEcho drops the lines at the start of s that repeat the lines
// right above the cursor line; see contextEcho.
func stripContextEcho(s string, st site) string {
	n, _ := contextEcho(s, st)
	return s[n:]
}

// contextEcho measures the lines at the start of s that repeat the
// document's lines right above the cursor line, with the blank lines after
// them: chat models answer with the enclosing code and the completion in
// place, and weak FIM models start by writing the line above again. Blank
// lines and indentation are ignored in the comparison. The repeated lines
// must hold more than closers ("}", "end"), which a model rightly writes
// again to close an outer block; after them, the next line must start with
// the cursor line's text when there is any (the model goes on with the
// cursor line). pending reports that s so far repeats a run of lines above
// that does not reach the cursor line yet, or reaches it but the cursor
// line's text has yet to follow, so that a streamed answer may still turn
// out to be such an echo.
func contextEcho(s string, st site) (n int, pending bool) {
	type line struct {
		text string
		end  int // offset after the line and its line break
	}
	var out []line
	for off := 0; off < len(s); {
		e := lineEndAt(s, off)
		if t := strings.TrimSpace(s[off:e]); t != "" {
			out = append(out, line{t, e})
		}
		off = e
	}
	if len(out) == 0 || len(st.above) == 0 {
		return 0, false
	}
	lead := strings.TrimSpace(st.linePrefix)
	for k := min(len(out), len(st.above)); k > 0; k-- {
		if !sameLines(out[:k], st.above[len(st.above)-k:], func(l line) string { return l.text }) {
			continue
		}
		switch {
		case !echoWorthy(st.above[len(st.above)-k:]):
		case k == len(out) && lead != "":
			return 0, true
		case k == len(out):
			return len(s), false
		case lead == "" || strings.HasPrefix(out[k].text, lead):
			return lineStartAt(s, out[k].end-1), false
		}
		break
	}
	for j := 0; j+len(out) < len(st.above); j++ {
		run := st.above[j : j+len(out)]
		if sameLines(out, run, func(l line) string { return l.text }) && echoWorthy(run) {
			return 0, true
		}
	}
	return 0, false
}

// sameLines reports whether the lines of a, read with text, are b.
func sameLines[T any](a []T, b []string, text func(T) string) bool {
	for i := range a {
		if text(a[i]) != b[i] {
			return false
		}
	}
	return true
}

// echoWorthy reports whether lines hold code that a model would not write
// again on purpose: a word, and more than closers.
func echoWorthy(lines []string) bool {
	for _, l := range lines {
		if !isCloserLine(l) && hasWord(l) {
			return true
		}
	}
	return false
}

// linesAbove returns the non-blank lines that end before end, trimmed, in
// document order, at most n of them.
func linesAbove(text string, end, n int) []string {
	out := make([]string, 0, n)
	for i := 0; i < n && end > 0; i++ {
		start := lineStartAt(text, end-1)
		if l := strings.TrimSpace(text[start:end]); l != "" {
			out = append(out, l)
		}
		end = start
	}
	slices.Reverse(out)
	return out
}
