package lang

import (
	"strings"
	"testing"
)

// FuzzLexer checks the lexer's invariants for every language of the table
// and both families of whole-file checks: tokens are at least one byte and
// stay inside the text, the brackets left open are openers, OpenBrackets
// ends where the lexer ends, and the counts stay within the text's size.
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
	})
}
