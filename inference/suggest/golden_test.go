package suggest

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/lspilot/lspilot/diffing/lang"
	"github.com/lspilot/lspilot/inference/prompt"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// goldenCase is one txtar scenario of testdata/post. Its comment explains the
// case and may set options with "key: value" lines: mode (single, multi),
// family (stop tokens), crlf (true: the document and the model output use
// CRLF line endings). Its files are the document with the cursor marked by
// ‸ (the language follows its extension), "raw" (the model output) and
// "want" (what Process must return). One trailing newline of raw and want
// ends the txtar line and is not part of the text.
type goldenCase struct {
	ar     *txtar.Archive
	doc    *txtar.File
	raw    string
	want   *txtar.File
	opts   map[string]string
	crlf   bool
	family prompt.Family
}

func readGolden(t *testing.T, path string) goldenCase {
	t.Helper()
	ar, err := txtar.ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	g := goldenCase{ar: ar, opts: map[string]string{}}
	for _, l := range strings.Split(string(ar.Comment), "\n") {
		if k, v, ok := strings.Cut(l, ": "); ok && !strings.Contains(k, " ") {
			g.opts[k] = v
		}
	}
	for i := range ar.Files {
		switch f := &ar.Files[i]; f.Name {
		case "raw":
			g.raw = strings.TrimSuffix(string(f.Data), "\n")
		case "want":
			g.want = f
		default:
			g.doc = f
		}
	}
	if g.doc == nil || g.want == nil {
		t.Fatalf("%s needs a document, raw and want", path)
	}
	g.crlf = g.opts["crlf"] == "true"
	g.family = prompt.Family(g.opts["family"])
	return g
}

func (g goldenCase) input() Input {
	doc, raw := string(g.doc.Data), g.raw
	if g.crlf {
		doc, raw = toCRLF(doc), toCRLF(raw)
	}
	in := Input{
		Raw:      raw,
		Text:     strings.Replace(doc, cursorMark, "", 1),
		Cursor:   strings.Index(doc, cursorMark),
		Language: lang.Detect(g.doc.Name),
	}
	switch g.opts["mode"] {
	case "single":
		in.Mode = ModeSingleLine
	case "multi":
		in.Mode = ModeMultiLine
	}
	if tmpl, ok := prompt.Lookup(g.family); ok {
		in.Stop = tmpl.Stop
	}
	return in
}

func toCRLF(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }

func TestProcessGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/post/*.txtar")
	if err != nil || len(files) < 30 {
		t.Fatalf("want at least 30 post-processing scenarios, found %d (%v)", len(files), err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			g := readGolden(t, file)
			in := g.input()
			if in.Cursor < 0 {
				t.Fatalf("no cursor mark in %s", g.doc.Name)
			}
			got := Process(in)
			if g.crlf {
				if strings.Count(got, "\n") != strings.Count(got, "\r\n") {
					t.Errorf("output %q of a CRLF file has bare line feeds", got)
				}
				got = strings.ReplaceAll(got, "\r\n", "\n")
			}
			if *update {
				g.want.Data = []byte(got + "\n")
				if got == "" {
					g.want.Data = nil
				}
				if err := os.WriteFile(file, txtar.Format(g.ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want := strings.TrimSuffix(string(g.want.Data), "\n")
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Process (-want +got):\n%s", diff)
			}
		})
	}
}
