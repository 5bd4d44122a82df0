package recall

import (
	"bytes"
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.uber.org/goleak"

	"github.com/lspilot/lspilot/inference/complete"
	"github.com/lspilot/lspilot/inference/prompt"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// testSets copies the small trees of testdata to a temporary directory,
// every file modified at the same time, so that the files visited before a
// site depend on the seed alone.
func testSets(t *testing.T) []Set {
	t.Helper()
	dir := t.TempDir()
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	err := filepath.WalkDir("testdata", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".golden") {
			return err
		}
		dst := filepath.Join(dir, strings.TrimPrefix(p, "testdata"))
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(dst, src, 0o644); err != nil {
			return err
		}
		return os.Chtimes(dst, at, at)
	})
	if err != nil {
		t.Fatal(err)
	}
	return []Set{
		{Name: "go", Root: filepath.Join(dir, "go"), Language: "go", Ext: ".go"},
		{Name: "python", Root: filepath.Join(dir, "python"), Language: "python", Ext: ".py"},
		{Name: "ts", Root: filepath.Join(dir, "ts"), Language: "typescript", Ext: ".ts"},
	}
}

// TestUses checks the lines found to use a declaration of another file,
// as "line: name in path:line".
func TestUses(t *testing.T) {
	sets := testSets(t)
	tests := []struct {
		set  int
		file string
		want []string
	}{
		{set: 0, file: "geo/total.go", want: []string{
			"4: Circle in geo/shapes.go:6", "7: Area in geo/shapes.go:17", "13: Circle in geo/shapes.go:6",
			"14: Circle in geo/shapes.go:6", "16: NewCircle in geo/shapes.go:12", "17: Label in geo/shapes.go:8",
			"24: Circle in geo/shapes.go:6", "25: Blend in geo/colors.go:12", "27: Fill in geo/colors.go:5",
			"33: Circle in geo/shapes.go:6", "34: Snap in geo/grid.go:209", "36: Snap in geo/grid.go:209",
			"37: Radius in geo/shapes.go:7",
		}},
		{set: 0, file: "app/main.go", want: []string{
			"10: Unit in geo/total.go:13", "11: NewCircle in geo/shapes.go:12", "12: Total in geo/total.go:4",
			"13: Paint in geo/total.go:24",
		}},
		{set: 0, file: "tools/tools.go", want: []string{"7: NewCircle in geo/shapes.go:12"}}, // not the package clause
		{set: 0, file: "geo/shape_string.go"},                                                // generated
		{set: 1, file: "total.py", want: []string{
			"15: new_circle in shapes.py:14", "22: blend in colors.py:9",
		}},
		{set: 2, file: "total.ts", want: []string{
			"4: Circle in shapes.ts:2", "7: circleArea in shapes.ts:11", "12: Circle in shapes.ts:2",
			"14: newCircle in shapes.ts:7", "20: Circle in shapes.ts:2", "21: blendPalettes in colors.ts:6",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f, err := newFinder(sets[tt.set])
			if err != nil {
				t.Fatal(err)
			}
			uses, err := f.uses(tt.file)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, u := range uses {
				got = append(got, fmt.Sprintf("%d: %s in %s:%d", u.line, u.decl.Name, u.decl.Path, u.decl.Line))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("uses (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRunGolden runs the harness on the small trees and compares its
// figures with testdata/recall.golden (go test -update rewrites it). The
// latencies are left out: they vary from run to run.
func TestRunGolden(t *testing.T) {
	results, err := Run(context.Background(), Options{Sets: testSets(t), Sites: 100, Seed: 1, DirFeed: true})
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range results {
		if want := map[bool]int{true: r.Sites, false: 0}[strings.HasPrefix(r.Strategy, "neighbors")]; len(r.Cold) != want || len(r.Warm) != want {
			t.Errorf("%s, %s: %d cold and %d warm latencies, want %d", r.Set, r.Strategy, len(r.Cold), len(r.Warm), want)
		}
		results[i].Cold, results[i].Warm = nil, nil
	}
	var got bytes.Buffer
	if err := WriteTable(&got, results); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "recall.golden")
	if *update {
		if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), got.String()); diff != "" {
		t.Errorf("figures (-golden +got):\n%s", diff)
	}
	checkSitesCSV(t, results)
}

// checkSitesCSV checks that the per-site CSV has a row per site and
// strategy whose recalled cells add up to the table's figures.
func checkSitesCSV(t *testing.T, results []Result) {
	t.Helper()
	var b bytes.Buffer
	if err := WriteSitesCSV(&b, results); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"set", "strategy", "site", "name", "declared", "recalled"}; !slices.Equal(rows[0], want) {
		t.Fatalf("header %q, want %q", rows[0], want)
	}
	recalled := map[[2]string]int{}
	n := 0
	for _, r := range rows[1:] {
		n++
		if r[5] == "true" {
			recalled[[2]string{r[0], r[1]}]++
		}
	}
	total := 0
	for _, r := range results {
		total += r.Sites
		if got := recalled[[2]string{r.Set, r.Strategy}]; got != r.Recalled {
			t.Errorf("%s, %s: %d sites recalled in the CSV, %d in the table", r.Set, r.Strategy, got, r.Recalled)
		}
	}
	if n != total {
		t.Errorf("%d site rows, want %d", n, total)
	}
}

// allFiles is a Definitions source that answers, once a cursor is
// resolved, with every file of its set but the one completed: the shape the
// harness drives a language server's source through.
type allFiles struct {
	files map[string]prompt.File // by path relative to the set's root

	mu       sync.Mutex
	opened   map[string]bool // guarded by mu; URIs opened
	resolved map[string]bool // guarded by mu; URIs resolved
	closed   bool            // guarded by mu
}

func newAllFiles(set Set) (*allFiles, error) {
	a := &allFiles{files: map[string]prompt.File{}, opened: map[string]bool{}, resolved: map[string]bool{}}
	rels, err := set.files()
	for _, rel := range rels {
		src, err := os.ReadFile(filepath.Join(set.Root, rel))
		if err != nil {
			return nil, err
		}
		a.files[rel] = prompt.File{Path: rel, Text: string(src)}
	}
	return a, err
}

func (a *allFiles) Open(uri, _ string, _ int32, _ string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.opened[uri] = true
}

func (a *allFiles) Resolve(_ context.Context, req complete.Request) []prompt.File {
	a.mu.Lock()
	a.resolved[req.URI] = a.opened[req.URI]
	a.mu.Unlock()
	return a.Snippets(req)
}

func (a *allFiles) Snippets(req complete.Request) []prompt.File {
	a.mu.Lock()
	defer a.mu.Unlock()
	if !a.resolved[req.URI] {
		return nil
	}
	var out []prompt.File
	for _, rel := range sorted(slices.Collect(maps.Keys(a.files))) {
		if rel != req.Path {
			out = append(out, a.files[rel])
		}
	}
	return out
}

func (a *allFiles) Close() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.closed = true
}

// TestDefinitionsRow checks that the definitions row appears with the
// hook set, drives the source through Open and Resolve, and closes it.
func TestDefinitionsRow(t *testing.T) {
	var sources []*allFiles
	hook := func(_ context.Context, set Set) (Definitions, error) {
		a, err := newAllFiles(set)
		sources = append(sources, a)
		return a, err
	}
	sets := testSets(t)[:1]
	// Without the large file, every file fits the extra-context budget.
	if err := os.Remove(filepath.Join(sets[0].Root, "geo", "grid.go")); err != nil {
		t.Fatal(err)
	}
	results, err := Run(context.Background(), Options{Sets: sets, Sites: 100, Seed: 1, Definitions: hook})
	if err != nil {
		t.Fatal(err)
	}
	last := results[len(results)-1]
	if last.Strategy != "definitions" || last.Recalled != last.Sites || len(last.Cold) != last.Sites {
		t.Errorf("last row %s: %d of %d sites recalled, %d latencies; want definitions, all, all",
			last.Strategy, last.Recalled, last.Sites, len(last.Cold))
	}
	if len(sources) != 1 || !sources[0].closed {
		t.Errorf("%d definitions sources started, want 1, closed", len(sources))
	}
}
