package benchmark

import (
	"go/parser"
	"go/token"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const editSrc = `package p

type T struct {
	A int
	B string
}

func f(b []byte, n int) int {
	if n > len(b) {
		return 0
	}
	return int(b[0]) + n
}

func g() T {
	x := f(nil, 1)
	t := T{A: x}
	u := T{
		A: 1,
		B: "b",
	}
	_ = u
	return t
}
`

// TestSynthesizeEdit checks that each kind of edit trace makes the
// expected steps on a small file, the declaration first, and that every
// state of the document parses.
func TestSynthesizeEdit(t *testing.T) {
	tests := []struct {
		name, kind, src string
		pick            uint64
		// steps are the new texts in order; final the text at the end.
		steps []string
		final string
	}{
		{
			name: "rename the first parameter", kind: kindRename, src: editSrc, pick: 0,
			steps: []string{"buf", "buf", "buf"},
			final: strings.NewReplacer("f(b []byte", "f(buf []byte", "len(b)", "len(buf)", "int(b[0])", "int(buf[0])").Replace(editSrc),
		},
		{
			name: "rename the second parameter", kind: kindRename, src: editSrc, pick: 1,
			steps: []string{"count", "count", "count"},
			final: strings.NewReplacer("n int) int", "count int) int", "if n >", "if count >", "+ n\n", "+ count\n").Replace(editSrc),
		},
		{
			name: "add a parameter", kind: kindSignature, src: editSrc, pick: 0,
			steps: []string{", verbose bool", ", false"},
			final: strings.NewReplacer("n int) int", "n int, verbose bool) int", "f(nil, 1)", "f(nil, 1, false)").Replace(editSrc),
		},
		{
			name: "add a field", kind: kindField, src: editSrc, pick: 0,
			steps: []string{"\tVerbose bool\n", ", Verbose: false", "\t\tVerbose: false,\n"},
			final: strings.NewReplacer("\tB string\n", "\tB string\n\tVerbose bool\n", "T{A: x}", "T{A: x, Verbose: false}",
				"\t\tB: \"b\",\n", "\t\tB: \"b\",\n\t\tVerbose: false,\n").Replace(editSrc),
		},
		{
			name: "a lower-case struct gets a lower-case field in an empty literal", kind: kindField,
			src:   "package p\n\ntype s struct {\n\tverbose int\n}\n\nvar v = s{}\n",
			steps: []string{"\tlimit int\n", "limit: -1"},
			final: "package p\n\ntype s struct {\n\tverbose int\n\tlimit int\n}\n\nvar v = s{limit: -1}\n",
		},
		{
			name: "a call without arguments", kind: kindSignature,
			src:   "package p\n\nfunc h() {}\n\nfunc k() { h() }\n",
			steps: []string{"verbose bool", "false"},
			final: "package p\n\nfunc h(verbose bool) {}\n\nfunc k() { h(false) }\n",
		},
		{name: "a parameter used once", kind: kindRename, src: "package p\n\nfunc h(a int) int { return a }\n"},
		{name: "a variadic function", kind: kindSignature, src: "package p\n\nfunc h(a ...int) {}\n\nfunc k() { h(1) }\n"},
		{name: "a positional literal", kind: kindField, src: "package p\n\ntype s struct {\n\ta int\n}\n\nvar v = s{1}\n"},
		{name: "not Go", kind: kindRename, src: "def f(a):\n    return a + a\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := synthesizeEdit("e/x.go", tt.kind, tt.src, tt.pick)
			if tt.final == "" {
				if tr != nil {
					t.Fatalf("got a trace of %d steps, want none", len(tr.Steps))
				}
				return
			}
			if tr == nil {
				t.Fatal("no trace")
			}
			var steps []string
			for _, s := range tr.Steps {
				steps = append(steps, s.New)
			}
			if diff := cmp.Diff(tt.steps, steps); diff != "" {
				t.Errorf("steps (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.final, tr.Final()); diff != "" {
				t.Errorf("final text (-want +got):\n%s", diff)
			}
			for k, s := range tr.States {
				if _, err := parser.ParseFile(token.NewFileSet(), "x.go", s, 0); err != nil {
					t.Errorf("state %d does not parse: %v", k, err)
				}
			}
		})
	}
}

// TestEditCorpus draws edit traces of every kind from the standard
// library, the same for the same seed.
func TestEditCorpus(t *testing.T) {
	a, err := editCorpus(2, 3, 7)
	if err != nil {
		t.Fatal(err)
	}
	b, err := editCorpus(2, 3, 7)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for i, eds := range a {
		if len(eds) != 3 {
			t.Fatalf("editor %d: %d traces, want 3", i, len(eds))
		}
		for j, tr := range eds {
			kinds[tr.Kind]++
			if len(tr.Steps) < 2 || len(tr.Steps) > maxSteps || tr.Path != b[i][j].Path || tr.Final() != b[i][j].Final() {
				t.Errorf("editor %d trace %d: %s with %d steps (again: %s)", i, j, tr.Path, len(tr.Steps), b[i][j].Path)
			}
		}
	}
	for _, k := range editKinds {
		if kinds[k] == 0 {
			t.Errorf("no %s trace among %v", k, kinds)
		}
	}
}
