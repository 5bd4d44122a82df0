package explain

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/lspilot/lspilot/diffing/lang"
	"github.com/lspilot/lspilot/inference"
)

// system is the instruction of every explanation. It never changes, so a
// backend keeps it cached.
const system = "You explain code to a programmer inside their editor. " +
	"Answer in Markdown in at most five short sentences or bullet points: what the symbol or code is, " +
	"what it does here, and anything surprising about it. Use inline code for names. " +
	"No headings, no preamble, and do not repeat the code."

// maxLineBytes cuts very long lines (minified code) in the context.
const maxLineBytes = 400

// messages builds the chat prompt: the file around the subject, then the
// question.
func messages(req Request, subj subject, around int) []inference.Message {
	lines := strings.SplitAfter(req.Text, "\n")
	last := subj.line + strings.Count(req.Text[subj.start:subj.end], "\n")
	from, to := max(0, subj.line-around), min(len(lines), last+around+1)
	var sb strings.Builder
	name := req.Path
	if name == "" {
		name = "the file"
	}
	fmt.Fprintf(&sb, "From %s", name)
	if req.Language != "" {
		fmt.Fprintf(&sb, " (%s)", req.Language)
	}
	fence := lang.PlainFence(req.Language)
	fmt.Fprintf(&sb, ", lines %d–%d:\n%s\n", from+1, to, fence.Open())
	for _, l := range lines[from:to] {
		l = strings.TrimRight(l, "\r\n")
		sb.WriteString(cut(l) + "\n")
	}
	sb.WriteString(fence.Close() + "\n\n")
	if subj.name != "" {
		line := strings.TrimSpace(strings.TrimRight(lines[subj.line], "\r\n"))
		fmt.Fprintf(&sb, "Explain `%s` as used on line %d: `%s`", subj.name, subj.line+1, cut(line))
	} else {
		fmt.Fprintf(&sb, "Explain this code (%s):\n%s", subj.describe(req.Text),
			fence.Wrap(strings.TrimRight(req.Text[subj.start:subj.end], "\r\n")))
	}
	return []inference.Message{{Role: "system", Content: system}, {Role: "user", Content: sb.String()}}
}

// cut shortens a line to maxLineBytes on a rune boundary.
func cut(l string) string {
	if len(l) <= maxLineBytes {
		return l
	}
	n := maxLineBytes
	for n > 0 && !utf8.RuneStart(l[n]) {
		n--
	}
	return l[:n] + "…"
}
