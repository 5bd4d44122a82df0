package diffing

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestNormalise checks the text handed to go-diff for the shapes of diff
// that models produce.
func TestNormalise(t *testing.T) {
	tests := []struct {
		name   string
		give   string
		forced bool
		want   string
	}{
		{
			name: "counts_recomputed",
			give: "--- a/x\n+++ b/x\n@@ -1,9 +1,1 @@\n a\n-b\n+c\n",
			want: "--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n",
		},
		{
			name: "missing_counts_and_section",
			give: "@@ -3 +3 @@ func f() {\n-x\n+y\n",
			want: "--- a/unnamed-0\n+++ b/unnamed-0\n@@ -3,1 +3,1 @@ func f() {\n-x\n+y\n",
		},
		{
			name: "prose_and_git_lines_dropped",
			give: "Intro.\ndiff --git a/x b/x\nindex 1..2 100644\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\nOutro.\n",
			want: "--- a/x\n+++ b/x\n@@ -1,1 +1,1 @@\n-a\n+b\n",
		},
		{
			name: "git_names_without_headers",
			give: "diff --git a/p.go b/p.go\n@@ -1 +1 @@\n-a\n+b\n",
			want: "--- a/p.go\n+++ b/p.go\n@@ -1,1 +1,1 @@\n-a\n+b\n",
		},
		{
			name: "timestamps_dropped",
			give: "--- a/x\t2024-01-01 10:00:00\n+++ b/x\tnot a time\n@@ -1 +1 @@\n-a\n+b\n",
			want: "--- a/x\n+++ b/x\n@@ -1,1 +1,1 @@\n-a\n+b\n",
		},
		{
			name: "inner_blank_is_context_trailing_dropped",
			give: "@@ -1,3 +1,3 @@\n a\n\n-b\n+c\n\n\n",
			want: "--- a/unnamed-0\n+++ b/unnamed-0\n@@ -1,3 +1,3 @@\n a\n \n-b\n+c\n",
		},
		{
			name: "bullets_after_met_counts",
			give: "@@ -1,2 +1,2 @@\n a\n-b\n+c\n\n- note one\n- note two\n",
			want: "--- a/unnamed-0\n+++ b/unnamed-0\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n",
		},
		{
			name: "blank_then_more_body_after_met_counts",
			give: "@@ -1,2 +1,2 @@\n a\n-b\n+c\n\n d\n+e\n",
			want: "--- a/unnamed-0\n+++ b/unnamed-0\n@@ -1,4 +1,5 @@\n a\n-b\n+c\n \n d\n+e\n",
		},
		{
			name: "unnumbered_header",
			give: "@@ ... @@\n x\n-y\n",
			want: "--- a/unnamed-0\n+++ b/unnamed-0\n@@ -1,2 +1,1 @@\n x\n-y\n",
		},
		{
			name:   "forced_without_header",
			give:   "-old\n+new\n",
			forced: true,
			want:   "--- a/unnamed-0\n+++ b/unnamed-0\n@@ -1,1 +1,1 @@\n-old\n+new\n",
		},
		{
			name: "insertion_with_wrong_count",
			give: "@@ -5,1 +5,2 @@\n+x\n",
			want: "--- a/unnamed-0\n+++ b/unnamed-0\n@@ -4,0 +5,1 @@\n+x\n",
		},
		{
			name: "no_newline_marker_kept",
			give: "@@ -1 +1 @@\n-a\n\\ No newline at end of file\n+b\n",
			want: "--- a/unnamed-0\n+++ b/unnamed-0\n@@ -1,1 +1,1 @@\n-a\n\\ No newline at end of file\n+b\n",
		},
		{
			name: "two_files",
			give: "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n--- a/y\n+++ b/y\n@@ -2 +2 @@\n-c\n+d\n",
			want: "--- a/x\n+++ b/x\n@@ -1,1 +1,1 @@\n-a\n+b\n--- a/y\n+++ b/y\n@@ -2,1 +2,1 @@\n-c\n+d\n",
		},
		{
			name: "header_without_hunks_dropped",
			give: "--- a/x\n+++ b/x\nNothing to change.\n",
			want: "",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lines := strings.Split(strings.TrimSuffix(tt.give, "\n"), "\n")
			got := render(scanDiff(lines, tt.forced))
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("render(scanDiff) (-want +got):\n%s", d)
			}
		})
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		name      string
		give      string
		wantKind  Kind
		wantNames []string // FilePatch.Name of each file, for diffs
		wantCode  string   // for replacements
		wantErr   error
	}{
		{name: "fenced_diff", give: "Here:\n```diff\n--- a/x.go\n+++ b/x.go\n@@ -1 +1 @@\n-a\n+b\n```\nDone.", wantKind: KindDiff, wantNames: []string{"x.go"}},
		{name: "fenced_code", give: "Here:\n```go\nfunc f() {}\n```\nDone.", wantKind: KindReplacement, wantCode: "func f() {}\n"},
		{name: "first_block_wins", give: "```go\na()\n```\nor\n```go\nb()\n```", wantKind: KindReplacement, wantCode: "a()\n"},
		{name: "tilde_fence", give: "~~~\nx := 1\n~~~", wantKind: KindReplacement, wantCode: "x := 1\n"},
		{name: "bare_code", give: "x := 1", wantKind: KindReplacement, wantCode: "x := 1\n"},
		{name: "merged_sections", give: "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n--- a/x\n+++ b/x\n@@ -9 +9 @@\n-c\n+d\n", wantKind: KindDiff, wantNames: []string{"x"}},
		{name: "quoted_names", give: "--- \"a/my file.go\"\n+++ \"b/my file.go\"\n@@ -1 +1 @@\n-a\n+b\n", wantKind: KindDiff, wantNames: []string{"my file.go"}},
		{name: "absolute_names", give: "--- /etc/hosts\n+++ /etc/hosts\n@@ -1 +1 @@\n-a\n+b\n", wantKind: KindDiff, wantNames: []string{"/etc/hosts"}},
		{name: "dotdot_names", give: "--- a/../x\n+++ b/../x\n@@ -1 +1 @@\n-a\n+b\n", wantKind: KindDiff, wantNames: []string{"../x"}},
		{name: "created", give: "--- /dev/null\n+++ b/n.txt\n@@ -0,0 +1 @@\n+hi\n", wantKind: KindDiff, wantNames: []string{"n.txt"}},
		{name: "deleted", give: "--- a/o.txt\n+++ /dev/null\n@@ -1 +0,0 @@\n-bye\n", wantKind: KindDiff, wantNames: []string{"o.txt"}},
		{name: "lua_comment_swap_then_hunk", give: "--- a/m.lua\n+++ b/m.lua\n@@ -1 +1 @@\n--- old\n+++x\n@@ -5 +5 @@\n-a\n+b\n",
			wantErr: ErrMalformed},
		{name: "lua_comment_removed", give: "--- a/m.lua\n+++ b/m.lua\n@@ -1,2 +1,1 @@\n--- old\n x\n@@ -5 +4 @@\n-a\n+b\n",
			wantKind: KindDiff, wantNames: []string{"m.lua"}},
		{name: "prose", give: "The function is already optimal.\n\nNo change is needed here.", wantErr: ErrNoEdit},
		{name: "empty", give: "", wantErr: ErrNoEdit},
		{name: "thinking_only", give: "<think>I should add a diff.</think>", wantErr: ErrNoEdit},
		{name: "too_large", give: strings.Repeat("x", DefaultMaxOutputBytes+1), wantErr: ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse(tt.give, Options{})
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Parse error = %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			if p.Kind != tt.wantKind {
				t.Errorf("Kind = %v, want %v", p.Kind, tt.wantKind)
			}
			var names []string
			for _, f := range p.Files {
				names = append(names, f.Name())
			}
			if d := cmp.Diff(tt.wantNames, names); d != "" {
				t.Errorf("names (-want +got):\n%s", d)
			}
			if p.Replacement != tt.wantCode {
				t.Errorf("Replacement = %q, want %q", p.Replacement, tt.wantCode)
			}
		})
	}
}

func TestParseSizeError(t *testing.T) {
	_, err := Parse(strings.Repeat("x", 11), Options{MaxOutputBytes: 10})
	var se *SizeError
	if !errors.As(err, &se) || se.Size != 11 || se.Limit != 10 {
		t.Fatalf("Parse error = %#v, want *SizeError{Size: 11, Limit: 10}", err)
	}
}

func TestFilePatchFlags(t *testing.T) {
	p, err := Parse("--- /dev/null\n+++ b/n.txt\n@@ -0,0 +1 @@\n+hi\n--- a/o.txt\n+++ /dev/null\n@@ -1 +0,0 @@\n-bye\n", Options{})
	if err != nil {
		t.Fatal(err)
	}
	created, deleted := p.Files[0], p.Files[1]
	if !created.IsCreate() || created.IsDelete() || deleted.IsCreate() || !deleted.IsDelete() {
		t.Errorf("IsCreate/IsDelete wrong: %+v %+v", created, deleted)
	}
	res, err := created.Apply("", Options{})
	if err != nil || res.NewText != "hi\n" {
		t.Errorf("create: %q, %v", res.NewText, err)
	}
	res, err = deleted.Apply("bye\n", Options{})
	if err != nil || res.NewText != "" {
		t.Errorf("delete: %q, %v", res.NewText, err)
	}
}
