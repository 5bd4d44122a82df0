package prompt

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzBuild(f *testing.F) {
	f.Add("package main\n\nfunc main() {\n\tx := 1\n}\n", 30, uint8(0))
	f.Add("a\r\nb\r\n", 3, uint8(5))
	f.Add("", 0, uint8(7))
	f.Add(strings.Repeat("é", 300), 200, uint8(2))
	families := Families()
	f.Fuzz(func(t *testing.T, text string, cursor int, fam uint8) {
		if cursor < 0 || cursor > len(text) || cursor < len(text) && !utf8.RuneStart(text[cursor]) {
			return
		}
		tmpl, _ := Lookup(families[int(fam)%len(families)])
		b, err := Build(tmpl, Request{Path: "f.go", Text: text, Cursor: cursor}, Options{PrefixTokens: 40, SuffixTokens: 20, MaxLineBytes: 64})
		if err != nil {
			t.Fatalf("Build: %v", err)
		}
		if b.Family != FamilyChat && b.Prompt[b.StablePrefixLen:] != b.CurrentLinePrefix {
			t.Errorf("prompt tail %q is not the current line prefix %q", b.Prompt[b.StablePrefixLen:], b.CurrentLinePrefix)
		}
		if text[b.PrefixStart:b.PrefixStart+len(b.Prefix)] != b.Prefix || text[cursor:b.SuffixEnd] != b.Suffix {
			t.Errorf("windows do not match the document")
		}
		if !strings.HasSuffix(text[:cursor], b.CurrentLinePrefix) {
			t.Errorf("current line prefix %q does not end at the cursor", b.CurrentLinePrefix)
		}
	})
}
