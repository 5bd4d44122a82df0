package lang

import (
	"strings"
	"unicode"
)

// StripThinking removes the <think>...</think> sections that reasoning
// models put before their answer; an unclosed one runs to the end.
func StripThinking(s string) string {
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

// IsSentence reports whether s reads as English prose rather than code: it
// starts unindented with a capital letter, has several words, ends like a
// sentence and has no code punctuation outside `inline code`.
func IsSentence(s string) bool {
	s = strings.TrimRight(s, " \t")
	if s == "" || LeadingSpace(s) != "" || len(strings.Fields(s)) < 4 {
		return false
	}
	if r := []rune(s)[0]; !unicode.IsUpper(r) {
		return false
	}
	if !strings.ContainsAny(s[len(s)-1:], ".:!?") {
		return false
	}
	return !HasCodePunctuation(s)
}

// HasCodePunctuation reports whether s, outside `inline code`, holds
// characters that prose rarely does.
func HasCodePunctuation(s string) bool {
	var out strings.Builder
	for i, part := range strings.Split(s, "`") {
		if i%2 == 0 {
			out.WriteString(part)
		}
	}
	plain := out.String()
	return strings.ContainsAny(plain, "{}();=<>[]|&$\\") || strings.Contains(plain, "//")
}

// TrimProse removes blank lines and prose from both ends of lines: whole
// paragraphs of sentences, then single sentences such as "Here is the
// code:". It reports whether the lines held prose and nothing else.
func TrimProse(lines []string) (code []string, allProse bool) {
	paras := paragraphs(lines)
	if len(paras) == 0 {
		return nil, false
	}
	isProse := func(p [2]int) bool {
		for _, l := range lines[p[0]:p[1]] {
			if LeadingSpace(l) != "" || HasCodePunctuation(l) {
				return false
			}
		}
		return IsSentence(strings.Join(lines[p[0]:p[1]], " "))
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
	for len(code) > 0 && IsSentence(code[0]) {
		code = code[1:]
	}
	for len(code) > 0 && IsSentence(code[len(code)-1]) {
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
