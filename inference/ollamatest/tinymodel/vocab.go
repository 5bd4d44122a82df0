package tinymodel

import (
	"strings"
	"sync"
)

// Cycle lists the tokens that greedy decoding walks, in order; after the last it starts
// again. Each token occurs once so that its successor is unique.
var Cycle = []string{
	"func", " fib", "(n", " int)", " int", " {\n", "\tif", " n", " <", " 2",
	" {\n\t\t", "return", " n\n", "\t}\n", "\treturn", " fib(n-1)", " +", " fib(n-2)", "\n}\n\n",
}

// CycleText is one period of the text that the models generate. Any completion is a
// substring of CycleText repeated, and a completion after <|fim_middle|> starts with it.
var CycleText = strings.Join(Cycle, "")

// Control tokens appended after the byte and merged tokens.
const (
	EndOfText = "<|endoftext|>"
	FIMPrefix = "<|fim_prefix|>"
	FIMSuffix = "<|fim_suffix|>"
	FIMMiddle = "<|fim_middle|>"
	FileSep   = "<|file_sep|>"
	RepoName  = "<|repo_name|>"
)

var controlTokens = []string{EndOfText, FIMPrefix, FIMSuffix, FIMMiddle, FileSep, RepoName}

// GGUF token types.
const (
	tokenNormal  = 1
	tokenControl = 3
)

// vocab is the tokenizer shared by every model.
type vocab struct {
	tokens []string // GPT-2 byte-level spelling
	types  []int32
	merges []string
	ids    map[string]int // by spelling
}

var sharedVocab = sync.OnceValue(buildVocab)

func vocabSize() int { return len(sharedVocab().tokens) }

// buildVocab lays out 256 byte tokens, then the merged tokens each Cycle token needs (every
// prefix, so each merge yields a token in the vocabulary), then the control tokens.
func buildVocab() *vocab {
	v := &vocab{ids: map[string]int{}}
	enc := byteEncoder()
	for b := range 256 {
		v.add(string(enc[b]), tokenNormal)
	}
	for _, tok := range Cycle {
		runes := []rune(spell(tok))
		for k := 2; k <= len(runes); k++ {
			merged := string(runes[:k])
			if _, ok := v.ids[merged]; ok {
				continue
			}
			v.merges = append(v.merges, string(runes[:k-1])+" "+string(runes[k-1]))
			v.add(merged, tokenNormal)
		}
	}
	for _, tok := range controlTokens {
		v.add(tok, tokenControl)
	}
	return v
}

func (v *vocab) add(tok string, typ int32) {
	v.ids[tok] = len(v.tokens)
	v.tokens = append(v.tokens, tok)
	v.types = append(v.types, typ)
}

// id returns the token id of plain text tok (a Cycle entry) or of a control token.
func (v *vocab) id(tok string) int {
	return v.ids[spell(tok)] // control tokens are printable ASCII, spelled as written
}

// spell writes text in GPT-2's byte-to-unicode alphabet.
func spell(text string) string {
	enc := byteEncoder()
	var sb strings.Builder
	for i := range len(text) {
		sb.WriteRune(enc[text[i]])
	}
	return sb.String()
}

// byteEncoder returns GPT-2's byte-to-unicode table: printable bytes map to themselves and
// the rest to code points from 256 up, in byte order.
func byteEncoder() [256]rune {
	var enc [256]rune
	n := 0
	for b := range 256 {
		switch {
		case b >= '!' && b <= '~', b >= 0xA1 && b <= 0xAC, b >= 0xAE && b <= 0xFF:
			enc[b] = rune(b)
		default:
			enc[b] = rune(256 + n)
			n++
		}
	}
	return enc
}

// Walk returns the text of n tokens of greedy output that starts at Cycle[start]. After
// <|fim_middle|> the models emit Walk(0, n); after a prompt ending in Cycle[i], Walk(i+1, n).
func Walk(start, n int) string {
	var sb strings.Builder
	for i := range n {
		sb.WriteString(Cycle[(start+i)%len(Cycle)])
	}
	return sb.String()
}
