package diffing

import (
	"fmt"
	"strings"

	"github.com/lspilot/lspilot/diffing/lang"
	"github.com/sourcegraph/go-diff/diff"
)

// hunkLine is one line of a hunk body.
type hunkLine struct {
	op   byte // ' ', '-' or '+'
	text string
}

// hunk is a go-diff hunk split into lines, ready to be located.
type hunk struct {
	lines    []hunkLine
	stated   int  // 0-based line the old lines start at, -1 when not stated
	oldNoEOL bool // the diff marks the old side's last line as unterminated
	newNoEOL bool // the diff marks the new side's last line as unterminated
}

// parseHunk splits the body of h. For a hunk without old lines, the stated
// line is the one after which it inserts.
func parseHunk(h *diff.Hunk, numbered bool) (*hunk, error) {
	body := string(h.Body)
	hk := &hunk{stated: -1, oldNoEOL: h.OrigNoNewlineAt > 0}
	hk.newNoEOL = body != "" && !strings.HasSuffix(body, "\n")
	for _, l := range strings.Split(strings.TrimSuffix(body, "\n"), "\n") {
		if l == "" {
			l = " "
		}
		if !strings.ContainsRune(" -+", rune(l[0])) {
			return nil, fmt.Errorf("line %q has no diff prefix", l)
		}
		hk.lines = append(hk.lines, hunkLine{op: l[0], text: l[1:]})
	}
	if hk.newNoEOL && hk.lines[len(hk.lines)-1].op == ' ' {
		hk.oldNoEOL = true
	}
	if numbered {
		hk.stated = int(h.OrigStartLine)
		if h.OrigLines > 0 {
			hk.stated = max(hk.stated-1, 0)
		}
	}
	return hk, nil
}

// changes reports whether the hunk adds or removes a line.
func (h *hunk) changes() bool {
	for _, l := range h.lines {
		if l.op != ' ' {
			return true
		}
	}
	return false
}

// old returns the hunk's old lines: context and removed lines.
func (h *hunk) old() []string {
	var old []string
	for _, l := range h.lines {
		if l.op != '+' {
			old = append(old, l.text)
		}
	}
	return old
}

// added returns the hunk's added lines.
func (h *hunk) added() []string {
	var added []string
	for _, l := range h.lines {
		if l.op == '+' {
			added = append(added, l.text)
		}
	}
	return added
}

// applier builds the replacement text of each hunk for one document.
type applier struct {
	doc      *document
	eol      string
	indent   lang.Indent // the document's style
	known    bool        // the document has a clear style
	reindent bool
}

func newApplier(text string, reindent bool) *applier {
	indent, known := lang.DominantIndent(text)
	return &applier{doc: newDocument(text), eol: detectEOL(text), indent: indent, known: known, reindent: reindent}
}

// outLine is one line of a hunk's replacement text.
type outLine struct {
	text, eol string
}

// region returns the bytes that hunk h, located at line pos with mode,
// replaces and their replacement. Context lines are copied from the
// document, not from the diff; added lines get the document's line
// terminator. They also get its indentation style when the hunk's old lines
// matched only with loose whitespace, which means the model rendered the
// file's indentation differently, or carry no indentation to tell.
func (a *applier) region(pos int, h *hunk, mode MatchMode) region {
	text, lines := a.doc.text, a.doc.lines
	var theirs, ours []string
	at := pos
	for _, l := range h.lines {
		if l.op != '+' {
			theirs = append(theirs, text[lines[at].start:lines[at].end])
			ours = append(ours, l.text)
			at++
		}
	}
	fix := reindenter{}
	if a.reindent && (mode == MatchLooseSpace || !anyIndented(theirs)) {
		fix = newReindenter(a.indent, a.known, theirs, ours, h.added())
	}
	out := make([]outLine, 0, len(h.lines))
	at = pos
	for _, l := range h.lines {
		switch l.op {
		case '+':
			out = append(out, outLine{text: fix.fix(l.text), eol: a.eol})
		case ' ':
			dl := lines[at]
			out = append(out, outLine{text: text[dl.start:dl.end], eol: text[dl.end:dl.next]})
			at++
		case '-':
			at++
		}
	}
	r := region{start: len(text)}
	if pos < len(lines) {
		r.start = lines[pos].start
	}
	r.end = r.start
	if at > pos {
		r.end = lines[at-1].next
	}
	r.new = a.join(out, h, r)
	if r.new == "" && r.end == len(text) && missingFinalNewline(text) && pos > 0 {
		r.start = lines[pos-1].end // the line before becomes the unterminated last one
	}
	return r
}

// join writes out with line terminators. Every line but the last gets one.
// At the end of the document, the final newline stays as it was: the diff's
// "No newline" markers change it only when its old side agrees with the
// document.
func (a *applier) join(out []outLine, h *hunk, r region) string {
	text := a.doc.text
	atEOF := r.end == len(text)
	noEOL := missingFinalNewline(text)
	var b strings.Builder
	if atEOF && noEOL && r.start == r.end && len(out) > 0 {
		b.WriteString(a.eol) // terminate the old last line before appending
	}
	for i, l := range out {
		b.WriteString(l.text)
		eol := l.eol
		switch last := i == len(out)-1; {
		case last && atEOF && noEOL:
			if !h.oldNoEOL || h.newNoEOL {
				eol = ""
			} else if eol == "" {
				eol = a.eol
			}
		case last && atEOF && h.newNoEOL && !h.oldNoEOL:
			eol = ""
		case eol == "":
			eol = a.eol
		}
		b.WriteString(eol)
	}
	return b.String()
}

// anyIndented reports whether any of lines starts with whitespace.
func anyIndented(lines []string) bool {
	for _, l := range lines {
		if lang.LeadingSpace(l) != "" {
			return true
		}
	}
	return false
}
