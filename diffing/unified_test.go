package diffing

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/sourcegraph/go-diff/diff"
)

// TestPreviewRoundTrip checks, for every shared case, that the preview
// parses with go-diff, prints back identically, and applied by our own
// parser to the old text gives the new text.
func TestPreviewRoundTrip(t *testing.T) {
	for _, tt := range diffCases {
		t.Run(tt.name, func(t *testing.T) {
			preview, err := Unified("a/f.txt", "b/f.txt", tt.old, tt.new)
			if err != nil {
				t.Fatal(err)
			}
			if tt.old == tt.new {
				if preview != "" {
					t.Fatalf("preview of equal texts = %q", preview)
				}
				return
			}
			fd, err := diff.ParseFileDiff([]byte(preview))
			if err != nil {
				t.Fatalf("go-diff cannot parse preview %q: %v", preview, err)
			}
			printed, err := diff.PrintFileDiff(fd)
			if err != nil || string(printed) != preview {
				t.Errorf("print(parse(preview)) = %q, %v; want %q", printed, err, preview)
			}
			if tt.mixedEOLs {
				return
			}
			p, err := Parse(preview, Options{})
			if err != nil || len(p.Files) != 1 {
				t.Fatalf("Parse(preview) = %+v, %v", p, err)
			}
			res, err := p.Files[0].Apply(tt.old, Options{})
			if err != nil {
				t.Fatalf("Apply(preview): %v\n%s", err, preview)
			}
			if res.NewText != tt.new {
				t.Errorf("Apply(preview) = %q, want %q\n%s", res.NewText, tt.new, preview)
			}
		})
	}
}

func TestUnified(t *testing.T) {
	got, err := Unified("a/x", "b/x", "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\n", "a\nB\nc\nd\ne\nf\ng\nh\ni\nJ\nk\n")
	if err != nil {
		t.Fatal(err)
	}
	want := `--- a/x
+++ b/x
@@ -1,5 +1,5 @@
 a
-b
+B
 c
 d
 e
@@ -7,5 +7,5 @@
 g
 h
 i
-j
+J
 k
`
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Unified (-want +got):\n%s", d)
	}
}

// TestGoDiffRoundTrip checks that the fixtures under testdata/roundtrip
// parse, print back byte for byte, and parse again to equal values.
func TestGoDiffRoundTrip(t *testing.T) {
	files, err := filepath.Glob("testdata/roundtrip/*.diff")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			fds, err := diff.ParseMultiFileDiff(data)
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			printed, err := diff.PrintMultiFileDiff(fds)
			if err != nil {
				t.Fatalf("print: %v", err)
			}
			if d := cmp.Diff(string(data), string(printed)); d != "" {
				t.Errorf("print(parse(fixture)) differs (-fixture +printed):\n%s", d)
			}
			again, err := diff.ParseMultiFileDiff(printed)
			if err != nil {
				t.Fatalf("parse printed: %v", err)
			}
			if d := cmp.Diff(fds, again); d != "" {
				t.Errorf("parse(print(parse(fixture))) differs:\n%s", d)
			}
		})
	}
}

// TestParseOurPreviews checks that every corpus preview, parsed by Parse,
// names the files it was made for.
func TestParseOurPreviews(t *testing.T) {
	preview, err := Unified("a/dir/f.go", "b/dir/f.go", "package f\n", "package g\n")
	if err != nil {
		t.Fatal(err)
	}
	p, err := Parse(preview, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Files[0].Name(); got != "dir/f.go" || !strings.HasPrefix(p.Files[0].OrigName, "a/") {
		t.Errorf("Name() = %q, OrigName %q", got, p.Files[0].OrigName)
	}
}
