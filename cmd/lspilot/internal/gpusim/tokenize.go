package gpusim

import (
	"hash/fnv"
	"unicode/utf8"
)

// PieceBytes is the length of a token's text: 4 bytes, about what BPE
// tokenizers average on source code.
const PieceBytes = 4

// Tokenize splits text into tokens deterministically: each token is the next
// PieceBytes bytes of the UTF-8 text, extended to the end of the character
// they cut, and its id is a hash of those bytes. Special tokens are never
// parsed from text: "<|fim_prefix|>" in a raw prompt is four ordinary tokens.
//
// Tokenization is prefix-stable: the tokens of a prefix of text are a prefix
// of the tokens of text, except possibly the prefix's last token, which may
// hold fewer bytes. That is what makes KV reuse between keystrokes work here
// as it does with real tokenizers.
func Tokenize(text string) []int {
	ids := make([]int, 0, len(text)/PieceBytes+1)
	for len(text) > 0 {
		n := pieceLen(text)
		ids = append(ids, pieceID(text[:n]))
		text = text[n:]
	}
	return ids
}

// Pieces splits text into the token texts Tokenize would give it. Every piece
// is valid UTF-8 when text is.
func Pieces(text string) []string {
	out := make([]string, 0, len(text)/PieceBytes+1)
	for len(text) > 0 {
		n := pieceLen(text)
		out = append(out, text[:n])
		text = text[n:]
	}
	return out
}

// pieceLen is the length of the token at the start of text.
func pieceLen(text string) int {
	n := min(PieceBytes, len(text))
	for n < len(text) && !utf8.RuneStart(text[n]) {
		n++
	}
	return n
}

// pieceID hashes a token's bytes into a positive id.
func pieceID(piece string) int {
	h := fnv.New32a()
	h.Write([]byte(piece))
	return int(h.Sum32() & 0x7fffffff)
}
