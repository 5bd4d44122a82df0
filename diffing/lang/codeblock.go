package lang

import "strings"

// Fence is the fence of a Markdown code block that lspilot writes: its
// backticks and the info string that names the language.
type Fence struct {
	// Ticks is the run of backticks, three or more.
	Ticks string
	// Info is the info string, often a Tag; empty for none.
	Info string
}

// PlainFence returns the fence of three backticks with info. Prompts whose
// bytes must stay the same from one request to the next use it whatever the
// code holds.
func PlainFence(info string) Fence { return Fence{Ticks: "```", Info: info} }

// FenceFor returns a fence with info that code cannot close: a run of
// backticks longer than any run in code, and at least three.
func FenceFor(info, code string) Fence {
	ticks := "```"
	for strings.Contains(code, ticks) {
		ticks += "`"
	}
	return Fence{Ticks: ticks, Info: info}
}

// Open returns the opening line without its line break.
func (f Fence) Open() string { return f.Ticks + f.Info }

// Close returns the closing fence without its line break.
func (f Fence) Close() string { return f.Ticks }

// Wrap returns code as a block: the opening line, code followed by a line
// break when it does not end with one, and the closing fence with no line
// break after it.
func (f Fence) Wrap(code string) string {
	if !strings.HasSuffix(code, "\n") {
		code += "\n"
	}
	return f.Open() + "\n" + code + f.Close()
}

// Tag returns the info string a Markdown fence usually carries for code of
// the LSP language id: the table's Tag ("tsx" for typescriptreact), or the
// id itself.
func Tag(id string) string {
	if l, ok := byID[id]; ok && l.Tag != "" {
		return l.Tag
	}
	return id
}

// Unwrap returns what s holds when the whole of s is one block fenced with
// three backticks and one of the info strings, "" standing for none: s
// opens with the fence and its line break, closes with a line break and
// the fence, and holds no other fence. The body is the lines between the
// fences, without the line break before the closing one.
func Unwrap(s string, infos ...string) (body string, ok bool) {
	if !strings.HasSuffix(s, "\n```") || strings.Count(s, "```") != 2 {
		return "", false
	}
	for _, info := range infos {
		if open := "```" + info + "\n"; strings.HasPrefix(s, open) {
			return s[len(open):max(len(open), len(s)-len("\n```"))], true
		}
	}
	return "", false
}
