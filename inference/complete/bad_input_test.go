package complete

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestHugeDocument completes in a 5 MB, 200,000-line document: the prompt
// holds windows around the cursor, never the whole file.
func TestHugeDocument(t *testing.T) {
	f := newFake(reply{chunks: []string{"x++"}})
	e := newTestEngine(t, f)
	text := strings.Repeat("\tx := compute(x, 42) // a line of some length\n", 200_000)
	req := Request{Session: "s", URI: "file:///big.go", Language: "go", Text: text, Cursor: len(text) / 2}
	if _, err := e.Complete(t.Context(), req); err != nil {
		t.Fatal(err)
	}
	if n := len(f.prompt(0)); n > 64<<10 {
		t.Errorf("prompt of %d bytes for a %d-byte document", n, len(text))
	}
}

// TestBinaryDocument completes in random bytes, as the server hands them
// over (invalid UTF-8 replaced), without failing.
func TestBinaryDocument(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	b := make([]byte, 64<<10)
	for i := range b {
		b[i] = byte(r.IntN(256))
	}
	text := strings.ToValidUTF8(string(b), "\uFFFD")
	cursor := len(text) / 2
	for !utf8.RuneStart(text[cursor]) {
		cursor--
	}
	f := newFake(reply{chunks: []string{"\x00\xff\xfe junk"}})
	e := newTestEngine(t, f)
	if _, err := e.Complete(t.Context(), Request{Session: "s", URI: "file:///bin", Text: text, Cursor: cursor}); err != nil {
		t.Fatal(err)
	}
}
