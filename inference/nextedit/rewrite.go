package nextedit

import (
	"errors"
	"fmt"
	"strings"

	"github.com/lspilot/lspilot/diffing"
)

// Refusals of a rewrite, besides diffing's verification errors.
var (
	// ErrTruncated reports a rewrite that drops most of the region's
	// lines: an answer cut short, not an edit.
	ErrTruncated = errors.New("rewrite drops most of the region")
	// ErrRejectedBefore reports an edit the user rejected in this document.
	ErrRejectedBefore = errors.New("edit rejected before")
)

// minTruncLines is the smallest region whose loss of half its lines counts
// as a truncated answer.
const minTruncLines = 4

// editOf turns the model's rewrite of text[w.regionStart:w.regionEnd] into
// one edit of text: the minimal edits diffing computes, joined from the
// first to the last. ok is false when the rewrite changes nothing.
func editOf(text string, w window, rewrite string) (e diffing.Edit, ok bool, err error) {
	region := text[w.regionStart:w.regionEnd]
	if n := strings.Count(region, "\n"); n >= minTruncLines && strings.Count(rewrite, "\n") < n/2 {
		return diffing.Edit{}, false, fmt.Errorf("%d of %d lines: %w", strings.Count(rewrite, "\n"), n, ErrTruncated)
	}
	edits := diffing.ComputeEdits(region, rewrite)
	if len(edits) == 0 {
		return diffing.Edit{}, false, nil
	}
	first, last := edits[0], edits[len(edits)-1]
	tail := len(region) - last.End
	e = diffing.Edit{
		Start: w.regionStart + first.Start,
		End:   w.regionStart + last.End,
		New:   rewrite[first.Start : len(rewrite)-tail],
	}
	return e, true, nil
}

// verify runs diffing's checks on the document as the edit leaves it:
// brackets no less balanced, new lines indented in the file's style, and
// for Go no new syntax errors. The error says why, for logs and counts.
func verify(path, text string, e diffing.Edit) error {
	after := text[:e.Start] + e.New + text[e.End:]
	return diffing.Verify(path, text, after)
}

// reason names a refusal for the counters: the sentinel it wraps.
func reason(err error) string {
	for _, r := range []struct {
		err  error
		name string
	}{
		{diffing.ErrUnbalanced, "unbalanced"}, {diffing.ErrIndentation, "indentation"},
		{diffing.ErrSyntax, "syntax"}, {ErrTruncated, "truncated"}, {ErrMalformed, "malformed"},
		{ErrRejectedBefore, "rejected"},
	} {
		if errors.Is(err, r.err) {
			return r.name
		}
	}
	return "other"
}
