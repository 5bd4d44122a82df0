package edit

import (
	"fmt"
	"strings"

	"github.com/lspilot/lspilot/diffing/lang"
)

// plan is what one request asks of the model and how to read the answer.
type plan struct {
	// start and end are the selection a replacement answer replaces.
	start, end int
	// task is the user's turn of the chat.
	task string
	// format says how to answer; it is restated when an answer is refused.
	format string
	// tests is the test file for the tests action, nil otherwise.
	tests *testFile
}

// plan prepares the prompt for req, which validate accepted.
func (e *Engine) plan(req Request) (plan, error) {
	lines := newLineIndex(req.Text)
	switch req.Action {
	case actionFix:
		return e.planFix(req, lines), nil
	case actionDoc:
		return e.planDoc(req, lines), nil
	case actionTests:
		return e.planTests(req, lines)
	}
	return e.planRewrite(req, lines), nil
}

// planRewrite asks for new code for the selection, simpler code for
// simplify.
func (e *Engine) planRewrite(req Request, lines lineIndex) plan {
	sel := lines.linesOf(req.Start, req.End)
	goal := "Rewrite the selected code so that it is clearer and more idiomatic, keeping its behaviour."
	if req.Action == actionSimplify {
		goal = "Simplify the selected code: make it shorter and easier to read while keeping its behaviour exactly."
	}
	format := fmt.Sprintf("Answer with only the code that replaces the selection (%s), in one %s fenced block, with no explanation.",
		sel.describe(), blockName(req.Language))
	var sb strings.Builder
	e.writeContext(&sb, req, lines, sel, req.Start, req.End)
	fmt.Fprintf(&sb, "\n%s\n%s", goal, format)
	return plan{start: req.Start, end: req.End, task: sb.String(), format: format}
}

// planDoc asks for a doc comment followed by the selected lines unchanged;
// an empty selection means the line under the cursor, or the next line that
// holds code.
func (e *Engine) planDoc(req Request, lines lineIndex) plan {
	sel := lines.linesOf(req.Start, req.End)
	if req.Start == req.End {
		sel.first = min(sel.first, lines.count()-1)
		for sel.first+1 < lines.count() && strings.TrimSpace(lines.line(sel.first)) == "" {
			sel.first++
		}
		sel.last = sel.first
	}
	for sel.first > 0 && isComment(lines.line(sel.first-1)) {
		sel.first-- // the existing doc comment is rewritten, not doubled
	}
	start, end := lines.offsets(sel)
	style := docStyle(req.Language)
	format := fmt.Sprintf("Answer with %s, in one %s fenced block, with no explanation.", style.answer, blockName(req.Language))
	var sb strings.Builder
	e.writeContext(&sb, req, lines, sel, start, end)
	fmt.Fprintf(&sb, "\nWrite %s for the declaration in the selected code. "+
		"Say what it does and anything a caller must know, in full sentences, without repeating the signature.\n%s",
		style.comment, format)
	return plan{start: start, end: end, task: sb.String(), format: format}
}

// planFix asks for a unified diff that fixes the diagnostics; a replacement
// answer replaces the whole lines of the selection and the diagnostics.
func (e *Engine) planFix(req Request, lines lineIndex) plan {
	sel := lines.linesOf(req.Start, req.End)
	var problems strings.Builder
	for _, d := range req.Diagnostics {
		if d.Line < 0 || d.Line >= lines.count() {
			continue
		}
		sel.first, sel.last = min(sel.first, d.Line), max(sel.last, d.Line)
		fmt.Fprintf(&problems, "line %d: %s\n", d.Line+1, strings.TrimSpace(d.Message))
	}
	sel.last = min(sel.last, max(lines.count()-1, sel.first))
	start, end := lines.offsets(sel)
	oldName, newName := "a/"+req.Path, "b/"+req.Path
	if req.Path == "" || strings.HasPrefix(req.Path, "/") {
		oldName, newName = req.Path, req.Path
	}
	format := fmt.Sprintf("Answer with a unified diff against the file in one %s fenced block, "+
		"with the headers --- %s and +++ %s, a @@ header for each hunk and three unchanged lines of context, "+
		"changing nothing else; or with only the corrected code of %s in one %s fenced block.",
		blockName("diff"), oldName, newName, sel.describe(), blockName(req.Language))
	var sb strings.Builder
	e.writeContext(&sb, req, lines, sel, start, end)
	goal := "Fix any bug in the selected code with the smallest change that is correct."
	if problems.Len() > 0 {
		fmt.Fprintf(&sb, "\nProblems to fix:\n%s", problems.String())
		goal = "Fix these problems with the smallest change that is correct."
	}
	fmt.Fprintf(&sb, "\n%s\n%s", goal, format)
	return plan{start: start, end: end, task: sb.String(), format: format}
}

// writeContext writes the file around the selection and, when the file
// shows more than the selected lines, the selection [start, end) itself.
func (e *Engine) writeContext(sb *strings.Builder, req Request, lines lineIndex, sel span, start, end int) {
	w := lines.window(sel, e.cfg.ContextBytes)
	sb.WriteString(showFile(lines, w, req.Path, req.Language))
	if w == sel {
		fmt.Fprintf(sb, "\nAll of it is selected.\n")
		return
	}
	fmt.Fprintf(sb, "\nSelected code (%s):\n%s", sel.describe(), codeBlock(req.Language, req.Text[start:end]))
}

// blockName names the fence an answer goes in, for instructions.
func blockName(language string) string {
	return lang.PlainFence(lang.Tag(language)).Open()
}

// isComment reports whether a line is a comment line that may belong to a
// doc comment above a declaration.
func isComment(line string) bool {
	t := strings.TrimSpace(line)
	for _, p := range []string{"//", "/*", "*/", "* ", "-- ", ";;"} {
		if strings.HasPrefix(t, p) {
			return true
		}
	}
	return t == "*"
}
