package gpusim

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"strings"
)

// DefaultGenerate is the completion the simulated model writes when
// Config.Generate is nil: two to six lines of Go-like code, chosen by a
// generator seeded with a hash of prompt and suffix, so that the same request
// always gets the same text.
func DefaultGenerate(prompt, suffix string) string {
	h := fnv.New64a()
	h.Write([]byte(prompt))
	h.Write([]byte{0})
	h.Write([]byte(suffix))
	r := rand.New(rand.NewPCG(h.Sum64(), 0x9e3779b97f4a7c15))
	var b strings.Builder
	for range 2 + r.IntN(5) {
		b.WriteString(codeLine(r))
	}
	return b.String()
}

var (
	idents = []string{"n", "buf", "err", "ctx", "item", "count", "result", "name", "offset", "total"}
	funcs  = []string{"parse", "load", "compute", "render", "lookup", "merge", "flush", "check"}
)

// codeLine returns one line of code, line end included.
func codeLine(r *rand.Rand) string {
	a, b := idents[r.IntN(len(idents))], idents[r.IntN(len(idents))]
	f := funcs[r.IntN(len(funcs))]
	switch r.IntN(5) {
	case 0:
		return fmt.Sprintf("\t%s, err := %s(%s)\n", a, f, b)
	case 1:
		return "\tif err != nil {\n\t\treturn err\n\t}\n"
	case 2:
		return fmt.Sprintf("\t%s += %s(%s, %d)\n", a, f, b, r.IntN(64))
	case 3:
		return fmt.Sprintf("\tfor _, %s := range %s {\n\t\t%s(%s)\n\t}\n", a, b, f, a)
	}
	return fmt.Sprintf("\treturn %s\n", a)
}

// finish says why a sequence stops generating.
type finish int

// The finish reasons.
const (
	finishEOS    finish = iota // the model ended the text
	finishStop                 // a stop sequence matched
	finishLength               // the token limit was reached
	finishTime                 // llama.cpp's t_max_predict_ms ran out
)

// output is what a sequence will generate: one delta of visible text per
// token (empty for tokens that show nothing, such as the end of text), in
// order, and why generation ends after the last one.
type output struct {
	deltas []string
	ids    []int
	reason finish
	// stopWord is the stop sequence that matched.
	stopWord string
}

// planOutput turns the model's full completion into the tokens a server
// streams: the text is cut before the earliest stop sequence (the tokens
// that spell it are still generated, but never shown), an end-of-text token
// follows a completion that ends on its own, and at most maxTokens tokens are
// generated when maxTokens is not negative.
func planOutput(text string, maxTokens int, stops []string) output {
	cut, word := len(text), ""
	for _, s := range stops {
		if i := strings.Index(text, s); s != "" && i >= 0 && (i < cut || i == cut && len(s) > len(word)) {
			cut, word = i, s
		}
	}
	var o output
	end := len(text)
	if word != "" {
		end = cut + len(word)
	}
	pos := 0
	for pos < end {
		n := pieceLen(text[pos:])
		piece := text[pos : pos+n]
		o.deltas = append(o.deltas, text[min(pos, cut):min(pos+n, cut)])
		o.ids = append(o.ids, pieceID(piece))
		pos += n
	}
	o.reason = finishEOS
	if word != "" {
		o.reason, o.stopWord = finishStop, word
	} else {
		o.deltas = append(o.deltas, "")
		o.ids = append(o.ids, tokEndOfText)
	}
	if maxTokens >= 0 && len(o.deltas) > maxTokens {
		o.deltas, o.ids = o.deltas[:maxTokens], o.ids[:maxTokens]
		o.reason, o.stopWord = finishLength, ""
	}
	return o
}
