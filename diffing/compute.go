package diffing

import (
	"unicode/utf8"

	"github.com/aymanbagabas/go-udiff/lcs"
)

// maxRefineRunes bounds the size, in runes on both sides together, of a
// changed block of lines that ComputeEdits refines rune by rune. Larger
// blocks are replaced whole.
const maxRefineRunes = 1 << 18

// lcsExact is the largest number of deleted and inserted tokens for which an
// answer of go-udiff's lcs is exact. Its search stops 50 differences from
// each end and leaves what lies between as one replaced block, so an answer
// that costs more may hide unchanged text in its blocks.
const lcsExact = 100

// change says that a[a0:a1] is replaced by b[b0:b1]; one side may be empty.
type change struct {
	a0, a1, b0, b1 int
}

// ComputeLineEdits returns the edits that turn before into after, each
// replacing whole lines, computed with go-udiff's Myers diff on lines.
func ComputeLineEdits(before, after string) []Edit {
	if before == after {
		return nil
	}
	a, b := splitLines(before), splitLines(after)
	changes := diffLines(a, b)
	aOff, bOff := lineOffsets(a), lineOffsets(b)
	edits := make([]Edit, 0, len(changes))
	for _, c := range changes {
		edits = append(edits, Edit{Start: aOff[c.a0], End: aOff[c.a1], New: after[bOff[c.b0]:bOff[c.b1]]})
	}
	return edits
}

// ComputeEdits returns small edits that turn before into after: a Myers diff
// on lines, then on runes inside each changed block of lines (line by line
// when the block has as many lines before as after), so that text which did
// not change is left alone. Edits separated by an unchanged run no longer
// than either of them are joined. Edits never split a UTF-8 sequence.
func ComputeEdits(before, after string) []Edit {
	lineEdits := ComputeLineEdits(before, after)
	edits := make([]Edit, 0, len(lineEdits))
	for _, e := range lineEdits {
		edits = append(edits, refine(before[e.Start:e.End], e.New, e.Start)...)
	}
	return edits
}

// refine returns the rune edits that turn the block of lines old, found at
// offset start, into new. Blocks of as many lines on both sides are refined
// line by line; others as a whole, unless they are too large.
func refine(old, new string, start int) []Edit {
	if old == "" || new == "" {
		return []Edit{{Start: start, End: start + len(old), New: new}}
	}
	a, b := splitLines(old), splitLines(new)
	if len(a) > 1 && len(a) == len(b) {
		var edits []Edit
		for i := range a {
			edits = append(edits, refine(a[i], b[i], start)...)
			start += len(a[i])
		}
		return edits
	}
	if utf8.RuneCountInString(old)+utf8.RuneCountInString(new) > maxRefineRunes {
		return []Edit{{Start: start, End: start + len(old), New: new}}
	}
	return shiftEdits(mergeShortGaps(old, runeEdits(old, new)), start)
}

// mergeShortGaps joins neighbouring edits of text whose unchanged gap is no
// longer than either edit, so that a rewritten word becomes one edit rather
// than a scatter of single letters that happened to match.
func mergeShortGaps(text string, edits []Edit) []Edit {
	size := func(e Edit) int { return max(e.End-e.Start, len(e.New)) }
	out := edits[:0]
	for _, e := range edits {
		if n := len(out); n > 0 {
			prev := &out[n-1]
			if gap := e.Start - prev.End; gap <= size(*prev) && gap <= size(e) {
				prev.New += text[prev.End:e.Start] + e.New
				prev.End = e.End
				continue
			}
		}
		out = append(out, e)
	}
	return out
}

// runeEdits returns the edits that turn before into after, computed with
// go-udiff's Myers diff on runes. Bytes that are not valid UTF-8 count as one
// token each.
func runeEdits(before, after string) []Edit {
	a, aOff := runeTokens(before)
	b, bOff := runeTokens(after)
	changes := diffSeqs(len(a), len(b), func(a0, a1, b0, b1 int) []lcs.Diff {
		return lcs.DiffRunes(a[a0:a1], b[b0:b1])
	})
	edits := make([]Edit, 0, len(changes))
	for _, c := range changes {
		edits = append(edits, Edit{Start: aOff[c.a0], End: aOff[c.a1], New: after[bOff[c.b0]:bOff[c.b1]]})
	}
	return edits
}

// diffLines returns the changes that turn the lines a into the lines b, in
// order.
func diffLines(a, b []string) []change {
	return diffSeqs(len(a), len(b), func(a0, a1, b0, b1 int) []lcs.Diff {
		return lcs.DiffLines(a[a0:a1], b[b0:b1])
	})
}

// diffSeqs returns the changes, in order, between two sequences of n and m
// tokens, given diff, which compares a[a0:a1] with b[b0:b1] through go-udiff's
// lcs. Where an answer is not known to be exact (see lcsExact), each block it
// replaces is diffed again, so that changes scattered over a large text stay
// apart instead of merging into one replaced middle.
func diffSeqs(n, m int, diff func(a0, a1, b0, b1 int) []lcs.Diff) []change {
	var changes []change
	var walk func(a0, a1, b0, b1 int)
	walk = func(a0, a1, b0, b1 int) {
		ds := diff(a0, a1, b0, b1)
		cost := 0
		for _, d := range ds {
			cost += d.End - d.Start + d.ReplEnd - d.ReplStart
		}
		whole := len(ds) == 1 && ds[0] == lcs.Diff{End: a1 - a0, ReplEnd: b1 - b0}
		again := cost > lcsExact && !whole
		for _, d := range ds {
			c := change{a0 + d.Start, a0 + d.End, b0 + d.ReplStart, b0 + d.ReplEnd}
			if again && c.a1 > c.a0 && c.b1 > c.b0 {
				walk(c.a0, c.a1, c.b0, c.b1)
				continue
			}
			changes = append(changes, c)
		}
	}
	walk(0, n, 0, m)
	return changes
}

// lineOffsets returns the byte offset of each line and, last, the total size.
func lineOffsets(lines []string) []int {
	off := make([]int, len(lines)+1)
	for i, l := range lines {
		off[i+1] = off[i] + len(l)
	}
	return off
}

// runeTokens splits s into runes and returns a token per rune together with
// the byte offset of each rune and, last, len(s). A byte that is not valid
// UTF-8 becomes a negative token of its own.
func runeTokens(s string) (tokens []rune, offsets []int) {
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
