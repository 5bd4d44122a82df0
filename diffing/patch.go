package diffing

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/sourcegraph/go-diff/diff"
)

// FilePatch is the part of a diff that concerns one file.
type FilePatch struct {
	// OrigName and NewName are the names in the file's ---/+++ or
	// "diff --git" header, unquoted, or "" when the output had none.
	OrigName, NewName string
	// Diff is go-diff's parse of the normalised diff: prose removed, hunk
	// counts recomputed from the bodies.
	Diff *diff.FileDiff

	numbered []bool // per hunk: whether the model gave line numbers
}

// DevNull is the name a diff gives the missing side of a created or deleted
// file.
const DevNull = "/dev/null"

// Name returns the file the patch targets as the diff names it: NewName, or
// OrigName for a deletion, without git's "a/" and "b/" prefixes when both
// names carry them. It is "" when the diff named no file.
func (p *FilePatch) Name() string {
	orig, new := p.OrigName, p.NewName
	if (strings.HasPrefix(orig, "a/") || orig == DevNull) && (strings.HasPrefix(new, "b/") || new == DevNull) {
		orig, new = strings.TrimPrefix(orig, "a/"), strings.TrimPrefix(new, "b/")
	}
	if new == DevNull || new == "" {
		return orig
	}
	return new
}

// IsCreate reports whether the patch creates a file.
func (p *FilePatch) IsCreate() bool { return p.OrigName == DevNull }

// IsDelete reports whether the patch deletes a file.
func (p *FilePatch) IsDelete() bool { return p.NewName == DevNull }

// HunkMatch records where and how one hunk was found.
type HunkMatch struct {
	Hunk   int       // 1-based index of the hunk
	Line   int       // 1-based first line of the text the hunk replaced
	Offset int       // Line minus the line the hunk stated; 0 if it stated none
	Mode   MatchMode // how the old lines were compared
}

// region is the part of a text that one hunk replaces.
type region struct {
	start, end int
	new        string
	hunk       int
}

// Apply locates every hunk in text, verifies that none overlaps another and
// returns the patched text with the minimal edits that produce it. Hunks
// with only context lines are skipped. Each hunk's edits stay within the
// lines it matched. The text's line endings, indentation style and missing
// final newline are kept. Errors are *HunkError (ErrNoMatch, ErrAmbiguous,
// ErrOverlap, ErrMalformed).
func (p *FilePatch) Apply(text string, opts Options) (FileResult, error) {
	opts = opts.withDefaults()
	res := FileResult{Path: p.Name(), OrigName: p.OrigName, NewName: p.NewName, Create: p.IsCreate(), Delete: p.IsDelete()}
	if p.IsCreate() && text != "" {
		return res, &HunkError{File: res.Path, Hunk: 1, Reason: ErrNoMatch, Detail: "the file to create already has content"}
	}
	ap := newApplier(text, !opts.KeepIndentation)
	var regions []region
	drift := 0
	for i, h := range p.Diff.Hunks {
		hk, err := parseHunk(h, i < len(p.numbered) && p.numbered[i])
		if err != nil {
			return res, &HunkError{File: res.Path, Hunk: i + 1, Reason: ErrMalformed, Detail: err.Error()}
		}
		if !hk.changes() {
			continue // only context: nothing to place
		}
		expected := -1
		if hk.stated >= 0 {
			expected = hk.stated + drift
		}
		pos, mode, lerr := ap.doc.locate(hk.old(), hk.stated, expected, opts.AmbiguityWindow)
		if lerr != nil {
			he := &HunkError{File: res.Path, Hunk: i + 1, Reason: lerr.reason, Detail: lerr.detail}
			if hk.stated >= 0 {
				he.Line = int(h.OrigStartLine)
			}
			return res, he
		}
		m := HunkMatch{Hunk: i + 1, Line: pos + 1, Mode: mode}
		if hk.stated >= 0 {
			drift = pos - hk.stated
			m.Offset = drift
		}
		r := ap.region(pos, hk, mode)
		r.hunk = i + 1
		regions = append(regions, r)
		res.Matches = append(res.Matches, m)
	}
	edits, err := regionEdits(res.Path, text, regions)
	if err != nil {
		return res, err
	}
	res.Edits = edits
	if res.NewText, err = Apply(text, edits); err != nil {
		return res, fmt.Errorf("apply %s: %w", res.Path, err)
	}
	return res, nil
}

// regionEdits refuses overlapping regions and returns the minimal edits of
// each, in order.
func regionEdits(file, text string, regions []region) ([]Edit, error) {
	sorted := slices.Clone(regions)
	slices.SortStableFunc(sorted, func(a, b region) int {
		return cmp.Or(cmp.Compare(a.start, b.start), cmp.Compare(a.end, b.end))
	})
	var edits []Edit
	for i, r := range sorted {
		if i > 0 {
			prev := sorted[i-1]
			if r.start < prev.end || (r.start == prev.start && r.start == r.end && prev.start == prev.end) {
				later := max(r.hunk, prev.hunk)
				return nil, &HunkError{File: file, Hunk: later, Reason: ErrOverlap,
					Detail: fmt.Sprintf("hunks %d and %d change the same lines", min(r.hunk, prev.hunk), later)}
			}
		}
		edits = append(edits, shiftEdits(ComputeEdits(text[r.start:r.end], r.new), r.start)...)
	}
	return edits, nil
}
