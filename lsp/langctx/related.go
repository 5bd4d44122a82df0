package langctx

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// What the words around the cursor are read from: the lines above and
// below its line, comments included (they name what the code is about).
const (
	relatedAbove = 12
	relatedBelow = 6
)

// wordIndex finds, among names, those spelled with the words of a text:
// "rewriteValueMIPS" where the lines around the cursor write
// rewriteBlockMIPS and mips. A word found in many names tells little and
// weighs less (its inverse document frequency).
type wordIndex struct {
	ids      []ident
	postings map[string][]int32 // by word, the names spelled with it
	weight   map[string]float64
	total    []float64 // by name, the weight of all its words
}

// newWordIndex indexes ids by the words of their names.
func newWordIndex(ids []ident) *wordIndex {
	x := &wordIndex{ids: ids, postings: map[string][]int32{}, total: make([]float64, len(ids))}
	for i, id := range ids {
		for _, w := range nameWords(id.name) {
			x.postings[w] = append(x.postings[w], int32(i))
		}
	}
	x.weight = make(map[string]float64, len(x.postings))
	for w, p := range x.postings {
		x.weight[w] = math.Log(float64(len(ids)+1) / float64(len(p)))
	}
	for w, p := range x.postings {
		for _, i := range p {
			x.total[i] += x.weight[w]
		}
	}
	return x
}

// related returns up to limit of the indexed names that words spells the
// most of: a name scores the weight of its words found in words less half
// that of those not found, and only a name that scores above zero counts.
func (x *wordIndex) related(words map[string]bool, limit int) []ident {
	return relatedIn([]*wordIndex{x}, words, limit)
}

// relatedIn returns up to limit of the names of the indexes that words
// spells the most of (see related), ties in the order of the indexes.
func relatedIn(indexes []*wordIndex, words map[string]bool, limit int) []ident {
	type scored struct {
		x     int
		i     int32
		score float64
	}
	var best []scored
	for xi, x := range indexes {
		if x == nil {
			continue
		}
		found := map[int32]float64{}
		for w := range words {
			for _, i := range x.postings[w] {
				found[i] += x.weight[w]
			}
		}
		for i, got := range found {
			if s := got - (x.total[i]-got)/2; s > 0 {
				best = append(best, scored{xi, i, s})
			}
		}
	}
	slices.SortFunc(best, func(a, b scored) int {
		return cmp.Or(cmp.Compare(b.score, a.score), cmp.Compare(a.x, b.x), cmp.Compare(a.i, b.i))
	})
	out := make([]ident, 0, min(len(best), max(limit, 0)))
	for _, s := range best[:min(len(best), max(limit, 0))] {
		out = append(out, indexes[s.x].ids[s.i])
	}
	return out
}

// wordsAround returns the words of the names written in the lines around
// the cursor, but the word being typed.
func wordsAround(text string, cursor int) map[string]bool {
	cursor = min(max0(cursor), len(text))
	start := lineStartAbove(text, cursor, relatedAbove)
	end := lineEndBelow(text, cursor, relatedBelow)
	words := map[string]bool{}
	for i := start; i < end; {
		if !isIdentStart(text, i) || i > 0 && isIdentByte(text[i-1]) {
			_, n := utf8.DecodeRuneInString(text[i:])
			i += n
			continue
		}
		j := min(identEnd(text, i), end)
		if !(i < cursor && cursor <= j) {
			for _, w := range nameWords(text[i:j]) {
				words[w] = true
			}
		}
		i = j
	}
	return words
}

// minWordLen bounds the words that count: shorter ones ("a", "id") are
// found everywhere.
const minWordLen = 3

// nameWords splits a name into its lower-case words at underscores,
// digits and changes of case: "parseHTTPRequest2" gives parse, http and
// request.
func nameWords(name string) []string {
	var out []string
	runes := []rune(name)
	start := 0
	flush := func(end int) {
		if end-start >= minWordLen {
			out = append(out, strings.ToLower(string(runes[start:end])))
		}
		start = end
	}
	for i, r := range runes {
		switch {
		case r == '_' || r == '$' || unicode.IsDigit(r):
			flush(i)
			start = i + 1
		case i > start && unicode.IsUpper(r) && (unicode.IsLower(runes[i-1]) ||
			i+1 < len(runes) && unicode.IsLower(runes[i+1]) && unicode.IsUpper(runes[i-1])):
			flush(i)
		}
	}
	flush(len(runes))
	slices.Sort(out)
	return slices.Compact(out)
}
