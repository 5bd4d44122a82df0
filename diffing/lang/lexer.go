package lang

import (
	"strings"
	"unicode/utf8"
)

// Syntax is what the bracket lexer knows of a language's comments and
// strings: enough to tell code from text, not a full tokenizer.
type Syntax struct {
	// LineComment opens a comment that runs to the end of the line; ""
	// for none.
	LineComment string
	// BlockComment opens and closes a comment that may span lines; zero
	// for none. An unclosed one runs to the end of the text.
	BlockComment [2]string
	// Quotes are the bytes that open a string closed by the same byte on
	// the same line, with backslash escapes. An unclosed one ends at the
	// end of its line.
	Quotes string
	// Raw are the bytes that open a string closed by the same byte, which
	// may span lines (Go raw strings, JavaScript template literals).
	Raw string
	// RawEscapes reports backslash escapes inside Raw strings.
	RawEscapes bool
	// Triple reports Python's """ and ''' strings, which span lines and
	// end at the same three quotes.
	Triple bool
	// Char says how an apostrophe that is not in Quotes reads.
	Char CharRule
}

// CharRule says how the lexer reads an apostrophe that is not one of a
// Syntax's Quotes.
type CharRule uint8

// Apostrophe rules.
const (
	// CharNone: the apostrophe is code (a Lisp quote, an OCaml type
	// variable).
	CharNone CharRule = iota
	// CharC: a character literal holds one character or an escape
	// ('x', '\n'); any other apostrophe is code, such as a Rust
	// lifetime.
	CharC
	// CharRust: the apostrophe opens a one-line literal when an escape or
	// another apostrophe follows within four bytes, and is a lifetime
	// otherwise.
	CharRust
)

// Lexer reads a text token by token and tells code from strings and
// comments. The zero Lexer knows no syntax and reads everything as code.
type Lexer struct {
	syn     Syntax
	close   string // what ends the string or comment being read, "" in code
	escapes bool   // backslash escapes inside it
	oneLine bool   // it ends at the end of its line
	// opens marks the bytes that may open a string or comment; any other
	// byte in code is code.
	opens [256]bool
}

// NewLexer returns a lexer for syn, standing in code.
func NewLexer(syn Syntax) *Lexer {
	lx := makeLexer(syn)
	return &lx
}

// makeLexer returns a lexer for syn by value, so that a caller can keep it
// on its stack.
func makeLexer(syn Syntax) Lexer {
	lx := Lexer{syn: syn}
	for _, marker := range []string{syn.LineComment, syn.BlockComment[0]} {
		if marker != "" {
			lx.opens[marker[0]] = true
		}
	}
	for _, q := range []byte(syn.Quotes + syn.Raw) {
		lx.opens[q] = true
	}
	if syn.Triple {
		lx.opens['"'] = true
	}
	lx.opens['\''] = true // read by the apostrophe rules
	return lx
}

// Next reads the token at s[i] and returns its length and whether it is
// code, that is not part of a string or a comment. Successive calls must
// walk s from the start.
func (lx *Lexer) Next(s string, i int) (int, bool) {
	if lx.close != "" {
		return lx.inText(s, i), false
	}
	c := s[i]
	if !lx.opens[c] {
		return 1, true
	}
	rest, syn := s[i:], &lx.syn
	switch {
	case syn.LineComment != "" && strings.HasPrefix(rest, syn.LineComment):
		lx.open("\n", false, false)
		return len(syn.LineComment), false
	case syn.BlockComment[0] != "" && strings.HasPrefix(rest, syn.BlockComment[0]):
		lx.open(syn.BlockComment[1], false, false)
		return len(syn.BlockComment[0]), false
	case syn.Triple && (strings.HasPrefix(rest, `"""`) || strings.HasPrefix(rest, "'''")):
		lx.open(rest[:3], false, false)
		return 3, false
	case strings.IndexByte(syn.Quotes, c) >= 0:
		lx.open(rest[:1], true, true)
		return 1, false
	case strings.IndexByte(syn.Raw, c) >= 0:
		lx.open(rest[:1], syn.RawEscapes, false)
		return 1, false
	case c == '\'':
		return lx.apostrophe(rest)
	}
	return 1, true
}

func (lx *Lexer) open(close string, escapes, oneLine bool) {
	lx.close, lx.escapes, lx.oneLine = close, escapes, oneLine
}

// inText reads one token inside a string or comment: an escape, what
// closes it, a line break, or the run of bytes up to the next of these.
func (lx *Lexer) inText(s string, i int) int {
	switch {
	case lx.escapes && s[i] == '\\':
		return min(2, len(s)-i)
	case strings.HasPrefix(s[i:], lx.close):
		n := len(lx.close)
		lx.close = ""
		return n
	case s[i] == '\n':
		if lx.oneLine {
			lx.close = ""
		}
		return 1
	}
	j := i + 1
	for j < len(s) && !lx.stops(s[j]) {
		j++
	}
	return j - i
}

// stops reports whether b may end a run of text: the first byte of what
// closes it, an escape, or a line break (callers see every line break as a
// token of its own).
func (lx *Lexer) stops(b byte) bool {
	return b == lx.close[0] || b == '\n' || lx.escapes && b == '\\'
}

// apostrophe reads an apostrophe that is not one of the quotes.
func (lx *Lexer) apostrophe(rest string) (int, bool) {
	switch lx.syn.Char {
	case CharC:
		if len(rest) > 1 && rest[1] == '\\' {
			lx.open("'", true, true)
			return 1, false
		}
		_, size := utf8.DecodeRuneInString(rest[1:])
		if 1+size < len(rest) && rest[1+size] == '\'' {
			return size + 2, false
		}
	case CharRust:
		if strings.HasPrefix(rest[1:], "\\") || strings.IndexByte(rest[1:min(len(rest), 6)], '\'') > 0 {
			lx.open("'", true, true)
			return 1, false
		}
	}
	return 1, true
}

// InCode reports whether the lexer stands in code after what it read.
func (lx *Lexer) InCode() bool { return lx.close == "" }
