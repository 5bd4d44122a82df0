package complete

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// sourceFile returns Go source of about n lines whose functions use
// identifiers drawn from a vocabulary of a few thousand, so that windows
// share some identifiers with each other, as real code does.
func sourceFile(r *rand.Rand, n int) string {
	word := func() string { return fmt.Sprintf("name%d", r.IntN(3000)) }
	var sb strings.Builder
	sb.WriteString("package big\n\n")
	for lines := 2; lines < n; lines += 8 {
		fmt.Fprintf(&sb, "// %s computes %s.\nfunc %s(%s, %s int) int {\n\tif %s > %s {\n"+
			"\t\treturn %s(%s)\n\t}\n\treturn %s - %s\n}\n\n",
			word(), word(), word(), word(), word(), word(), word(), word(), word(), word(), word())
	}
	return sb.String()
}

// BenchmarkNeighborsSnippets measures Snippets on the keystroke path with
// the default bounds full: 20 indexed files of 2,000 lines each, the cursor
// in the middle of a file of as many lines. The target is a few hundred
// microseconds at most.
func BenchmarkNeighborsSnippets(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	n := NewNeighbors(NeighborsConfig{})
	for i := range 20 {
		n.Observe(Document{Session: "s", URI: fmt.Sprintf("file:///f%d.go", i), Path: fmt.Sprintf("f%d.go", i),
			Language: "go", Text: sourceFile(r, 2000)})
	}
	text := sourceFile(r, 2000)
	cursor := len(text)/2 + strings.IndexByte(text[len(text)/2:], '\n') + 1
	req := Request{Session: "s", URI: "file:///main.go", Path: "main.go", Language: "go", Text: text, Cursor: cursor}
	if len(n.Snippets(req)) == 0 {
		b.Fatal("no snippets")
	}
	b.ReportAllocs()
	for b.Loop() {
		n.Snippets(req)
	}
}

// BenchmarkNeighborsIndex measures indexing a file of 2,000 lines, done
// when a document is opened and, after changes, once when the user
// completes in another document.
func BenchmarkNeighborsIndex(b *testing.B) {
	text := sourceFile(rand.New(rand.NewPCG(1, 2)), 2000)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		index(text, 20)
	}
}
