package diffing

import (
	"strings"
	"unicode"
)

// block is a fenced code block of Markdown model output.
type block struct {
	lang  string   // the info string's first word, lower case
	lines []string // the lines between the fences
}

// splitFences returns the fenced code blocks of lines (``` or ~~~, indented
// by at most three spaces) and the lines outside them. A block left open by a
// truncated answer runs to the end. The closing fence must be indented like
// the opening one, so that a diff's context line " ```" does not close it.
func splitFences(lines []string) (blocks []block, outside []string) {
	var cur *block
	var indent, fence string
	for _, l := range lines {
		if cur != nil {
			if t := strings.TrimRight(l, " \t"); strings.HasPrefix(t, indent+fence) && strings.Trim(t[len(indent):], fence[:1]) == "" && leadingSpace(t) == indent {
				blocks = append(blocks, *cur)
				cur = nil
				continue
			}
			cur.lines = append(cur.lines, l)
			continue
		}
		if ind, f, info, ok := openFence(l); ok {
			cur = &block{lang: info}
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

// openFence reports whether l opens a fenced code block and returns its
// indentation, its fence and the first word of its info string.
func openFence(l string) (indent, fence, lang string, ok bool) {
	indent = leadingSpace(l)
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

// stripThinking removes the <think>...</think> sections that reasoning models
// put before their answer; an unclosed one runs to the end.
func stripThinking(s string) string {
	for {
		i := strings.Index(s, "<think>")
		if i < 0 {
			return s
		}
		j := strings.Index(s[i:], "</think>")
		if j < 0 {
			return s[:i]
		}
		s = s[:i] + s[i+j+len("</think>"):]
	}
}

// isSentence reports whether s reads as English prose rather than code: it
// starts unindented with a capital letter, has several words, ends like a
// sentence and has no code punctuation outside `inline code`.
func isSentence(s string) bool {
	s = strings.TrimRight(s, " \t")
	if s == "" || leadingSpace(s) != "" || len(strings.Fields(s)) < 4 {
		return false
	}
	if r := []rune(s)[0]; !unicode.IsUpper(r) {
		return false
	}
	if !strings.ContainsAny(s[len(s)-1:], ".:!?") {
		return false
	}
	return !hasCodePunctuation(s)
}

// hasCodePunctuation reports whether s, outside `inline code`, holds
// characters that prose rarely does.
func hasCodePunctuation(s string) bool {
	var out strings.Builder
	for i, part := range strings.Split(s, "`") {
		if i%2 == 0 {
			out.WriteString(part)
		}
	}
	plain := out.String()
	return strings.ContainsAny(plain, "{}();=<>[]|&$\\") || strings.Contains(plain, "//")
}

// trimProse removes blank lines and prose from both ends of lines: whole
// paragraphs of sentences, then single sentences such as "Here is the
// code:". It reports whether the lines held prose and nothing else.
func trimProse(lines []string) (code []string, allProse bool) {
	paras := paragraphs(lines)
	if len(paras) == 0 {
		return nil, false
	}
	isProse := func(p [2]int) bool {
		for _, l := range lines[p[0]:p[1]] {
			if leadingSpace(l) != "" || hasCodePunctuation(l) {
				return false
			}
		}
		return isSentence(strings.Join(lines[p[0]:p[1]], " "))
	}
	for len(paras) > 0 && isProse(paras[0]) {
		paras = paras[1:]
	}
	for len(paras) > 0 && isProse(paras[len(paras)-1]) {
		paras = paras[:len(paras)-1]
	}
	if len(paras) == 0 {
		return nil, true
	}
	code = lines[paras[0][0]:paras[len(paras)-1][1]]
	for len(code) > 0 && isSentence(code[0]) {
		code = code[1:]
	}
	for len(code) > 0 && isSentence(code[len(code)-1]) {
		code = code[:len(code)-1]
	}
	return code, false
}

// paragraphs returns the [start, end) indices of the runs of non-blank lines.
func paragraphs(lines []string) [][2]int {
	var paras [][2]int
	start := -1
	for i, l := range lines {
		blank := strings.TrimSpace(l) == ""
		switch {
		case !blank && start < 0:
			start = i
		case blank && start >= 0:
			paras = append(paras, [2]int{start, i})
			start = -1
		}
	}
	if start >= 0 {
		paras = append(paras, [2]int{start, len(lines)})
	}
	return paras
}
