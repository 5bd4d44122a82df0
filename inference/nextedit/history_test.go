package nextedit

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// numbered returns n lines "line 0" to "line n-1".
func numbered(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "line %d\n", i)
	}
	return b.String()
}

// setLine returns text with line i replaced by s.
func setLine(text string, i int, s string) string {
	lines := strings.SplitAfter(text, "\n")
	lines[i] = s + "\n"
	return strings.Join(lines, "")
}

func TestHistoryBounds(t *testing.T) {
	tests := []struct {
		name        string
		cfg         HistoryConfig
		edits       []int // lines changed, one after the other
		wantChanges int   // closed changes and the one being typed, within the bounds
		maxBytes    int
	}{
		{name: "typing in one place is one change", edits: []int{5, 5, 6, 5}, wantChanges: 1},
		{name: "a far edit closes the one before", edits: []int{5, 40}, wantChanges: 2},
		{name: "count bound keeps the latest", cfg: HistoryConfig{MaxChanges: 3},
			edits: []int{0, 10, 20, 30, 40, 50, 60}, wantChanges: 3},
		{name: "byte bound keeps the latest", cfg: HistoryConfig{MaxBytes: 200},
			edits: []int{0, 10, 20, 30, 40, 50, 60}, wantChanges: 1, maxBytes: 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := NewHistory(tt.cfg)
			text := numbered(80)
			h.Observe("s", "u", "a.go", text)
			for i, l := range tt.edits {
				text = setLine(text, l, fmt.Sprintf("edit %d", i))
				h.Observe("s", "u", "a.go", text)
			}
			r := h.Recent("s", "u")
			if len(r.Changes) != tt.wantChanges {
				t.Fatalf("changes = %d, want %d: %+v", len(r.Changes), tt.wantChanges, r.Changes)
			}
			last := r.Changes[len(r.Changes)-1]
			if want := fmt.Sprintf("edit %d\n", len(tt.edits)-1); !strings.Contains(last.New, want) {
				t.Errorf("last change's new lines %q lack %q", last.New, want)
			}
			if tt.maxBytes > 0 {
				n := 0
				for _, c := range r.Changes {
					n += c.size()
				}
				if n > tt.maxBytes {
					t.Errorf("changes take %d bytes, bound %d", n, tt.maxBytes)
				}
			}
		})
	}
}

func TestHistoryChangeIsUnifiedDiff(t *testing.T) {
	h := NewHistory(HistoryConfig{})
	before := "func f(a int) int {\n\treturn a\n}\n"
	after := "func f(b int) int {\n\treturn a\n}\n"
	h.Observe("s", "u", "f.go", before)
	h.Observe("s", "u", "f.go", after)
	r := h.Recent("s", "u")
	want := []Change{{
		Path: "f.go",
		Diff: "@@ -1,2 +1,2 @@\n-func f(a int) int {\n+func f(b int) int {\n \treturn a\n",
		Old:  "func f(a int) int {\n\treturn a\n",
		New:  "func f(b int) int {\n\treturn a\n",
	}}
	if diff := cmp.Diff(want, r.Changes, cmpopts.IgnoreUnexported(Change{})); diff != "" {
		t.Errorf("changes (-want +got):\n%s", diff)
	}
	if r.Original != before {
		t.Errorf("original = %q, want the text before the change", r.Original)
	}
}

func TestHistoryTouchedFiles(t *testing.T) {
	h := NewHistory(HistoryConfig{})
	other := numbered(30)
	h.Observe("s", "other", "other.go", other)
	h.Observe("s", "other", "other.go", setLine(other, 15, "changed"))
	h.Observe("s", "other", "other.go", setLine(setLine(other, 15, "changed"), 2, "far"))
	h.Observe("s", "cur", "cur.go", "package cur\n")
	r := h.Recent("s", "cur")
	if len(r.Touched) != 1 || r.Touched[0].Path != "other.go" || !strings.Contains(r.Touched[0].Text, "far") {
		t.Fatalf("touched = %+v, want other.go around its last change", r.Touched)
	}
	h.Forget("s", "cur")
	h.Forget("s", "other")
	if r := h.Recent("s", "cur"); len(r.Changes) != 0 {
		t.Errorf("a forgotten session keeps %d changes", len(r.Changes))
	}
}

// TestHistoryAcrossDocuments checks that a change still being typed in
// one document is part of the history another document sees, in order.
func TestHistoryAcrossDocuments(t *testing.T) {
	h := NewHistory(HistoryConfig{})
	def := "func Sum(xs []int) int\n"
	use := "total := Sum(nums)\n"
	h.Observe("s", "def", "def.go", def)
	h.Observe("s", "use", "use.go", use)
	h.Observe("s", "def", "def.go", strings.Replace(def, "Sum", "Total", 1))
	h.Observe("s", "use", "use.go", strings.Replace(use, "total", "all", 1))
	r := h.Recent("s", "use")
	if len(r.Changes) != 2 || r.Changes[0].Path != "def.go" || r.Changes[1].Path != "use.go" {
		t.Fatalf("changes = %+v, want def.go's then use.go's", r.Changes)
	}
	if len(r.Touched) != 1 || r.Touched[0].Path != "def.go" || !strings.Contains(r.Touched[0].Text, "Total") {
		t.Errorf("touched = %+v, want def.go as it is now", r.Touched)
	}
}
