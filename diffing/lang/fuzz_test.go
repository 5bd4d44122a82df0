package lang

import (
	"fmt"
	"strings"
	"testing"
)

// FuzzLexer checks the lexer's invariants for every language of the table
// and both families of whole-file checks: tokens are at least one byte and
// stay inside the text, the brackets left open are openers, OpenBrackets
// ends where the lexer ends, the counts stay within the text's size, and
// the lexer reads code, line breaks and the end state exactly as a lexer
// that checks every byte does.
func FuzzLexer(f *testing.F) {
	f.Add(uint8(0), "f(\"(\", '(', `{\\`}`) /* [ */ // (\n'\\''")
	f.Add(uint8(28), "s = \"\"\"\n(\n\"\"\" # (\n'('")
	f.Add(uint8(9), "fn f<'a>(x: &'a str) { let c = '('; }")
	syntaxes := make([]Syntax, 0, len(table)+2)
	for _, l := range table {
		syntaxes = append(syntaxes, l.Syntax)
	}
	for _, fam := range []Family{FamilyC, FamilyPython} {
		syn, _ := fam.Syntax()
		syntaxes = append(syntaxes, syn)
	}
	f.Fuzz(func(t *testing.T, k uint8, s string) {
		syn := syntaxes[int(k)%len(syntaxes)]
		lx := NewLexer(syn)
		code := 0
		for i := 0; i < len(s); {
			n, isCode := lx.Next(s, i)
			if n < 1 || i+n > len(s) {
				t.Fatalf("token of %d bytes at %d of %d", n, i, len(s))
			}
			if isCode {
				code++
			}
			i += n
		}
		open, inCode := OpenBrackets(syn, s)
		if strings.Trim(string(open), Openers) != "" {
			t.Fatalf("OpenBrackets returned %q", open)
		}
		if inCode != lx.InCode() {
			t.Fatalf("OpenBrackets in code %v, lexer %v", inCode, lx.InCode())
		}
		b := CountBrackets(syn, s)
		for _, n := range append(b.Unclosed[:], b.Stray[:]...) {
			if n < 0 || n > len(s) {
				t.Fatalf("CountBrackets = %+v", b)
			}
		}
		if code > len(s) {
			t.Fatalf("%d code tokens in %d bytes", code, len(s))
		}
		if got, want := lexed(NewLexer(syn), s), lexed(&byteLexer{syn: syn}, s); got != want {
			t.Fatalf("lexer reads %q as\n%s\nbyte by byte\n%s", s, got, want)
		}
	})
}

// tokenReader is what lexed reads a text with.
type tokenReader interface {
	Next(s string, i int) (int, bool)
	InCode() bool
}

// lexed describes how lx reads s as callers see it: per byte, C for code,
// N for a line break that starts a token outside code, . for the rest,
// then whether it ends in code.
func lexed(lx tokenReader, s string) string {
	out := make([]byte, len(s))
	for i := range out {
		out[i] = '.'
	}
	for i := 0; i < len(s); {
		n, code := lx.Next(s, i)
		switch {
		case code:
			out[i] = 'C'
		case s[i] == '\n':
			out[i] = 'N'
		}
		i += n
	}
	return fmt.Sprintf("%s %v", out, lx.InCode())
}

// byteLexer is the reference the Lexer must agree with: the same rules,
// checked at every byte, with no table and no runs.
type byteLexer struct {
	syn              Syntax
	close            string
	escapes, oneLine bool
}

func (lx *byteLexer) InCode() bool { return lx.close == "" }

func (lx *byteLexer) Next(s string, i int) (int, bool) {
	rest, syn := s[i:], lx.syn
	if lx.close != "" {
		switch {
		case lx.escapes && rest[0] == '\\':
			return min(2, len(rest)), false
		case strings.HasPrefix(rest, lx.close):
			n := len(lx.close)
			lx.close = ""
			return n, false
		case lx.oneLine && rest[0] == '\n':
			lx.close = ""
		}
		return 1, false
	}
	open := func(close string, escapes, oneLine bool, n int) (int, bool) {
		lx.close, lx.escapes, lx.oneLine = close, escapes, oneLine
		return n, false
	}
	switch c := rest[0]; {
	case syn.LineComment != "" && strings.HasPrefix(rest, syn.LineComment):
		return open("\n", false, false, len(syn.LineComment))
	case syn.BlockComment[0] != "" && strings.HasPrefix(rest, syn.BlockComment[0]):
		return open(syn.BlockComment[1], false, false, len(syn.BlockComment[0]))
	case syn.Triple && (strings.HasPrefix(rest, `"""`) || strings.HasPrefix(rest, "'''")):
		return open(rest[:3], false, false, 3)
	case strings.IndexByte(syn.Quotes, c) >= 0:
		return open(rest[:1], true, true, 1)
	case strings.IndexByte(syn.Raw, c) >= 0:
		return open(rest[:1], syn.RawEscapes, false, 1)
	case c == '\'':
		inner := Lexer{syn: syn}
		n, code := inner.apostrophe(rest)
		if !code && inner.close != "" {
			return open(inner.close, inner.escapes, inner.oneLine, n)
		}
		return n, code
	}
	return 1, true
}
