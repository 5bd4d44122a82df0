package diffing

import (
	"unicode/utf8"

	"github.com/aymanbagabas/go-udiff/lcs"
)

// candidate implementation over go-udiff's lcs; redo re-diffs blocks that
// lcs left whole when it stopped searching.
type udiffImpl struct{ redo bool }

func (u udiffImpl) seq(n, m int, diff func(a0, a1, b0, b1 int) []lcs.Diff) []change {
	var out []change
	var walk func(a0, a1, b0, b1 int)
	walk = func(a0, a1, b0, b1 int) {
		ds := diff(a0, a1, b0, b1)
		cost := 0
		for _, d := range ds {
			cost += d.End - d.Start + d.ReplEnd - d.ReplStart
		}
		whole := len(ds) == 1 && ds[0] == (lcs.Diff{Start: 0, End: a1 - a0, ReplStart: 0, ReplEnd: b1 - b0})
		redo := u.redo && cost > lcsExact && !whole
		for _, d := range ds {
			x0, x1, y0, y1 := a0+d.Start, a0+d.End, b0+d.ReplStart, b0+d.ReplEnd
			if redo && x1 > x0 && y1 > y0 {
				walk(x0, x1, y0, y1)
				continue
			}
			out = append(out, change{x0, x1, y0, y1})
		}
	}
	walk(0, n, 0, m)
	return out
}

const lcsExact = 100

func (u udiffImpl) lines(a, b []string) []change {
	return u.seq(len(a), len(b), func(a0, a1, b0, b1 int) []lcs.Diff { return lcs.DiffLines(a[a0:a1], b[b0:b1]) })
}

func (u udiffImpl) ComputeLineEdits(before, after string) []Edit {
	if before == after {
		return nil
	}
	a, b := splitLines(before), splitLines(after)
	changes := u.lines(a, b)
	aOff, bOff := lineOffsets(a), lineOffsets(b)
	edits := make([]Edit, 0, len(changes))
	for _, c := range changes {
		edits = append(edits, Edit{Start: aOff[c.a0], End: aOff[c.a1], New: after[bOff[c.b0]:bOff[c.b1]]})
	}
	return edits
}

func (u udiffImpl) ComputeEdits(before, after string) []Edit {
	lineEdits := u.ComputeLineEdits(before, after)
	edits := make([]Edit, 0, len(lineEdits))
	for _, e := range lineEdits {
		edits = append(edits, u.refine(before[e.Start:e.End], e.New, e.Start)...)
	}
	return edits
}

func (u udiffImpl) refine(old, new string, start int) []Edit {
	if old == "" || new == "" {
		return []Edit{{Start: start, End: start + len(old), New: new}}
	}
	a, b := splitLines(old), splitLines(new)
	if len(a) > 1 && len(a) == len(b) {
		var edits []Edit
		for i := range a {
			edits = append(edits, u.refine(a[i], b[i], start)...)
			start += len(a[i])
		}
		return edits
	}
	if utf8.RuneCountInString(old)+utf8.RuneCountInString(new) > maxRefineRunes {
		return []Edit{{Start: start, End: start + len(old), New: new}}
	}
	return shiftEdits(mergeShortGaps(old, u.runeEdits(old, new)), start)
}

func (u udiffImpl) runeEdits(before, after string) []Edit {
	a, aOff := runeSeq(before)
	b, bOff := runeSeq(after)
	changes := u.seq(len(a), len(b), func(a0, a1, b0, b1 int) []lcs.Diff { return lcs.DiffRunes(a[a0:a1], b[b0:b1]) })
	edits := make([]Edit, 0, len(changes))
	for _, c := range changes {
		edits = append(edits, Edit{Start: aOff[c.a0], End: aOff[c.a1], New: after[bOff[c.b0]:bOff[c.b1]]})
	}
	return edits
}

func runeSeq(s string) (tokens []rune, offsets []int) {
	tokens = make([]rune, 0, len(s))
	offsets = make([]int, 0, len(s)+1)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			r = -1 - rune(s[i])
		}
		tokens = append(tokens, r)
		offsets = append(offsets, i)
		i += size
	}
	return tokens, append(offsets, len(s))
}
