package diffing

import (
	"fmt"
	"go/parser"
	"go/scanner"
	"go/token"
	"path"
	"strings"

	"github.com/lspilot/lspilot/diffing/lang"
)

// Verify runs the checks an edit must pass before it is offered: brackets no
// less balanced than before (CheckBrackets), new lines indented in the
// file's style (CheckIndentation) and, for Go files, no new syntax errors
// (CheckGoSyntax). name picks the language by its extension.
func Verify(name, before, after string) error {
	if err := CheckBrackets(name, before, after); err != nil {
		return err
	}
	if err := CheckIndentation(before, after); err != nil {
		return err
	}
	if strings.EqualFold(path.Ext(name), ".go") {
		return CheckGoSyntax(before, after)
	}
	return nil
}

// CheckIndentation returns an error wrapping ErrIndentation when a line that
// after adds or changes is indented with spaces in a file that before
// indents with tabs, or with tabs in a file indented with spaces. Files
// without a clear style pass.
func CheckIndentation(before, after string) error {
	style, known := lang.DominantIndent(before)
	if !known {
		return nil
	}
	for _, e := range ComputeLineEdits(before, after) {
		for _, l := range strings.Split(toLF(e.New), "\n") {
			ws := lang.LeadingSpace(l)
			if ws == "" || len(ws) == len(l) {
				continue
			}
			if (style.Tabs && strings.HasPrefix(ws, "  ")) || (!style.Tabs && ws[0] == '\t') {
				return fmt.Errorf("line %q: %w", strings.TrimSpace(l), ErrIndentation)
			}
		}
	}
	return nil
}

// CheckGoSyntax returns an error wrapping ErrSyntax when after, parsed as a
// Go file, has a syntax error that before did not have. Errors are compared
// by message, less the token found, since positions and tokens near an
// existing error move with the edit.
func CheckGoSyntax(before, after string) error {
	old := make(map[string]int)
	for _, e := range goSyntaxErrors(before) {
		old[errorKind(e.Msg)]++
	}
	for _, e := range goSyntaxErrors(after) {
		if k := errorKind(e.Msg); old[k] > 0 {
			old[k]--
			continue
		}
		return fmt.Errorf("line %d: %s: %w", e.Pos.Line, e.Msg, ErrSyntax)
	}
	return nil
}

// errorKind returns a syntax error message without the token it found, which
// an edit near the error may change.
func errorKind(msg string) string {
	kind, _, _ := strings.Cut(msg, ", found ")
	return kind
}

// goSyntaxErrors parses src as a Go file and returns its syntax errors.
func goSyntaxErrors(src string) scanner.ErrorList {
	_, err := parser.ParseFile(token.NewFileSet(), "", src, parser.AllErrors|parser.SkipObjectResolution)
	list, _ := err.(scanner.ErrorList)
	return list
}
