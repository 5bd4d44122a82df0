package diffing

import "unicode/utf8"

// maxRefineRunes bounds the size, in runes on both sides together, of a
// changed block of lines that ComputeEdits refines rune by rune. Larger
// blocks are replaced whole.
const maxRefineRunes = 1 << 18

// ComputeLineEdits returns the edits that turn before into after, each
// replacing whole lines, computed with a Myers diff on lines.
func ComputeLineEdits(before, after string) []Edit {
	if before == after {
		return nil
	}
	a, b := splitLines(before), splitLines(after)
	ids := make(map[string]int, len(a)+len(b))
	changes := diffTokens(internLines(ids, a), internLines(ids, b))
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

// runeEdits returns the edits that turn before into after, computed with a
// Myers diff on runes. Bytes that are not valid UTF-8 count as one token each.
func runeEdits(before, after string) []Edit {
	a, aOff := runeTokens(before)
	b, bOff := runeTokens(after)
	changes := diffTokens(a, b)
	edits := make([]Edit, 0, len(changes))
	for _, c := range changes {
		edits = append(edits, Edit{Start: aOff[c.a0], End: aOff[c.a1], New: after[bOff[c.b0]:bOff[c.b1]]})
	}
	return edits
}

// internLines maps each line to a small integer, equal lines to equal ones.
func internLines(ids map[string]int, lines []string) []int {
	out := make([]int, len(lines))
	for i, l := range lines {
		id, ok := ids[l]
		if !ok {
			id = len(ids)
			ids[l] = id
		}
		out[i] = id
	}
	return out
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
func runeTokens(s string) (tokens, offsets []int) {
	tokens = make([]int, 0, len(s))
	offsets = make([]int, 0, len(s)+1)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		tok := int(r)
		if r == utf8.RuneError && size == 1 {
			tok = -1 - int(s[i])
		}
		tokens = append(tokens, tok)
		offsets = append(offsets, i)
		i += size
	}
	return tokens, append(offsets, len(s))
}
