package complete

import (
	"context"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/lspilot/lspilot/inference/prompt"
)

// fakeSource returns its files and counts the calls.
type fakeSource struct {
	mu    sync.Mutex
	files []prompt.File
	calls int
}

func (s *fakeSource) Snippets(Request) []prompt.File {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	return s.files
}

func (s *fakeSource) set(files ...prompt.File) {
	s.mu.Lock()
	s.files = files
	s.mu.Unlock()
}

func TestSnippetsFilteredAndFrozenPerLine(t *testing.T) {
	def := prompt.File{Path: "util.go", Text: "func Sum(xs []int) int"}
	src := &fakeSource{}
	src.set(
		def,
		prompt.File{Path: "util.go", Text: "func Sum(xs []int) int"}, // a duplicate
		prompt.File{Path: "a.go", Text: "package p"},                 // in the document already
		prompt.File{Path: "ring.go", Text: "type Ring struct{}"},     // in the ring already
		prompt.File{Path: ".env", Text: "TOKEN=x"},                   // private
		prompt.File{Path: "empty.go"},
		prompt.File{Path: "max.go", Text: "func Max(a, b int) int"},
	)
	e := New(single(newFake()), Config{Sources: []Source{src}}, nil)
	t.Cleanup(e.Close)
	held := []prompt.File{{Path: "ring.go", Text: "// ring\ntype Ring struct{}\n"}}

	want := []prompt.File{def, {Path: "max.go", Text: "func Max(a, b int) int"}}
	first := at("package p\n\nfunc f() int {\n\treturn S|\n}\n")
	if got := e.snippets(first, held); !reflect.DeepEqual(got, want) {
		t.Fatalf("snippets = %+v, want %+v", got, want)
	}

	// Typing on along the line: the same snippets, the source not asked.
	src.set(prompt.File{Path: "other.go", Text: "func Other()"})
	typed := at("package p\n\nfunc f() int {\n\treturn Sum(|\n}\n")
	if got := e.snippets(typed, held); !reflect.DeepEqual(got, want) || src.calls != 1 {
		t.Errorf("same line: snippets = %+v after %d calls, want %+v after 1", got, src.calls, want)
	}

	// A new line takes a fresh set.
	next := at("package p\n\nfunc f() int {\n\tx := Sum(nil)\n\t|\n}\n")
	if got := e.snippets(next, nil); len(got) != 1 || got[0].Path != "other.go" || src.calls != 2 {
		t.Errorf("new line: snippets = %+v after %d calls, want other.go after 2", got, src.calls)
	}
}

// TestSnippetsReachThePrompt: a source's snippet is in the prompt the
// backend receives, after the ring's context and before the file.
func TestSnippetsReachThePrompt(t *testing.T) {
	f := newFake(reply{chunks: []string{"1"}})
	src := &fakeSource{}
	src.set(prompt.File{Path: "util/sum.go", Text: "// Sum adds xs.\nfunc Sum(xs []int) int"})
	e := New(single(f), Config{Prompt: prompt.Options{Counter: prompt.Estimate{}}, Sources: []Source{src}}, nil)
	t.Cleanup(e.Close)
	req := at("package p\n\nfunc f() int {\n\treturn Sum(|\n}\n")
	req.Invoked = true
	if _, err := e.Complete(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	p := f.prompt(0)
	i, j := strings.Index(p, "func Sum(xs []int) int"), strings.Index(p, "package p")
	if i < 0 || j < 0 || i > j {
		t.Errorf("prompt %q: want the snippet before the file", p)
	}
}
