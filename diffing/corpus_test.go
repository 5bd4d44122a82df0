package diffing

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/sourcegraph/go-diff/diff"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite golden files")

// corpusCase is one model answer to a code action together with what should
// become of it.
type corpusCase struct {
	name      string
	path      string // the document's path
	old       string // the document's text
	selStart  int
	selEnd    int
	output    string // the model's answer
	files     map[string]string
	opts      Options
	wantErr   error // nil when the proposal should apply
	eolChange bool  // the proposal may change the final newline
	generated bool  // built by the test: no golden file
}

// sentinels names the errors a case may expect.
var sentinels = map[string]error{
	"ErrNoMatch": ErrNoMatch, "ErrAmbiguous": ErrAmbiguous, "ErrOverlap": ErrOverlap, "ErrNoEdit": ErrNoEdit,
	"ErrNoChange": ErrNoChange, "ErrOtherFile": ErrOtherFile, "ErrTooLarge": ErrTooLarge, "ErrMalformed": ErrMalformed,
	"ErrUnbalanced": ErrUnbalanced, "ErrIndentation": ErrIndentation, "ErrSyntax": ErrSyntax,
}

// loadCase reads a case from a txtar archive with the sections "options"
// (path, expect, eol, final-newline, eol-change, window), "old" (the document;
// « and » mark the selection, which is otherwise the whole document),
// "output" and "files/NAME" for other files Lookup may return.
func loadCase(t *testing.T, file string) corpusCase {
	t.Helper()
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	c := corpusCase{name: strings.TrimSuffix(filepath.Base(file), ".txtar"), files: map[string]string{}}
	var crlf, noFinal, outCRLF bool
	for _, f := range ar.Files {
		switch name := f.Name; {
		case name == "options":
			crlf, noFinal, outCRLF = c.parseOptions(t, string(f.Data))
		case name == "old":
			c.old = string(f.Data)
		case name == "output":
			c.output = string(f.Data)
		case strings.HasPrefix(name, "files/"):
			c.files[strings.TrimPrefix(name, "files/")] = string(f.Data)
		default:
			t.Fatalf("%s: unknown section %q", file, name)
		}
	}
	if noFinal {
		c.old = strings.TrimSuffix(c.old, "\n")
	}
	if crlf {
		c.old = strings.ReplaceAll(c.old, "\n", "\r\n")
	}
	if outCRLF {
		c.output = strings.ReplaceAll(c.output, "\n", "\r\n")
	}
	c.selStart, c.selEnd = 0, len(c.old)
	if i := strings.Index(c.old, "«"); i >= 0 {
		c.old = strings.Replace(c.old, "«", "", 1)
		j := strings.Index(c.old, "»")
		c.old = strings.Replace(c.old, "»", "", 1)
		c.selStart, c.selEnd = i, j
	}
	if len(c.files) > 0 {
		c.opts.Lookup = func(name string) (string, bool) { s, ok := c.files[name]; return s, ok }
	}
	return c
}

// parseOptions reads "key: value" lines into the case.
func (c *corpusCase) parseOptions(t *testing.T, s string) (crlf, noFinal, outCRLF bool) {
	for _, l := range strings.Split(strings.TrimSpace(s), "\n") {
		key, value, _ := strings.Cut(l, ":")
		value = strings.TrimSpace(value)
		switch key {
		case "path":
			c.path = value
		case "expect":
			if value != "apply" {
				name := strings.TrimPrefix(value, "refuse ")
				if c.wantErr = sentinels[name]; c.wantErr == nil {
					t.Fatalf("%s: unknown error %q", c.name, name)
				}
			}
		case "eol":
			crlf = value == "crlf"
		case "output-eol":
			outCRLF = value == "crlf"
		case "final-newline":
			noFinal = value == "false"
		case "eol-change":
			c.eolChange = value == "true"
		case "window":
			fmt.Sscan(value, &c.opts.AmbiguityWindow)
		default:
			t.Fatalf("%s: unknown option %q", c.name, key)
		}
	}
	return crlf, noFinal, outCRLF
}

func TestCorpus(t *testing.T) {
	files, err := filepath.Glob("testdata/corpus/*.txtar")
	if err != nil {
		t.Fatal(err)
	}
	var cases []corpusCase
	for _, f := range files {
		cases = append(cases, loadCase(t, f))
	}
	cases = append(cases, largeDiffCases()...)
	var applyWant, applyGot, refuseWant, refuseGot int
	for _, c := range cases {
		ok := t.Run(c.name, func(t *testing.T) { runCase(t, c) })
		if c.wantErr == nil {
			applyWant++
			if ok {
				applyGot++
			}
		} else {
			refuseWant++
			if ok {
				refuseGot++
			}
		}
	}
	t.Logf("corpus: %d cases; applied %d/%d that should apply (%.1f%%); refused %d/%d that should be refused (%.1f%%)",
		len(cases), applyGot, applyWant, percent(applyGot, applyWant), refuseGot, refuseWant, percent(refuseGot, refuseWant))
}

func percent(n, d int) float64 {
	if d == 0 {
		return 100
	}
	return 100 * float64(n) / float64(d)
}

// runCase runs one case, checks its expectation and the invariants of every
// result, and compares it with its golden file.
func runCase(t *testing.T, c corpusCase) {
	res, err := FromModelOutput(c.path, c.old, c.selStart, c.selEnd, c.output, c.opts)
	if c.wantErr != nil {
		if !errors.Is(err, c.wantErr) {
			t.Fatalf("error = %v, want %v", err, c.wantErr)
		}
		if !IsRefusal(err) {
			t.Errorf("IsRefusal(%v) = false", err)
		}
	} else if err != nil {
		t.Fatalf("error = %v, want the proposal applied", err)
	} else {
		checkResult(t, c, res)
	}
	if !c.generated {
		compareGolden(t, filepath.Join("testdata", "corpus", c.name+".golden"), formatResult(res, err))
	}
}

// checkResult checks what must hold for every applied proposal.
func checkResult(t *testing.T, c corpusCase, res Result) {
	t.Helper()
	for _, fr := range res.Files {
		old := c.old
		if fr.Path != c.path {
			old = c.files[fr.Path]
		}
		checkEdits(t, old, fr.Edits)
		got, err := Apply(old, fr.Edits)
		if err != nil || got != fr.NewText {
			t.Errorf("%s: Apply(old, edits) = %q, %v; want NewText %q", fr.Path, got, err, fr.NewText)
		}
		if strings.Count(old, "\r\n") == strings.Count(old, "\n") && strings.Contains(old, "\r\n") &&
			strings.Count(fr.NewText, "\r\n") != strings.Count(fr.NewText, "\n") {
			t.Errorf("%s: CRLF document got LF lines: %q", fr.Path, fr.NewText)
		}
		if !c.eolChange && old != "" && fr.NewText != "" && missingFinalNewline(old) != missingFinalNewline(fr.NewText) {
			t.Errorf("%s: final newline changed: %q", fr.Path, fr.NewText)
		}
	}
	if _, err := diff.ParseMultiFileDiff([]byte(res.Preview)); err != nil {
		t.Errorf("preview does not parse: %v", err)
	}
}

// formatResult renders a result or error as a txtar archive for golden
// files: the comment gives the status, then each file's preview and text.
func formatResult(res Result, err error) []byte {
	if err != nil {
		return []byte("status: refused\nerror: " + err.Error() + "\n")
	}
	ar := &txtar.Archive{Comment: []byte(fmt.Sprintf("status: applied\nkind: %v\n", res.Kind))}
	for _, fr := range res.Files {
		for _, m := range fr.Matches {
			ar.Comment = fmt.Appendf(ar.Comment, "%s: hunk %d at line %d (offset %+d, %v)\n", fr.Path, m.Hunk, m.Line, m.Offset, m.Mode)
		}
		for _, e := range fr.Edits {
			ar.Comment = fmt.Appendf(ar.Comment, "%s: edit [%d,%d) %q\n", fr.Path, e.Start, e.End, e.New)
		}
	}
	for _, fr := range res.Files {
		ar.Files = append(ar.Files,
			txtar.File{Name: fr.Path + ".diff", Data: []byte(fr.Preview)},
			txtar.File{Name: fr.Path + ".new", Data: []byte(visibleEOL(fr.NewText))})
	}
	return txtar.Format(ar)
}

// visibleEOL shows carriage returns and a missing final newline, which a
// txtar file cannot hold.
func visibleEOL(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "␍\n")
	if missingFinalNewline(s) {
		s += "⏎ (no final newline)\n"
	}
	return s
}

// compareGolden compares got with the golden file, or rewrites it with
// -update.
func compareGolden(t *testing.T, file string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("read golden (run with -update to create it): %v", err)
	}
	if d := cmp.Diff(string(want), string(got)); d != "" {
		t.Errorf("golden mismatch (-want +got):\n%s", d)
	}
}

// largeDiffCases builds a diff of more than 2 MB that changes every other
// line of a long file: refused under the default limit, applied under a
// larger one.
func largeDiffCases() []corpusCase {
	var old, out strings.Builder
	out.WriteString("```diff\n--- a/big.txt\n+++ b/big.txt\n")
	const n = 60000
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&old, "line %d of the generated document\n", i)
	}
	for i := 1; i <= n; i += 2 {
		fmt.Fprintf(&out, "@@ -%d,2 +%d,2 @@\n-line %d of the generated document\n+line %d of the edited document\n line %d of the generated document\n", i, i, i, i, i+1)
	}
	out.WriteString("```\n")
	base := corpusCase{path: "big.txt", old: old.String(), selEnd: old.Len(), output: out.String(), generated: true}
	refused, applied := base, base
	refused.name, refused.wantErr = "generated_2mb_diff_refused", ErrTooLarge
	applied.name, applied.opts.MaxOutputBytes = "generated_2mb_diff_applied", 8<<20
	return []corpusCase{refused, applied}
}

func TestLargeDiffIsLarge(t *testing.T) {
	if n := len(largeDiffCases()[0].output); n < 2<<20 {
		t.Fatalf("generated diff has %d bytes, want at least 2 MiB", n)
	}
}
