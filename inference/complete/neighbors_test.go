package complete

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/lspilot/lspilot/inference/prompt"
)

// Documents of a small repository: shapes.go defines what main.go uses,
// colors.go is unrelated Go, shapes.py the same names in another language.
const (
	shapesGo = `package geo

// Circle is a round shape.
type Circle struct {
	Radius float64
}

// Area returns the surface of c.
func (c Circle) Area() float64 {
	return math.Pi * c.Radius * c.Radius
}
`
	colorsGo = `package geo

// Palette names colours.
type Palette struct {
	Red, Green, Blue uint8
}

// Blend mixes two palettes.
func Blend(a, b Palette) Palette {
	return Palette{Red: a.Red/2 + b.Red/2}
}
`
	shapesPy = `class Circle:
    def area(self):
        return math.pi * self.radius * self.radius
`
	mainGo = `package geo

func total(shapes []Circle) float64 {
	sum := 0.0
	for _, c := range shapes {
		r := c.Radius
		|
	}
	return sum
}
`
)

func doc(session, path, language, text string) Document {
	return Document{Session: session, URI: "file:///" + path, Path: path, Language: language, Text: text}
}

// atIn returns a request for text in path with the cursor at "|".
func atIn(session, path, text string) Request {
	r := at(text)
	r.Session, r.URI, r.Path = session, "file:///"+path, path
	return r
}

func paths(files []prompt.File) []string {
	var out []string
	for _, f := range files {
		out = append(out, f.Path)
	}
	return out
}

func TestNeighborsSnippets(t *testing.T) {
	tests := []struct {
		name    string
		cfg     NeighborsConfig
		observe []Document
		req     Request
		want    []string // paths of the snippets, the best last
	}{
		{
			name:    "the file defining what the cursor's surroundings use",
			observe: []Document{doc("s", "colors.go", "go", colorsGo), doc("s", "shapes.go", "go", shapesGo)},
			req:     atIn("s", "main.go", mainGo),
			want:    []string{"shapes.go"},
		},
		{
			name:    "not the document being completed",
			observe: []Document{doc("s", "main.go", "go", shapesGo)},
			req:     atIn("s", "main.go", mainGo),
		},
		{
			name:    "not a document of another language",
			observe: []Document{doc("s", "shapes.py", "python", shapesPy)},
			req:     atIn("s", "main.go", mainGo),
		},
		{
			name:    "not another session's documents",
			observe: []Document{doc("t", "shapes.go", "go", shapesGo)},
			req:     atIn("s", "main.go", mainGo),
		},
		{
			name:    "not a private file",
			observe: []Document{doc("s", "secret_shapes.go", "go", shapesGo)},
			req:     atIn("s", "main.go", mainGo),
		},
		{
			name:    "not a window sharing too little and declaring nothing used",
			observe: []Document{doc("s", "colors.go", "go", colorsGo)},
			req:     atIn("s", "main.go", mainGo),
		},
		{
			name:    "a window declaring what is used, however little it shares",
			cfg:     NeighborsConfig{MinShared: 50},
			observe: []Document{doc("s", "shapes.go", "go", shapesGo)},
			req:     atIn("s", "main.go", mainGo),
			want:    []string{"shapes.go"},
		},
		{
			name:    "no more files than the bound, the oldest going first",
			cfg:     NeighborsConfig{Files: 1},
			observe: []Document{doc("s", "shapes.go", "go", shapesGo), doc("s", "colors.go", "go", colorsGo)},
			req:     atIn("s", "main.go", mainGo),
		},
		{
			name:    "no more text kept than the bound, the oldest going first",
			cfg:     NeighborsConfig{SessionBytes: len(shapesGo) + len(colorsGo) - 1},
			observe: []Document{doc("s", "shapes.go", "go", shapesGo), doc("s", "colors.go", "go", colorsGo)},
			req:     atIn("s", "main.go", mainGo),
		},
		{
			name:    "no more bytes than the bound",
			cfg:     NeighborsConfig{Bytes: 40},
			observe: []Document{doc("s", "shapes.go", "go", shapesGo)},
			req:     atIn("s", "main.go", mainGo),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := NewNeighbors(tt.cfg)
			for _, d := range tt.observe {
				n.Observe(d)
			}
			got := n.Snippets(tt.req)
			if diff := cmp.Diff(tt.want, paths(got)); diff != "" {
				t.Errorf("snippets' paths (-want +got):\n%s", diff)
			}
		})
	}
}

// TestNeighborsWindows checks the text of the windows chosen: whole lines
// around the definitions used, cut at the window's size, no two
// overlapping, the most similar last.
func TestNeighborsWindows(t *testing.T) {
	n := NewNeighbors(NeighborsConfig{WindowLines: 4, MinShared: 1, Snippets: 3})
	n.Observe(doc("s", "shapes.go", "go", shapesGo))
	got := n.Snippets(atIn("s", "main.go", mainGo))
	want := []prompt.File{
		{Path: "shapes.go", Text: "func (c Circle) Area() float64 {\n\treturn math.Pi * c.Radius * c.Radius\n}\n"},
		{Path: "shapes.go", Text: "// Circle is a round shape.\ntype Circle struct {\n\tRadius float64\n}\n"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("snippets (-want +got):\n%s", diff)
	}
}

// TestNeighborsStableOnALine types a line character by character: the
// snippets stay the same, since they depend on the lines around it only.
func TestNeighborsStableOnALine(t *testing.T) {
	n := NewNeighbors(NeighborsConfig{})
	n.Observe(doc("s", "shapes.go", "go", shapesGo))
	n.Observe(doc("s", "colors.go", "go", colorsGo))
	base := atIn("s", "main.go", mainGo)
	first := n.Snippets(base)
	if len(first) == 0 {
		t.Fatal("no snippets at the start of the line")
	}
	line := "sum += Palette{}.Blend(c.Area())"
	for i := 1; i <= len(line); i++ {
		req := base
		req.Text = base.Text[:base.Cursor] + line[:i] + base.Text[base.Cursor:]
		req.Cursor = base.Cursor + i
		if diff := cmp.Diff(first, n.Snippets(req)); diff != "" {
			t.Fatalf("after typing %q (-first +now):\n%s", line[:i], diff)
		}
	}
}

// TestNeighborsChange checks that a changed document is searched as it is
// now, once the user completes in another one.
func TestNeighborsChange(t *testing.T) {
	tests := []struct {
		name   string
		change string
		want   []string
	}{
		{name: "the definitions removed", change: "package geo\n", want: nil},
		{name: "the definitions kept", change: shapesGo + "\n// More.\n", want: []string{"shapes.go"}},
		{name: "changed back", change: shapesGo, want: []string{"shapes.go"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := NewNeighbors(NeighborsConfig{})
			n.Observe(doc("s", "shapes.go", "go", shapesGo))
			n.Observe(doc("s", "shapes.go", "go", "package geo\n"))
			n.Observe(doc("s", "shapes.go", "go", tt.change))
			if diff := cmp.Diff(tt.want, paths(n.Snippets(atIn("s", "main.go", mainGo)))); diff != "" {
				t.Errorf("snippets' paths (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAppendDeclared(t *testing.T) {
	tests := []struct {
		give string
		want []string
	}{
		{give: "func Area(c Circle) float64 {", want: []string{"Area"}},
		{give: "func (c *Circle) Area() float64 {", want: []string{"Area"}},
		{give: "type Circle struct {\n\tRadius float64\n}", want: []string{"Circle"}},
		{give: "class Shape(Base):\n    def area(self):", want: []string{"Shape", "area"}},
		{give: "export interface Shape { area(): number }\nexport const unit = 1", want: []string{"Shape", "unit"}},
		{give: "x := Area(c)\nreturn c.Radius", want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.give, func(t *testing.T) {
			var want []uint32
			for _, w := range tt.want {
				want = append(want, hashIdent(w))
			}
			if diff := cmp.Diff(toSet(want), toSet(appendDeclared(nil, tt.give))); diff != "" {
				t.Errorf("declared (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAroundLine(t *testing.T) {
	text := "a\nb\nc\nd|d\ne\nf\ng"
	tests := []struct {
		before, after    int
		wantPre, wantSuf string
	}{
		{before: 0, after: 0, wantPre: "", wantSuf: ""},
		{before: 2, after: 1, wantPre: "b\nc\n", wantSuf: "e\n"},
		{before: 9, after: 9, wantPre: "a\nb\nc\n", wantSuf: "e\nf\ng"},
	}
	r := at(text)
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.before, tt.after), func(t *testing.T) {
			pre, suf := aroundLine(r.Text, r.Cursor, tt.before, tt.after)
			if pre != tt.wantPre || suf != tt.wantSuf {
				t.Errorf("aroundLine = %q, %q; want %q, %q", pre, suf, tt.wantPre, tt.wantSuf)
			}
		})
	}
}

func TestIndexWindows(t *testing.T) {
	tests := []struct {
		text  string
		lines int
		want  []string
	}{
		{text: "", lines: 2, want: []string{""}},
		{text: "a\nb\nc\n", lines: 2, want: []string{"a\nb\n", "b\nc\n"}},
		{text: "a\nb\nc\nd\ne", lines: 4, want: []string{"a\nb\nc\nd\n", "c\nd\ne"}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			idx := index(tt.text, tt.lines)
			var got []string
			for _, w := range idx.windows {
				got = append(got, tt.text[w.start:w.end])
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("windows (-want +got):\n%s", diff)
			}
		})
	}
}

// TestEngineObserve checks that documents the engine observes reach its
// sources, private ones excepted, and that their snippets reach prompts.
func TestEngineObserve(t *testing.T) {
	tests := []struct {
		name, path string
		want       bool
	}{
		{name: "a source file", path: "shapes.go", want: true},
		{name: "a private file", path: "credentials.go", want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake()
			e := newTestEngine(t, f)
			n := NewNeighbors(NeighborsConfig{Private: e.cfg.Private})
			e.cfg.Sources = []Source{n}
			e.Observe(doc("s", tt.path, "go", shapesGo))
			req := atIn("s", "main.go", mainGo)
			if _, err := e.Complete(context.Background(), req); err != nil {
				t.Fatal(err)
			}
			got := strings.Contains(f.prompt(0), "func (c Circle) Area() float64")
			if got != tt.want {
				t.Errorf("prompt holds the definition: %v, want %v\n%s", got, tt.want, f.prompt(0))
			}
		})
	}
}

// TestNeighborsConcurrent observes and asks from several sessions at once,
// for the race detector.
func TestNeighborsConcurrent(t *testing.T) {
	n := NewNeighbors(NeighborsConfig{Files: 2})
	var wg sync.WaitGroup
	for s := range 4 {
		session := fmt.Sprint(s)
		wg.Go(func() {
			for i := range 50 {
				n.Observe(doc(session, fmt.Sprintf("f%d.go", i%3), "go", shapesGo+strings.Repeat("\n", i)))
				n.Snippets(atIn(session, "main.go", mainGo))
			}
		})
	}
	wg.Wait()
	if got := n.Snippets(atIn("0", "main.go", mainGo)); len(got) == 0 {
		t.Error("no snippets after the observations")
	}
}

func TestBest(t *testing.T) {
	a, b := &neighborFile{path: "a.go"}, &neighborFile{path: "b.go"}
	found := []match{
		{file: b, window: 0, score: 0.5}, {file: a, window: 3, score: 1.2}, {file: a, window: 1, score: 0.5},
		{file: a, window: 0, score: 0.1}, {file: b, window: 2, score: 2},
	}
	tests := []struct {
		k    int
		want []string
	}{
		{k: 1, want: []string{"b.go#2"}},
		{k: 3, want: []string{"b.go#2", "a.go#3", "a.go#1"}},
		{k: 9, want: []string{"b.go#2", "a.go#3", "a.go#1", "b.go#0", "a.go#0"}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.k), func(t *testing.T) {
			var got []string
			for _, m := range best(found, tt.k) {
				got = append(got, fmt.Sprintf("%s#%d", m.file.path, m.window))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("best (-want +got):\n%s", diff)
			}
		})
	}
}
