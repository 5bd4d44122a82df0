package nextedit

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// goldenInput is a parameter renamed in a signature, with the body still
// using the old name.
var goldenInput = Input{
	Path: "calc/sum.go", Language: "go",
	Changes: []Change{
		{Path: "calc/util.go", Diff: "@@ -3 +3 @@\n-func abs(x int) int {\n+func abs(v int) int {\n",
			Old: "func abs(x int) int {\n", New: "func abs(v int) int {\n"},
		{Path: "calc/sum.go", Diff: "@@ -3,2 +3,2 @@\n-func Sum(xs []int) int {\n+func Sum(values []int) int {\n \ttotal := 0\n",
			Old: "func Sum(xs []int) int {\n\ttotal := 0\n", New: "func Sum(values []int) int {\n\ttotal := 0\n"},
	},
	Related:   []Related{{Path: "calc/util.go", Text: "func abs(v int) int {\n\tif v < 0 {\n"}},
	Before:    "package calc\n\n",
	Region:    "func Sum(values []int) int {\n\ttotal := 0\n\tfor _, x := range xs {\n\t\ttotal += x\n",
	Cursor:    len("func Sum(values"),
	After:     "\t}\n\treturn total\n}\n",
	Original:  "func Sum(xs []int) int {\n\ttotal := 0\n\tfor _, x := range xs {\n\t\ttotal += x\n",
	FileStart: true,
}

// render writes a prompt as text for a golden file.
func render(p Prompt) string {
	var b strings.Builder
	if p.Raw != "" {
		b.WriteString(p.Raw)
	}
	for _, m := range p.Messages {
		b.WriteString("=== " + m.Role + " ===\n" + m.Content + "\n")
	}
	b.WriteString("=== stop ===\n" + strings.Join(p.Stop, "\n") + "\n")
	return b.String()
}

func TestFormatsGolden(t *testing.T) {
	for _, name := range Formats() {
		t.Run(name, func(t *testing.T) {
			f, _ := LookupFormat(name)
			got := render(f.Build(goldenInput))
			file := filepath.Join("testdata", "formats", name+".golden")
			if *update {
				if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("prompt differs (-want +got); rerun with -update if intended:\n%s", diff)
			}
		})
	}
}

// TestFormatsStablePrefix checks that what changes between two requests
// (the region and the change being typed) comes after what does not.
func TestFormatsStablePrefix(t *testing.T) {
	next := goldenInput
	next.Changes = append(append([]Change(nil), goldenInput.Changes[:1]...), Change{Path: "calc/sum.go", Diff: "@@ other @@\n"})
	next.Region = strings.Replace(goldenInput.Region, "xs {", "values {", 1)
	for _, name := range Formats() {
		f, _ := LookupFormat(name)
		a, b := render(f.Build(goldenInput)), render(f.Build(next))
		shared := commonPrefix(a, b)
		if stable := strings.Index(a, "calc/sum.go"); name != FormatChat && name != FormatInstinct && shared < len(render(f.Build(Input{Related: goldenInput.Related})))-64 {
			t.Errorf("%s: only %d bytes shared (first file mention at %d)", name, shared, stable)
		}
		if !strings.Contains(a[:shared], "calc/util.go") {
			t.Errorf("%s: the older edit and related file are not in the shared prefix:\n%s", name, a[:shared])
		}
	}
}

func TestDetectFormat(t *testing.T) {
	tests := []struct{ model, want string }{
		{"sweepai/sweep-next-edit-1.5B", FormatSweep},
		{"hf.co/sweepai/sweep-next-edit-7b:Q8_0", FormatSweep},
		{"zed-industries/zeta", FormatZeta},
		{"zeta:7b-q4", FormatZeta},
		{"zed-industries/zeta2", FormatZeta2},
		{"continuedev/instinct", FormatInstinct},
		{"qwen2.5-coder:7b-instruct", FormatChat},
		{"", FormatChat},
	}
	for _, tt := range tests {
		if got := DetectFormat(tt.model).Name; got != tt.want {
			t.Errorf("DetectFormat(%q) = %s, want %s", tt.model, got, tt.want)
		}
	}
	if _, err := ResolveFormat("zeta3", ""); err == nil {
		t.Error("ResolveFormat accepts an unknown format")
	}
	if f, err := ResolveFormat("auto", "sweep-next-edit-1.5b"); err != nil || f.Name != FormatSweep {
		t.Errorf("ResolveFormat(auto) = %v, %v", f.Name, err)
	}
}

func TestParse(t *testing.T) {
	in := Input{Region: "a := 1\nb := 2\n"}
	tests := []struct {
		format, answer, want string
		wantErr              bool
	}{
		{format: FormatSweep, answer: "a := 1\nb := 3\n", want: "a := 1\nb := 3\n"},
		{format: FormatSweep, answer: "a := 1\nb := 3\n<|file_sep|>junk", want: "a := 1\nb := 3\n"},
		{format: FormatZeta, answer: "```x.go\n<|editable_region_start|>\na := 1<|user_cursor_is_here|>\nb := 3\n", want: "a := 1\nb := 3\n"},
		{format: FormatZeta, answer: "a := 1\nb := 3\n", wantErr: true},
		{format: FormatZeta2, answer: "a := 1\nb<|user_cursor|> := 3", want: "a := 1\nb := 3\n"},
		{format: FormatInstinct, answer: "```go\na := 1\nb := 3\n```", want: "a := 1\nb := 3\n"},
		{format: FormatChat, answer: "Here it is:\n```go\n<|region_start|>\na := 1\nb := 3\n<|region_end|>\n```\nDone.", want: "a := 1\nb := 3\n"},
		{format: FormatChat, answer: "a := 1\nb := 3", want: "a := 1\nb := 3\n"},
	}
	for _, tt := range tests {
		f, _ := LookupFormat(tt.format)
		got, err := f.Parse(tt.answer, in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("%s.Parse(%q) = %q, %v; want %q (error %v)", tt.format, tt.answer, got, err, tt.want, tt.wantErr)
		}
	}
}
