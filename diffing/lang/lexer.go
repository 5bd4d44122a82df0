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
}

// NewLexer returns a lexer for syn, standing in code.
func NewLexer(syn Syntax) *Lexer { return &Lexer{syn: syn} }

// Next reads the token at s[i] and returns its length and whether it is
// code, that is not part of a string or a comment. Successive calls must
// walk s from the start.
func (lx *Lexer) Next(s string, i int) (int, bool) {
	if lx.close != "" {
		return lx.inText(s, i), false
	}
	rest, syn := s[i:], &lx.syn
	c := rest[0]
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

// inText reads one token inside a string or comment.
func (lx *Lexer) inText(s string, i int) int {
	switch {
	case lx.escapes && s[i] == '\\':
		return min(2, len(s)-i)
	case strings.HasPrefix(s[i:], lx.close):
		n := len(lx.close)
		lx.close = ""
		return n
	case lx.oneLine && s[i] == '\n':
		lx.close = ""
	}
	return 1
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
