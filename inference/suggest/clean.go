package suggest

import (
	"strings"
	"unicode/utf8"

	"github.com/lspilot/lspilot/diffing/lang"
)

// sanitize bounds the raw text to limit bytes and drops what cannot be code:
// invalid UTF-8, NUL and other control characters. Output that is more than
// a tenth junk (a model emitting binary garbage, a misdecoded stream) is
// dropped whole.
func sanitize(raw string, limit int) string {
	if len(raw) > limit {
		raw = raw[:limit]
	}
	var sb strings.Builder
	total, bad, clean := 0, 0, 0 // clean: start of the run not yet copied
	for i := 0; i < len(raw); {
		total++
		if c := raw[i]; c >= 0x20 && c < 0x7f || c == '\t' || c == '\n' || c == '\r' {
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(raw[i:])
		if isJunk(r) {
			bad++
			sb.WriteString(raw[clean:i])
			clean = i + n
		}
		i += n
	}
	switch {
	case bad*10 > total:
		return ""
	case bad == 0:
		return raw
	}
	sb.WriteString(raw[clean:])
	return sb.String()
}

func isJunk(r rune) bool {
	switch {
	case r == utf8.RuneError:
		return true
	case r == '\t' || r == '\n' || r == '\r':
		return false
	case r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0:
		return true
	}
	return false
}

// cutAtTokens cuts the text at the first stop or control token: a token that
// leaks into the text means the model meant to stop there (a backend that
// was not given the stop list, or a model of another family than detected).
// A control token cut short at the very end of a stream is cut too.
func cutAtTokens(s string, stop []string) string {
	s = s[:tokenAt(s, stop)]
	for _, tok := range leakTokens {
		for k := len(tok) - 1; k >= 4; k-- {
			if strings.HasSuffix(s, tok[:k]) {
				return s[:len(s)-k]
			}
		}
	}
	return s
}

// tokenAt returns the offset of the first whole stop or control token in s,
// or len(s).
func tokenAt(s string, stop []string) int {
	end := len(s)
	for _, list := range [][]string{stop, leakTokens} {
		for _, tok := range list {
			if tok == "" {
				continue
			}
			if i := strings.Index(s[:end], tok); i >= 0 {
				end = i
			}
		}
	}
	return end
}

// normalizeNewlines makes every line end "\n"; CRLF files get "\r\n" back at
// the end of Process.
func normalizeNewlines(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "")
}

// scoped returns the lines of s that belong to the block being written, in
// the file's indentation style (fixIndent, then keepScope), and whether the
// block ended within s's complete lines or they reached MaxLines. The
// model's indentation unit is read from the lines up to the one that ends
// the block, never from those after it: what is kept does not change with
// what the model goes on to write.
func scoped(s string, st site) (string, bool) {
	lines := strings.SplitAfter(s, "\n")
	complete := len(lines) - 1
	for k := 1; k <= min(complete, st.maxLines); k++ {
		head := strings.Join(lines[:k], "")
		if kept := keepScope(fixIndent(head, st), st); strings.Count(kept, "\n") < k {
			return kept, true
		}
	}
	if complete >= st.maxLines {
		head := strings.TrimSuffix(strings.Join(lines[:st.maxLines], ""), "\n")
		return keepScope(fixIndent(head, st), st), true
	}
	return keepScope(fixIndent(s, st), st), false
}

// keepScope keeps a single-line suggestion to its first line, and a
// multi-line one to MaxLines lines of the block being written. On an empty
// line the block ends before the first line indented less than the
// suggestion's first line (not counting indentation that fixIndent drops);
// after a block opener it ends before the first line indented no deeper than
// the cursor line, or just after it when that line closes the block ("}",
// "end"); so does the dedent on an empty line when it closes a block the
// document leaves open (unclosedAbove). What follows belongs to the code
// after the cursor, which models like to write again.
func keepScope(s string, st site) string {
	if st.mode != ModeMultiLine {
		if i := strings.IndexByte(s, '\n'); i >= 0 {
			return s[:i]
		}
		return s
	}
	lines := strings.Split(s, "\n")
	if len(lines) > st.maxLines {
		lines = lines[:st.maxLines]
	}
	opener := !isBlank(st.linePrefix)
	base := st.cols(st.lineIndent)
	if !opener {
		lead := lang.LeadingSpace(lines[0])
		if st.redundantIndent() {
			lead = ""
		}
		base = st.cols(st.linePrefix + lead)
	}
	for i := 1; i < len(lines); i++ {
		if isBlank(lines[i]) {
			continue
		}
		switch c := st.cols(lang.LeadingSpace(lines[i])); {
		case !opener && c < base && st.closesUnclosed(lines[i]):
			return strings.Join(lines[:i+1], "\n")
		case !opener && c < base:
			return strings.Join(lines[:i], "\n")
		case opener && c == base && isCloserLine(lines[i]):
			return strings.Join(lines[:i+1], "\n")
		case opener && c <= base:
			return strings.Join(lines[:i], "\n")
		}
	}
	return strings.Join(lines, "\n")
}

// isCloserLine reports a line that closes a block: a closing bracket, or a
// keyword that ends a block in Lua, Ruby, Elixir or shell.
func isCloserLine(l string) bool {
	t := strings.TrimSpace(l)
	if t != "" && strings.ContainsRune(")]}", rune(t[0])) {
		return true
	}
	for _, kw := range []string{"end", "fi", "done", "esac"} {
		if strings.HasPrefix(t, kw) && (len(t) == len(kw) || !isIdentByte(t[len(kw)])) {
			return true
		}
	}
	return false
}

func isBlank(s string) bool { return strings.TrimSpace(s) == "" }

// leakTokens are control tokens that never belong in code, whichever family
// produced them; post-processing cuts a suggestion at any of them.
var leakTokens = []string{
	"<|endoftext|>", "<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>", "<|fim_pad|>",
	"<|file_sep|>", "<|repo_name|>", "<|im_start|>", "<|im_end|>", "<|file_separator|>",
	"<｜fim▁begin｜>", "<｜fim▁hole｜>", "<｜fim▁end｜>", "<｜end▁of▁sentence｜>", "<|EOT|>",
	"<fim_prefix>", "<fim_suffix>", "<fim_middle>", "<fim_pad>", "<file_sep>", "<repo_name>",
	"<EOT>", "<end_of_turn>",
}
