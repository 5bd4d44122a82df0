package diffing

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sourcegraph/go-diff/diff"
	"golang.org/x/tools/txtar"
)

// FuzzApply checks that Apply never panics, refuses exactly the edits that
// leave the text or overlap, and otherwise splices them in.
func FuzzApply(f *testing.F) {
	f.Add("hello\nworld\n", []byte{1, 3, 'x', 4, 4, 'y'})
	f.Add("", []byte{0, 0, 'a'})
	f.Add("abc", []byte{2, 1, 'z', 0, 9, 'q'})
	f.Fuzz(func(t *testing.T, text string, raw []byte) {
		var edits []Edit
		for i := 0; i+2 < len(raw); i += 3 {
			// Offsets range a little past the text, so some are invalid.
			start, end := int(raw[i])%(len(text)+3)-1, int(raw[i+1])%(len(text)+3)-1
			edits = append(edits, Edit{Start: start, End: end, New: string(raw[i+2 : i+3])})
		}
		got, err := Apply(text, edits)
		sorted := append([]Edit(nil), edits...)
		SortEdits(sorted)
		valid, last, want := true, 0, ""
		for _, e := range sorted {
			if e.Start < last || e.Start > e.End || e.End > len(text) {
				valid = false
				break
			}
			want += text[last:e.Start] + e.New
			last = e.End
		}
		var ee *EditError
		switch {
		case valid && err != nil:
			t.Fatalf("Apply(%q, %+v) = %v for valid edits", text, edits, err)
		case !valid && !errors.As(err, &ee):
			t.Fatalf("Apply(%q, %+v) error = %v, want *EditError", text, edits, err)
		case valid && got != want+text[last:]:
			t.Fatalf("Apply(%q, %+v) = %q, want %q", text, edits, got, want+text[last:])
		}
	})
}

// FuzzComputeEdits checks that the computed edits are sorted, disjoint,
// inside the text, on rune boundaries, and turn old into new.
func FuzzComputeEdits(f *testing.F) {
	for _, tt := range diffCases {
		f.Add(tt.old, tt.new)
	}
	f.Fuzz(func(t *testing.T, old, new string) {
		for _, compute := range []func(string, string) []Edit{ComputeEdits, ComputeLineEdits} {
			edits := compute(old, new)
			checkEdits(t, old, edits)
			got, err := Apply(old, edits)
			if err != nil || got != new {
				t.Fatalf("Apply(old, edits) = %q, %v; want %q", got, err, new)
			}
		}
	})
}

// FuzzPreviewRoundTrip checks that a preview, parsed by Parse and applied by
// FilePatch.Apply to the old text, gives the new text back, for texts with
// LF line endings.
func FuzzPreviewRoundTrip(f *testing.F) {
	for _, tt := range diffCases {
		f.Add(tt.old, tt.new)
	}
	f.Fuzz(func(t *testing.T, old, new string) {
		if strings.Contains(old+new, "\r") || old == new {
			return
		}
		preview, err := Unified("a/f", "b/f", old, new)
		if err != nil {
			t.Fatal(err)
		}
		p, err := Parse(preview, Options{MaxOutputBytes: 1 << 30})
		if err != nil {
			t.Fatalf("Parse(%q): %v", preview, err)
		}
		if len(p.Files) != 1 {
			t.Fatalf("Parse(%q) = %d files", preview, len(p.Files))
		}
		res, err := p.Files[0].Apply(old, Options{KeepIndentation: true})
		if err != nil {
			t.Fatalf("Apply(%q) to %q: %v", preview, old, err)
		}
		if res.NewText != new {
			t.Fatalf("Apply(%q) to %q = %q, want %q", preview, old, res.NewText, new)
		}
	})
}

// FuzzParse checks that Parse never panics and that every diff it returns
// prints and parses again with go-diff.
func FuzzParse(f *testing.F) {
	addCorpusSeeds(f, func(c txtarCase) { f.Add(c.output) })
	f.Fuzz(func(t *testing.T, output string) {
		p, err := Parse(output, Options{})
		if err != nil {
			if !IsRefusal(err) {
				t.Fatalf("Parse error %v is not a refusal", err)
			}
			return
		}
		for _, fp := range p.Files {
			printed, err := diff.PrintFileDiff(fp.Diff)
			if err != nil {
				t.Fatalf("print: %v", err)
			}
			if _, err := diff.ParseFileDiff(printed); err != nil {
				t.Fatalf("parse printed %q: %v", printed, err)
			}
		}
	})
}

// FuzzFromModelOutput checks that any model output either is refused or
// yields edits inside the document (inside the selection, for a
// replacement) that turn it into the new text.
func FuzzFromModelOutput(f *testing.F) {
	addCorpusSeeds(f, func(c txtarCase) { f.Add(c.old, c.output, uint16(0), uint16(len(c.old))) })
	f.Fuzz(func(t *testing.T, old, output string, a, b uint16) {
		selStart, selEnd := int(a)%(len(old)+1), int(b)%(len(old)+1)
		if selStart > selEnd {
			selStart, selEnd = selEnd, selStart
		}
		res, err := FromModelOutput("f.go", old, selStart, selEnd, output, Options{})
		if err != nil {
			return
		}
		for _, fr := range res.Files {
			if fr.Path != "f.go" {
				t.Fatalf("result for %q without Lookup", fr.Path)
			}
			checkEdits(t, old, fr.Edits)
			for _, e := range fr.Edits {
				if res.Kind == KindReplacement && (e.Start < selStart || e.End > selEnd) {
					t.Fatalf("replacement edit %+v outside selection [%d,%d)", e, selStart, selEnd)
				}
			}
			got, err := Apply(old, fr.Edits)
			if err != nil || got != fr.NewText {
				t.Fatalf("Apply(old, edits) = %q, %v; want %q", got, err, fr.NewText)
			}
		}
		if _, err := diff.ParseMultiFileDiff([]byte(res.Preview)); err != nil {
			t.Fatalf("preview does not parse: %v", err)
		}
	})
}

// txtarCase is the part of a corpus case that seeds fuzzing.
type txtarCase struct {
	old, output string
}

// addCorpusSeeds calls add for each case of the failure-mode corpus.
func addCorpusSeeds(f *testing.F, add func(txtarCase)) {
	files, _ := filepath.Glob("testdata/corpus/*.txtar")
	for _, file := range files {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			f.Fatal(err)
		}
		var c txtarCase
		for _, af := range ar.Files {
			switch af.Name {
			case "old":
				c.old = strings.NewReplacer("«", "", "»", "").Replace(string(af.Data))
			case "output":
				c.output = string(af.Data)
			}
		}
		add(c)
	}
}
