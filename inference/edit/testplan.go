package edit

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/lspilot/lspilot/diffing"
)

// testFile is the file the tests action writes.
type testFile struct {
	path   string // as the document's path is given
	text   string // current text, "" when the file does not exist
	exists bool
}

// planTests asks for the whole test file, new or updated, with tests for
// the function at the selection.
func (e *Engine) planTests(req Request, lines lineIndex) (plan, error) {
	tf := &testFile{path: testFileFor(req.Path)}
	switch {
	case tf.path == req.Path:
		tf.text, tf.exists = req.Text, true
	case req.Lookup != nil:
		tf.text, tf.exists = req.Lookup(tf.path)
	}
	if len(tf.text) > e.cfg.MaxFileBytes {
		return plan{}, fmt.Errorf("%s of %d bytes exceeds the limit of %d: %w", tf.path, len(tf.text), e.cfg.MaxFileBytes, ErrFileTooLarge)
	}
	subj := subjectOf(lines, req.Start, req.End, e.cfg.ContextBytes)
	var sb strings.Builder
	if w := lines.window(subj, e.cfg.ContextBytes); w != subj {
		sb.WriteString(showFile(lines, w, req.Path, req.Language) + "\n")
	}
	a, b := lines.offsets(subj)
	fmt.Fprintf(&sb, "Write tests for this code from %s (%s):\n%s\n", req.Path, subj.describe(), codeBlock(req.Language, req.Text[a:b]))
	var format string
	if tf.exists {
		fmt.Fprintf(&sb, "The test file %s holds:\n%s\n", tf.path, codeBlock(req.Language, tf.text))
		format = fmt.Sprintf("Answer with the complete new content of %s: all that it holds now, with the new tests added, "+
			"in one %s fenced block, with no explanation.", tf.path, blockName(req.Language))
	} else {
		format = fmt.Sprintf("Answer with the complete content of the new file %s in one %s fenced block, with no explanation.",
			tf.path, blockName(req.Language))
	}
	pkg := ""
	if req.Language == "go" {
		pkg = goPackage(req.Text)
	}
	fmt.Fprintf(&sb, "Cover normal cases, edge cases and errors. %s\n%s", testConventions(req.Language, pkg), format)
	return plan{start: req.Start, end: req.End, task: sb.String(), format: format, tests: tf}, nil
}

// output turns the model's answer, the test file's content, into a diff
// for diffing: /dev/null to b/<path> for a new file, a/<path> to b/<path>
// otherwise. An answer that is already a diff passes as it is.
func (tf *testFile) output(answer string, maxBytes int) (string, error) {
	prop, err := diffing.Parse(answer, diffing.Options{MaxOutputBytes: maxBytes})
	if err != nil {
		return "", err
	}
	if prop.Kind == diffing.KindDiff {
		return answer, nil
	}
	content := prop.Replacement
	if strings.Contains(tf.text, "\r\n") {
		content = strings.ReplaceAll(content, "\n", "\r\n")
	}
	oldName, newName := "a/"+tf.path, "b/"+tf.path
	if strings.HasPrefix(tf.path, "/") {
		oldName, newName = tf.path, tf.path
	}
	if !tf.exists {
		oldName = diffing.DevNull
	}
	d, err := diffing.Unified(oldName, newName, tf.text, content)
	if err != nil {
		return "", fmt.Errorf("diff %s: %w", tf.path, err)
	}
	if d == "" {
		return "", fmt.Errorf("%s: %w", tf.path, diffing.ErrNoChange)
	}
	return d, nil
}

// lookup returns the lookup diffing uses for the tests action: the
// request's, or, when it has none, one that knows no file, so that the
// test file can still be created.
func testLookup(req Request) func(string) (string, bool) {
	if req.Lookup != nil {
		return req.Lookup
	}
	return func(string) (string, bool) { return "", false }
}

// declaration matches the first line of a function or method in the
// languages whose declarations start with a keyword.
var declaration = regexp.MustCompile(`^\s*(?:(?:export|pub(?:\([\w:]+\))?|public|private|protected|internal|static|async|override|default)\s+)*` +
	`(?:func|def|fn|function|fun|sub|proc|defp?)\b`)

// subjectOf returns the lines to write tests for: the selected lines, or
// the function around the cursor, or the top-level block around it, at most
// budget bytes of them.
func subjectOf(lines lineIndex, start, end, budget int) span {
	sel := lines.linesOf(start, end)
	n := lines.count()
	sel = span{min(sel.first, n-1), min(sel.last, n-1)}
	if start != end {
		return sel
	}
	first := -1
	for i := sel.first; i >= 0 && first < 0; i-- {
		if declaration.MatchString(lines.line(i)) && indentOf(lines.line(i)) <= indentOf(lines.line(sel.first)) {
			first = i
		}
	}
	for i := sel.first; i >= 0 && first < 0; i-- {
		if l := lines.line(i); strings.TrimSpace(l) != "" && indentOf(l) == 0 && !strings.ContainsAny(l[:1], "})]") {
			first = i
		}
	}
	if first < 0 {
		return sel
	}
	s := span{first, blockEnd(lines, first)}
	for s.first > 0 && (isComment(lines.line(s.first-1)) || strings.HasPrefix(strings.TrimSpace(lines.line(s.first-1)), "@")) {
		s.first--
	}
	a := lines.start(s.first)
	for s.last > first && lines.end(s.last)-a > budget {
		s.last--
	}
	return s
}
