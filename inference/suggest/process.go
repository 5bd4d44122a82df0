package suggest

import (
	"strings"

	"github.com/lspilot/lspilot/diffing/lang"
)

// Input is what Process needs: the raw model text and where it goes.
type Input struct {
	// Raw is the text the model returned.
	Raw string
	// Text is the whole document and Cursor the byte offset of the cursor.
	Text   string
	Cursor int
	// Language is the LSP language id (brackets, comments, block openers).
	Language string
	// Mode is single-line, multi-line, or ModeAuto to use DecideMode.
	Mode Mode
	// Indent is the file's indentation; the zero value detects it.
	Indent lang.Indent
	// Stop lists the family's stop and control tokens (prompt.Built.Stop); a
	// suggestion is cut where one of them, or any well-known control token
	// of another family, appears.
	Stop []string
	// MaxBytes bounds the raw text looked at (default DefaultMaxBytes).
	MaxBytes int
	// MaxLines bounds a multi-line suggestion (default DefaultMaxLines).
	MaxLines int
}

// Bounds of a suggestion.
const (
	DefaultMaxBytes = 8 << 10
	DefaultMaxLines = 32
)

// site is the cursor's surroundings, read once per Process call and
// bounded to a few dozen lines around the cursor.
type site struct {
	language   string      // LSP language id, "plaintext" when unknown
	syntax     lang.Syntax // what the bracket lexer skips in the language
	linePrefix string      // cursor line before the cursor
	lineRest   string      // cursor line after the cursor, without its line ending
	lineIndent string      // leading whitespace of the cursor line
	prevLine   string      // nearest non-blank line above the cursor line
	above      []string    // non-blank lines above the cursor line, trimmed, in order
	after      []string    // lines after the cursor line, without line endings
	unclosed   []byte      // brackets the line above opens that the document does not close
	breaksLine bool        // the single-line suggestion is a line of its own; see newLineBefore
	crlf       bool
	indent     lang.Indent
	mode       Mode
	maxBytes   int
	maxLines   int
}

const (
	siteAfterLines = 32
	siteBackLines  = 64
)

func newSite(in Input) site {
	text := in.Text
	cur := min(max(in.Cursor, 0), len(text))
	ls, le := lineStartAt(text, cur), lineEndAt(text, cur)
	line := strings.TrimRight(text[ls:le], "\r\n")
	s := site{
		language:   in.Language,
		linePrefix: text[ls:cur],
		lineRest:   strings.TrimRight(text[cur:le], "\r\n"),
		lineIndent: lang.LeadingSpace(line),
		prevLine:   prevNonBlank(text, ls),
		above:      linesAbove(text, ls, siteBackLines),
		after:      linesAfter(text, le, siteAfterLines),
		crlf:       usesCRLF(text, ls, le),
		indent:     in.Indent,
		mode:       in.Mode,
		maxBytes:   in.MaxBytes,
		maxLines:   in.MaxLines,
	}
	if s.language == "" {
		s.language = "plaintext"
	}
	s.syntax = lang.Lookup(s.language).Syntax
	if s.indent.Width <= 0 {
		s.indent = lang.DetectIndent(text, cur, in.Language)
	}
	if s.mode == ModeAuto {
		s.mode = DecideMode(in.Language, s.linePrefix, s.lineRest)
	}
	s.unclosed = unclosedAbove(s)
	if s.maxBytes <= 0 {
		s.maxBytes = DefaultMaxBytes
	}
	if s.maxLines <= 0 {
		s.maxLines = DefaultMaxLines
	}
	return s
}

// Process turns raw model output into the text to insert at the cursor, or
// "" when there is nothing worth showing. Each step handles one way models
// fail in practice; see the step functions.
func Process(in Input) string {
	s := newSite(in)
	out := bound(in.Raw, in.Stop, s.maxBytes)
	out, state := answerOf(out, s)
	out = normalizeNewlines(out)
	out = stripContextEcho(out, s)
	// In a fenced answer, line breaks are the fence's layout, not the
	// model's word on where the line ends.
	s.breaksLine = state == answerPlain && newLineBefore(out, s)
	out, _ = scoped(out, s)
	out = collapseLoops(out, s)
	out = stripEcho(out, s)
	out = trimTrailingSpace(out, s)
	out = trimSuffixLines(out, s)
	kept := trimLineRest(out, s)
	joined := kept != out // the model wrote the text after the cursor where it goes
	out = balance(kept, s)
	if !joined || out != kept {
		out = placeRest(out, s)
	}
	if repeatsText(out, s) {
		return ""
	}
	if s.crlf {
		out = strings.ReplaceAll(out, "\n", "\r\n")
	}
	return out
}

// Finished reports whether a streamed, partial model output in in.Raw can
// no longer change what Process returns, so that the caller can close the
// stream: a whole stop or control token appeared (the start of one at the
// end may yet turn out to be text, "<file>"), a fenced answer closed, the
// single line ended, the block ended or the bounds were reached. It reads
// the output as Process does: the code of a chat model's answer, after the
// lines that repeat the document above the cursor, in the file's
// indentation.
func Finished(in Input) bool {
	limit := in.MaxBytes
	if limit <= 0 {
		limit = DefaultMaxBytes
	}
	raw := in.Raw
	if len(raw) >= limit || tokenAt(raw, in.Stop) < len(raw) {
		return true
	}
	code, state := answerOf(sanitize(raw, limit), site{language: in.Language})
	switch {
	case state == answerIntro:
		return false
	case state == answerClosed:
		return true
	case !strings.Contains(code, "\n"):
		return false // no line has ended: nothing to judge yet
	}
	s := newSite(in)
	code = normalizeNewlines(code)
	whole := code[:strings.LastIndexByte(code, '\n')+1]
	if strings.TrimSpace(whole) == "" {
		return false // blank lines so far: an echo of the lines above may follow
	}
	n, pending := contextEcho(whole, s)
	if pending {
		return false
	}
	_, ended := scoped(whole[n:], s)
	return ended
}

// prevNonBlank returns the nearest non-blank line that ends before end.
func prevNonBlank(text string, end int) string {
	for i := 0; i < siteBackLines && end > 0; i++ {
		start := lineStartAt(text, end-1)
		if l := strings.TrimRight(text[start:end], "\r\n"); strings.TrimSpace(l) != "" {
			return l
		}
		end = start
	}
	return ""
}

// linesAfter returns up to n lines starting at off, without line endings.
func linesAfter(text string, off, n int) []string {
	var out []string
	for i := 0; i < n && off < len(text); i++ {
		e := lineEndAt(text, off)
		out = append(out, strings.TrimRight(text[off:e], "\r\n"))
		off = e
	}
	return out
}

// usesCRLF reports whether the cursor line (or, for a last line without an
// ending, the line before it) ends with "\r\n".
func usesCRLF(text string, ls, le int) bool {
	if le > ls && text[le-1] == '\n' {
		return le-ls >= 2 && text[le-2] == '\r'
	}
	return ls >= 2 && text[ls-2] == '\r'
}
