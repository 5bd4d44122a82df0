package langctx

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.lsp.dev/uri"

	"github.com/lspilot/lspilot/inference/complete"
)

func TestWindowsOf(t *testing.T) {
	lines := make([]string, 31)
	lines[0] = "alpha beta"
	lines[12] = "gamma alpha"
	lines[25] = "delta"
	lines[30] = "epsilon"
	text := strings.Join(lines, "\n")
	fw := windowsOf(text, scanIdents("go", text, 0, len(text), -1))
	names := func(w int) []string {
		var out []string
		for _, i := range fw.windows[w] {
			out = append(out, fw.names[i])
		}
		return out
	}
	// Windows of 20 lines, one every 10: lines 0-19, 10-29, 20-39, 30-49.
	want := [][]string{{"alpha", "beta", "gamma"}, {"gamma", "alpha", "delta"}, {"delta", "epsilon"}, {"epsilon"}}
	if len(fw.windows) != len(want) {
		t.Fatalf("%d windows, want %d", len(fw.windows), len(want))
	}
	for w := range want {
		if diff := cmp.Diff(want[w], names(w)); diff != "" {
			t.Errorf("window %d (-want +got):\n%s", w, diff)
		}
	}
}

func TestTogether(t *testing.T) {
	file := func(windows ...string) fileWindows {
		var fw fileWindows
		local := map[string]int32{}
		for _, w := range windows {
			var in []int32
			for _, name := range strings.Fields(w) {
				i, ok := local[name]
				if !ok {
					i = int32(len(fw.names))
					local[name] = i
					fw.names = append(fw.names, name)
				}
				in = append(in, i)
			}
			fw.windows = append(fw.windows, in)
		}
		return fw
	}
	filler := make([]string, 40)
	for i := range filler {
		filler[i] = fmt.Sprintf("noise%d other%d", i, i%7)
	}
	x := newWindowIndex([]string{"/w/a.go", "/w/self.go", "/w/c.go"}, []fileWindows{
		file(append([]string{
			"mheap lock spanOf allocSpan",
			"mheap lock freeSpan",
		}, filler...)...),
		file("mheap lock spanOf selfOnly"),
		file("spanOf allocSpan sweepOne", "gcBgMark gcController"),
	})
	around := func(names ...string) []ident {
		var out []ident
		for _, n := range names {
			out = append(out, ident{name: n})
		}
		return out
	}
	tests := []struct {
		name   string
		around []ident
		limit  int
		want   []string
	}{
		{name: "the names of the windows most like these, by their windows' scores and their rarity",
			around: around("mheap", "spanOf"), limit: 3, want: []string{"allocSpan", "lock", "freeSpan"}},
		{name: "what is around is not returned", around: around("allocSpan"), limit: 8,
			want: []string{"spanOf", "sweepOne", "mheap", "lock"}},
		{name: "a name in no window matches nothing", around: around("unheard"), limit: 8},
		{name: "limit", around: around("gcController"), limit: 1, want: []string{"gcBgMark"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := x.together("/w/self.go", tt.around, tt.limit)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("together (-want +got):\n%s", diff)
			}
			if slices.Contains(got, "selfOnly") {
				t.Errorf("together returned a name only the document's own file uses")
			}
		})
	}
	var nilIndex *windowIndex
	if got := nilIndex.together("/w/self.go", around("mheap"), 8); got != nil {
		t.Errorf("no index: got %v", got)
	}
}

func TestTogetherCommonNameTellsNothing(t *testing.T) {
	var files []fileWindows
	var paths []string
	for f := range maxWindowPostings + 1 {
		files = append(files, fileWindows{names: []string{"err", fmt.Sprint("only", f)}, windows: [][]int32{{0, 1}}})
		paths = append(paths, fmt.Sprint("/w/", f, ".go"))
	}
	x := newWindowIndex(paths, files)
	if got := x.together("/w/self.go", []ident{{name: "err"}}, 8); len(got) != 0 {
		t.Errorf("a name in more than %d windows matched: %v", maxWindowPostings, got)
	}
}

func TestNamesAround(t *testing.T) {
	text := "farAway()\n" + strings.Repeat("\n", togetherAbove-1) + "above()\ntyp|ed()\nbelow()\n" +
		strings.Repeat("\n", togetherBelow) + "beyond()\n"
	cursor := strings.Index(text, "|")
	text = strings.Replace(text, "|", "", 1)
	var got []string
	for _, id := range namesAround("go", text, cursor) {
		got = append(got, id.name)
	}
	if diff := cmp.Diff([]string{"above", "below"}, got); diff != "" {
		t.Errorf("namesAround (-want +got):\n%s", diff)
	}
}

func BenchmarkTogether(b *testing.B) {
	// A directory as big as Go's runtime: 500 files of 40 windows, each of
	// 30 names out of 20000, some in many windows.
	var files []fileWindows
	var paths []string
	for f := range 500 {
		fw := fileWindows{}
		for i := range 200 {
			fw.names = append(fw.names, benchName((f*37+i*101)%20000))
		}
		for w := range 40 {
			var in []int32
			for k := range 30 {
				in = append(in, int32((w*7+k*13)%200))
			}
			fw.windows = append(fw.windows, slices.Compact(slices.Sorted(slices.Values(in))))
		}
		files = append(files, fw)
		paths = append(paths, fmt.Sprint("/w/", f, ".go"))
	}
	x := newWindowIndex(paths, files)
	var around []ident
	for i := range 60 {
		around = append(around, ident{name: benchName(i * 331 % 20000)})
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		around[0].name = benchName(i % 20000) // no memo: a new line each time
		x.together("/w/self.go", around, 32)
	}
}

// benchName returns a name for n.
func benchName(n int) string { return fmt.Sprint("name", n) }

func TestUsedTogether(t *testing.T) {
	root := t.TempDir()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(root, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.go", "package p\n\nfunc grow(h *mheap) {\n\th.lock()\n\ts := h.spanOf(0)\n\tallocSpan(s)\n}\n")
	write("b.go", "package p\n\nfunc other() {\n\tunrelated()\n}\n")
	write("b_test.go", "package p\n\nfunc TestGrow(t *testing.T) {\n\th.lock()\n\th.spanOf(0)\n\tfromTest()\n}\n")
	self := "package p\n\nfunc shrink(h *mheap) {\n\th.lock()\n\ts := h.spanOf(0)\n\tselfOnDisk()\n}\n"
	write("self.go", self)
	m := New(Config{Root: root, LookPath: func(string) (string, error) { return "", errors.New("none") }})
	t.Cleanup(m.Shutdown)
	text := "package p\n\nfunc shrink(h *mheap) {\n\th.lock()\n\ts := h.spanOf(0)\n\t\n}\n"
	req := complete.Request{URI: string(uri.File(filepath.Join(root, "self.go"))), Language: "go", Text: text, Cursor: strings.Index(text, "\t\n}") + 1}
	m.refreshDir(req)
	got := m.usedTogether(req, m.dirUsed(req.URI), 8)
	var names []string
	for _, id := range got {
		names = append(names, id.name)
		if id.at == nil || uriPath(id.at.uri) != filepath.Join(root, "a.go") {
			t.Errorf("%s is not asked about where a.go uses it: %+v", id.name, id.at)
		}
	}
	// What a.go writes with lock and spanOf, not what the document itself
	// (on disk), its tests or unrelated code write.
	if diff := cmp.Diff([]string{"grow", "allocSpan"}, names); diff != "" {
		t.Errorf("usedTogether (-want +got):\n%s", diff)
	}
}
