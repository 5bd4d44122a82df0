package lang

import "strings"

// Block is a fenced code block of a Markdown answer.
type Block struct {
	// Lang is the first word of the info string, lower case.
	Lang string
	// Lines are the lines between the fences.
	Lines []string
}

// SplitFences returns the fenced code blocks of a whole answer's lines (```
// or ~~~, indented by at most three spaces) and the lines outside them. A
// block left open by a truncated answer runs to the end. The closing fence
// must be indented like the opening one, so that a diff's context line
// " ```" does not close it.
func SplitFences(lines []string) (blocks []Block, outside []string) {
	var cur *Block
	var indent, fence string
	for _, l := range lines {
		if cur != nil {
			if closesFence(l, indent, fence) {
				blocks = append(blocks, *cur)
				cur = nil
				continue
			}
			cur.Lines = append(cur.Lines, l)
			continue
		}
		if ind, f, info, ok := OpenFence(l); ok {
			cur = &Block{Lang: info}
			indent, fence = ind, f
			continue
		}
		outside = append(outside, l)
	}
	if cur != nil {
		blocks = append(blocks, *cur)
	}
	return blocks, outside
}

// closesFence reports whether l closes the fence opened with indent and
// fence: the same indentation, then at least the fence's characters and
// nothing else.
func closesFence(l, indent, fence string) bool {
	t := strings.TrimRight(l, " \t")
	return strings.HasPrefix(t, indent+fence) && strings.Trim(t[len(indent):], fence[:1]) == "" &&
		LeadingSpace(t) == indent
}

// OpenFence reports whether l opens a fenced code block and returns its
// indentation, its fence and the first word of its info string, lower case.
func OpenFence(l string) (indent, fence, lang string, ok bool) {
	indent = LeadingSpace(l)
	if len(indent) > 3 || strings.Contains(indent, "\t") {
		return "", "", "", false
	}
	rest := l[len(indent):]
	for _, f := range []string{"```", "~~~"} {
		if !strings.HasPrefix(rest, f) {
			continue
		}
		n := len(rest) - len(strings.TrimLeft(rest, f[:1]))
		info := strings.TrimSpace(rest[n:])
		if f == "```" && strings.Contains(info, "`") {
			return "", "", "", false
		}
		if fields := strings.Fields(info); len(fields) > 0 {
			lang = strings.ToLower(fields[0])
		}
		return indent, rest[:n], lang, true
	}
	return "", "", "", false
}

// FirstFence reads the fenced block that t, the start of a streamed answer,
// opens with "```": its content after the opening line, up to the first
// "```" that follows, less the trailing blanks and the line break before
// it. ok is false while the opening line has not ended, closed is false
// while no closing "```" has come.
func FirstFence(t string) (body string, closed, ok bool) {
	nl := strings.IndexByte(t, '\n')
	if nl < 0 {
		return "", false, false
	}
	t = t[nl+1:]
	i := strings.Index(t, "```")
	if i < 0 {
		return t, false, true
	}
	t = strings.TrimRight(t[:i], " \t")
	return strings.TrimSuffix(strings.TrimSuffix(t, "\n"), "\r"), true, true
}

// IsIntro reports a line that reads as a chat model's introduction to a
// code block: a sentence that starts with a capital letter and ends with
// ":".
func IsIntro(line string) bool {
	line = strings.TrimRight(line, " \t\r")
	return line != "" && line[0] >= 'A' && line[0] <= 'Z' && strings.Contains(line, " ") &&
		strings.HasSuffix(line, ":")
}
