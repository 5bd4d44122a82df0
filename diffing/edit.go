package diffing

import (
	"cmp"
	"slices"
	"strings"
)

// Edit replaces the bytes [Start, End) of a text with New.
type Edit struct {
	Start, End int    // byte offsets of the replaced region
	New        string // the replacement
}

// Apply applies edits to text and returns the result. Edits are applied in
// order of start offset; insertions at the same offset keep their given order.
// Apply returns an *EditError if an edit lies outside the text or overlaps
// another.
func Apply(text string, edits []Edit) (string, error) {
	edits, size, err := validate(text, edits)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.Grow(size)
	last := 0
	for _, e := range edits {
		b.WriteString(text[last:e.Start])
		b.WriteString(e.New)
		last = e.End
	}
	b.WriteString(text[last:])
	return b.String(), nil
}

// validate checks edits against text and returns them sorted together with
// the size of the result. It copies edits before sorting them.
func validate(text string, edits []Edit) ([]Edit, int, error) {
	if !slices.IsSortedFunc(edits, compareEdits) {
		edits = slices.Clone(edits)
		SortEdits(edits)
	}
	size := len(text)
	last := 0
	for _, e := range edits {
		if e.Start < 0 || e.Start > e.End || e.End > len(text) {
			return nil, 0, &EditError{Edit: e, Len: len(text), Err: ErrOutOfRange}
		}
		if e.Start < last {
			return nil, 0, &EditError{Edit: e, Len: len(text), Err: ErrOverlap}
		}
		size += len(e.New) - (e.End - e.Start)
		last = e.End
	}
	return edits, size, nil
}

// SortEdits orders edits by start and then end offset, so that an insertion
// comes before a replacement at the same offset. The sort is stable: several
// insertions at one offset keep their order.
func SortEdits(edits []Edit) {
	slices.SortStableFunc(edits, compareEdits)
}

func compareEdits(a, b Edit) int {
	if c := cmp.Compare(a.Start, b.Start); c != 0 {
		return c
	}
	return cmp.Compare(a.End, b.End)
}

// shiftEdits adds delta to the offsets of every edit.
func shiftEdits(edits []Edit, delta int) []Edit {
	for i := range edits {
		edits[i].Start += delta
		edits[i].End += delta
	}
	return edits
}
