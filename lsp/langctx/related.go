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
	var best []scored // the limit best so far, the best first
	for xi, x := range indexes {
		if x == nil || limit <= 0 {
			continue
		}
		got := make([]float64, len(x.ids))
		var found []int32
		for w := range words {
			if p := x.postings[w]; len(p) <= maxPostings {
				for _, i := range p {
					if got[i] == 0 {
						found = append(found, i)
					}
					got[i] += x.weight[w]
				}
			}
		}
		for _, i := range found {
			if s := got[i] - (x.total[i]-got[i])/2; s > 0 {
				best = keepBest(best, scored{xi, i, s}, limit)
			}
		}
	}
	out := make([]ident, len(best))
	for k, s := range best {
		out[k] = indexes[s.x].ids[s.i]
	}
	return out
}

// scored is a name of index x, its i-th, with its score.
type scored struct {
	x     int
	i     int32
	score float64
}

// keepBest inserts s into best, sorted the best first (ties: by index, then
// by name, as indexed), keeping at most limit.
func keepBest(best []scored, s scored, limit int) []scored {
	at, _ := slices.BinarySearchFunc(best, s, func(a, b scored) int {
		return cmp.Or(cmp.Compare(b.score, a.score), cmp.Compare(a.x, b.x), cmp.Compare(a.i, b.i))
	})
	if at >= limit {
		return best
	}
	best = slices.Insert(best, at, s)
	return best[:min(len(best), limit)]
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

// maxPostings bounds the names a word may be found in for it to count:
// one that common tells little, and reading its names would cost the
// keystroke path.
const maxPostings = 32

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
